package io.tdxsim.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScratchDeviceTest {

    private final TestContext ctx = TestContext.at(0);

    @Test
    void readsReturnBytesLastWrittenLittleEndian() {
        ScratchDevice scratch = new ScratchDevice(DeviceParams.empty());
        scratch.write(0, 4, 0x11223344L, ctx);
        scratch.write(2, 1, 0xAA, ctx);
        assertEquals(0x11AA3344L, scratch.read(0, 4, ctx));
        assertEquals(0x11AAL, scratch.read(2, 2, ctx));
    }

    @Test
    void snapshotDoesNotCountAsARead() {
        ScratchDevice scratch = new ScratchDevice(DeviceParams.empty());
        scratch.write(0, 8, 5, ctx);
        assertEquals(5L, scratch.snapshot().get("q0"));
        assertEquals(0L, scratch.snapshot().get("reads"));
    }

    @Test
    void contractComesFromParams() {
        ScratchDevice scratch = new ScratchDevice(DeviceParams.of(Map.of(
                "valid-min", 4, "valid-max", 4, "impl-max", 1, "aligned", true, "on-violation", "ignore")));
        AccessContract c = scratch.contract();
        assertTrue(c.accepts(4, 4));
        assertFalse(c.accepts(2, 4));
        assertFalse(c.accepts(0, 1));
        assertEquals(1, c.implMax());
        assertEquals(AccessContract.Violation.IGNORE, c.onViolation());
    }
}
