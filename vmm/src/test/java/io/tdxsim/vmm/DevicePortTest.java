package io.tdxsim.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.AccessContract;
import io.tdxsim.devices.DeviceParams;
import io.tdxsim.devices.MmioDevice;
import io.tdxsim.devices.ScratchDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevicePortTest {

    /** A testdev-like register file that implements only byte accesses and logs what it sees. */
    private static final class ByteOnly implements MmioDevice {
        final ScratchDevice bytes = new ScratchDevice(DeviceParams.empty());
        final List<String> seen = new ArrayList<>();

        @Override
        public long read(long offset, int size, AccessContext ctx) {
            seen.add("r" + size + "@" + offset);
            return bytes.read(offset, size, ctx);
        }

        @Override
        public void write(long offset, int size, long value, AccessContext ctx) {
            seen.add("w" + size + "@" + offset + "=" + Long.toHexString(value));
            bytes.write(offset, size, value, ctx);
        }

        @Override
        public AccessContract contract() {
            return AccessContract.sizes(1, 8).implementing(1, 1);
        }
    }

    @Test
    void wideAccessToAByteOnlyModelIsSplitIntoBytesAndRecombinedLittleEndian() {
        ByteOnly dev = new ByteOnly();
        DevicePort port = new DevicePort(dev);
        long[] out = new long[1];
        assertEquals(DevicePort.Status.OK, port.access(0x10, 4, true, 0x12345678L, null, out));
        assertEquals(List.of("w1@16=78", "w1@17=56", "w1@18=34", "w1@19=12"), dev.seen);
        dev.seen.clear();
        assertEquals(DevicePort.Status.OK, port.access(0x10, 4, false, 0, null, out));
        assertEquals(0x12345678L, out[0]);
        assertEquals(List.of("r1@16", "r1@17", "r1@18", "r1@19"), dev.seen);
    }

    @Test
    void narrowAccessToAWordOnlyModelIsWidenedAndTheRightBytesReturned() {
        ScratchDevice scratch = new ScratchDevice(DeviceParams.of(Map.of("valid-min", 1)));
        scratch.write(0, 4, 0xAABBCCDDL, null);
        MmioDevice wordOnly = new MmioDevice() {
            @Override
            public long read(long offset, int size, AccessContext ctx) {
                assertEquals(4, size);
                return scratch.read(offset, size, ctx);
            }

            @Override
            public void write(long offset, int size, long value, AccessContext ctx) {
                scratch.write(offset, size, value, ctx);
            }

            @Override
            public AccessContract contract() {
                return AccessContract.sizes(1, 4).implementing(4, 4);
            }
        };
        long[] out = new long[1];
        assertEquals(DevicePort.Status.OK, new DevicePort(wordOnly).access(2, 1, false, 0, null, out));
        assertEquals(0xBBL, out[0]);
    }

    @Test
    void contractViolationsAreRejectedOrIgnoredAsTheDeviceDeclares() {
        long[] out = new long[1];
        DevicePort strict = new DevicePort(new ScratchDevice(DeviceParams.of(Map.of("valid-max", 4, "aligned", true))));
        assertEquals(DevicePort.Status.REJECTED_SIZE, strict.access(0, 8, false, 0, null, out));
        assertEquals(DevicePort.Status.REJECTED_ALIGNMENT, strict.access(2, 4, false, 0, null, out));
        DevicePort lenient = new DevicePort(new ScratchDevice(DeviceParams.of(
                Map.of("valid-max", 4, "on-violation", "ignore"))));
        assertEquals(DevicePort.Status.IGNORED, lenient.access(0, 8, false, 0, null, out));
        assertEquals(-1L, out[0], "an ignored read reads as all ones");
    }
}
