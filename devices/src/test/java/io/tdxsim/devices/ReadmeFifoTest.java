package io.tdxsim.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's Fifo model and its harness examples, kept true. */
class ReadmeFifoTest {

    static final class Fifo implements MmioDevice {
        private final ArrayDeque<Long> queue = new ArrayDeque<>();
        private final int depth;

        Fifo(DeviceParams params) { depth = params.getInt("depth", 8); }

        public long read(long offset, int size, AccessContext ctx) {
            if (offset == 8) return queue.size();
            Long v = queue.pollFirst();
            return v == null ? 0 : v;
        }

        public void write(long offset, int size, long value, AccessContext ctx) {
            if (offset == 0 && queue.size() < depth) queue.addLast(value);
        }

        public AccessContract contract() { return AccessContract.sizes(4, 8).aligned(); }

        public Map<String, Object> snapshot() { return Map.of("level", queue.size()); }
    }

    @Test
    void theReadmeExampleHolds() {
        DeviceHarness h = DeviceHarness.of(new Fifo(DeviceParams.of(Map.of("depth", 2)))).service(200);
        h.writel(0x0, 7).writel(0x0, 8).writel(0x0, 9);
        assertEquals(2, h.readl(0x8));
        assertEquals(7, h.fromVcpu(3).readl(0x0));
        assertEquals(ContractedAccess.Verdict.REJECTED_SIZE, h.writeb(0x0, 1).lastAccess().verdict());
        h.step(1_000);
        assertEquals(Map.of("level", 1), h.snapshot());
        assertEquals(200, h.lastAccess().serviceNs());
        assertEquals(1_000, h.nowNs());
    }

    @Test
    void theReadmeDmaExampleHolds() {
        DeviceHarness h = DeviceHarness.of(new EduDevice(DeviceParams.empty()));
        h.memory().share(0x200000, 4096).poke(0x200000, new byte[] {1, 2, 3, 4});
        h.writeq(0x80, 0x200000).writeq(0x88, 0x40000).writeq(0x90, 4).writeq(0x98, 1 | 4);
        assertEquals(1, h.readq(0x98) & 1);                      // START: the transfer is under way
        h.step(4);                                               // 1ns a byte: its timer fires
        assertEquals(0, h.readq(0x98) & 1);
        org.junit.jupiter.api.Assertions.assertTrue(h.lineHigh(0));
        assertEquals(0x04030201L, h.snapshot().get("dma-buffer-q0"));
    }
}
