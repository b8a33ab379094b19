package io.tdxsim.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class WriteFailureTest {

    @Test
    void systemReasonAlone() {
        assertEquals("No space left on device",
                WriteFailure.describe(new FileSystemException("/out/.report.json.1.tmp", null, "No space left on device")));
    }

    @Test
    void aBarePathGetsItsKind() {
        assertEquals("access denied: /out", WriteFailure.describe(new AccessDeniedException("/out")));
    }

    @Test
    void alwaysOneLine() {
        assertEquals("first second", WriteFailure.describe(new IOException("first\n  second\n")));
    }
}
