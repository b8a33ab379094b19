package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompareCommandTest {

    @Test
    void thePageCrossingStoreEndsDifferentlyUnderEachProfile() {
        Cli.Outcome o = Cli.execute("compare", ShippedScenarios.directory().resolve("review-page-crossing.conf").toString());
        assertEquals(0, o.exit(), o::toString);
        String out = o.out();
        assertTrue(out.contains("linux") && out.contains("rfc-v2") && out.contains("architectural"), out);
        assertTrue(out.matches("(?s).*outcomes\\s+\\{OOPS=1}\\s+\\{HALTED=1}\\s+\\{HALTED=1}.*"), out);
        // architectural splits the store: 0x34 lands in RAM, read back into RAX; the others leave RAX alone
        assertTrue(out.matches("(?s).*\\n  rax\\s+0x0\\s+0x0\\s+0x34\\n.*"), out);
        // the device gets 0x1234 whole under rfc-v2 and only 0x12 from the CPU; q0 is register contents: hex
        assertTrue(out.matches("(?s).*\\n  q0\\s+0x0\\s+0x1234\\s+0x12\\n.*"), out);
    }

    @Test
    void anUnknownProfileIsBadInput() {
        Cli.Outcome o = Cli.execute("compare", "--profiles", "linux,bsd");
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("'bsd'"), o::toString);
    }
}
