package io.tdxsim.devices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceHarnessTest {

    /**
     * A copy engine as a user might write one: 0x0 source, 0x8 destination, 0x10 length, a write
     * to 0x18 starts a copy that takes 1ns a byte (a timer), then raises line 3; 0x20 status
     * (1 busy, 2 done, 4 DMA refused). The start costs 50ns of service on top of the minimum.
     */
    static final class CopyEngine implements MmioDevice {
        long src;
        long dst;
        long len;
        long status;

        @Override
        public long read(long offset, int size, AccessContext ctx) {
            return offset == 0x20 ? status : 0;
        }

        @Override
        public void write(long offset, int size, long value, AccessContext ctx) {
            if (offset == 0x0) src = value;
            if (offset == 0x8) dst = value;
            if (offset == 0x10) len = value;
            if (offset == 0x18) {
                ctx.addServiceNs(50);
                status = 1;
                ctx.scheduleTimer(ctx.nowNs() + len, this::finish);
            }
            if (offset == 0x20) {
                status = 0;
                ctx.interrupts().line(3, false);
            }
        }

        private void finish(AccessContext ctx) {
            byte[] data = new byte[(int) len];
            boolean ok = ctx.dma().read(src, data, 0, data.length) && ctx.dma().write(dst, data, 0, data.length);
            status = ok ? 2 : 4;
            ctx.interrupts().line(3, true);
        }

        @Override
        public AccessContract contract() {
            return AccessContract.sizes(4, 8).aligned().implementing(4, 4);
        }

        @Override
        public Map<String, Object> snapshot() {
            return Map.of("status", status);
        }
    }

    private final DeviceHarness h = DeviceHarness.of(new CopyEngine()).service(100);

    private void start(long src, long dst, long len) {
        h.writeq(0x0, src).writeq(0x8, dst).writeq(0x10, len).writel(0x18, 1);
    }

    @Test
    void aTimedDmaCopyCompletesWhenTheClockReachesItAndRaisesItsLine() {
        h.memory().share(0x10000, 0x2000);
        h.memory().poke(0x10000, new byte[] {1, 2, 3, 4});
        start(0x10000, 0x11000, 4);
        assertEquals(1, h.readl(0x20), "busy until the timer fires");
        h.step(3);
        assertEquals(1, h.readl(0x20));
        assertFalse(h.lineHigh(3));
        h.step(1);
        assertEquals(2, h.readl(0x20));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, h.memory().peek(0x11000, 4));
        assertEquals(List.of(new DeviceHarness.Interrupt(4, false, 3, true)), h.interrupts());
        assertEquals(List.of(new HarnessMemory.Transfer(4, false, 0x10000, 4, false),
                new HarnessMemory.Transfer(4, true, 0x11000, 4, false)), h.memory().transfers());
        h.writel(0x20, 0);
        assertFalse(h.lineHigh(3), "the acknowledge lowers the line");
        assertEquals(2, h.interrupts().size());
    }

    @Test
    void aDmaTouchingAPrivatePageIsRefusedAndMovesNothing() {
        h.memory().share(0x10000, 0x1000);             // the destination page stays private
        h.memory().poke(0x10ffe, new byte[] {9, 9, 9, 9});
        start(0x10ffe, 0x20000, 4);                    // the source runs into a private page too
        assertTrue(h.stepToNextTimer());
        assertEquals(4, h.readl(0x20));
        assertEquals(1, h.memory().refusedTransfers());
        assertArrayEquals(new byte[4], h.memory().peek(0x20000, 4));
    }

    @Test
    void theServiceTimeIsTheMinimumPlusWhatTheModelAdds() {
        start(0, 0, 8);
        List<DeviceHarness.Access> a = h.accesses();
        assertEquals(150, h.lastAccess().serviceNs(), "the start adds 50ns");
        assertEquals(100, a.get(0).serviceNs());
        assertThrows(IllegalArgumentException.class, () -> new CopyEngine().write(0x18, 4, 1, new AccessContext() {
            public long nowNs() { return 0; }
            public int vcpu() { return 0; }
            public DeviceLog log() { return DeviceLog.DISCARD; }
            public void addServiceNs(long ns) { throw new IllegalArgumentException(); }
        }));
    }

    @Test
    void accessesGoThroughTheContract() {
        h.writeq(0x0, 0x1122334455667788L);
        assertEquals(0x55667788L, ((CopyEngine) h.model()).src,
                "an 8-byte write reaches a 4-byte model as two halves: the low one at 0x0, the high one at 0x4");
        assertEquals(0, h.readw(0x20));
        assertEquals(ContractedAccess.Verdict.REJECTED_SIZE, h.lastAccess().verdict());
        h.fromVcpu(5).readl(0x1c + 2);
        assertEquals(ContractedAccess.Verdict.REJECTED_ALIGNMENT, h.lastAccess().verdict());
        assertEquals(5, h.lastAccess().vcpu());
    }

    @Test
    void timersFireInTimeOrderAndCanBeCancelled() {
        StringBuilder fired = new StringBuilder();
        MmioDevice m = new MmioDevice() {
            long pending;
            public long read(long offset, int size, AccessContext ctx) {
                return ctx.cancelTimer(pending) ? 1 : 0;
            }
            public void write(long offset, int size, long value, AccessContext ctx) {
                pending = ctx.scheduleTimer(ctx.nowNs() + value, t -> fired.append(value).append('@').append(t.nowNs()).append(' '));
            }
        };
        DeviceHarness t = DeviceHarness.of(m);
        t.writel(0, 30).writel(0, 10).writel(0, 20);
        assertEquals(1, t.readl(0), "the last one set is cancelled");
        assertEquals(0, t.readl(0), "and cannot be cancelled twice");
        t.step(100);
        assertEquals("10@10 30@30 ", fired.toString());
        assertEquals(100, t.nowNs());
        assertFalse(t.stepToNextTimer());
        t.writel(0, 0);
        assertEquals(1, t.pendingTimers());
        t.step(0);
        assertEquals(0, t.pendingTimers(), "a timer due now fires on a zero step");
    }
}
