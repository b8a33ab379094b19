package io.tdxsim.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's model that talks back (a timer, DMA, an interrupt line) and its harness example, kept true. */
class ReadmeStampTest {

    static final class Stamp implements MmioDevice {
        private long stamps;

        Stamp(DeviceParams params) { }

        public boolean talksBack() { return true; }

        public long read(long offset, int size, AccessContext ctx) {
            ctx.interrupts().line(0, false);
            return stamps;
        }

        public void write(long offset, int size, long gpa, AccessContext ctx) {
            ctx.scheduleTimer(ctx.nowNs() + 1_000, later -> {
                if (later.dma().writeLong(gpa, 8, later.nowNs())) {
                    stamps++;
                    later.interrupts().line(0, true);
                }
            });
        }

        public AccessContract contract() { return AccessContract.sizes(8, 8).aligned(); }

        public Map<String, Object> snapshot() { return Map.of("stamps", stamps); }
    }

    @Test
    void theReadmeExampleHolds() {
        DeviceHarness h = DeviceHarness.of(new Stamp(DeviceParams.empty()));
        h.memory().share(0x200000, 4096);
        h.step(500).writeq(0x0, 0x200000);
        h.step(999);
        assertFalse(h.lineHigh(0));
        h.step(1);
        assertTrue(h.lineHigh(0));
        assertEquals(1_500, ByteBuffer.wrap(h.memory().peek(0x200000, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong());
        assertEquals(1, h.readq(0x8));
        assertFalse(h.lineHigh(0));
    }

    @Test
    void aStampIntoPrivateMemoryIsRefusedAndRaisesNothing() {
        DeviceHarness h = DeviceHarness.of(new Stamp(DeviceParams.empty()));
        h.writeq(0x0, 0x300000).step(1_000);
        assertEquals(Map.of("stamps", 0L), h.snapshot());
        assertTrue(h.interrupts().isEmpty());
        assertEquals(1, h.memory().refusedTransfers());
    }
}
