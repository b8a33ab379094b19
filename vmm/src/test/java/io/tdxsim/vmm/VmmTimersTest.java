package io.tdxsim.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.vmm.engine.CostModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Device timers as engine events: their place in the order, and when a run's last ones fire. */
class VmmTimersTest {

    private static final long SHARED = 1L << 47;
    private static final long DEV = 0xfe000000L;
    private static final CostModel COSTS = new CostModel(1, 2000, 4000, 300, false);
    private static final long NONE = ModelTimers.NONE;

    /** What the core sent out, in order: "call V@vt" to the device, "timer D@vt" firings. */
    private static final class Events implements VmmCore.Outbox<String> {
        final List<String> log = new ArrayList<>();
        final List<TdVmCall> routed = new ArrayList<>();

        @Override
        public void toDevice(String device, TdVmCall call, long offset, long vmmStartVt, long arriveVt) {
            log.add("call " + call.vcpu() + "@" + call.vt());
            routed.add(call);
        }

        @Override
        public void toVcpu(TdVmCall call, TdVmCallResult result) {
        }

        @Override
        public void fireTimers(String device, int index, long vt) {
            log.add("timer " + index + "@" + vt);
        }

        @Override
        public void grant(MemoryTurn turn) {
            log.add("turn " + turn.vcpu() + "@" + turn.vt());
        }
    }

    private static VmmCore<String> core(long window, int vcpus) {
        return core(window, vcpus, COSTS);
    }

    private static VmmCore<String> core(long window, int vcpus, CostModel costs) {
        AddressMap<String> map = AddressMap.<String>builder().add("dev", DEV, 4096, "dev").build();
        return new VmmCore<>(new VmmSettings(48, UnassignedPolicy.ERROR, window, vcpus, 1, costs, 0, 0, 0, 0), map);
    }

    private static TdVmCall read(int vcpu, long seq, long vt) {
        return TdVmCall.mmio(vcpu, seq, vt - 4000, vt, 4, false, DEV | SHARED, 0, null);
    }

    private static void serve(VmmCore<String> core, TdVmCall call, long doneVt, Events out) {
        core.served(call, call.vt(), call.vt() + 300, 0, DevicePort.Status.OK, 0, call.vt() + 300, doneVt, out);
    }

    @Test
    void aTimerSetDuringAnAccessFiresBeforeEveryLaterEventOfTheEngine() {
        VmmCore<String> core = core(0, 2);
        core.talksBack("dev");
        Events out = new Events();
        TdVmCall first = read(0, 1, 1000);
        core.call(first, out);
        core.call(read(1, 1, 5000), out);
        assertEquals(List.of("call 0@1000"), out.log, "vCPU 0's access may still set something before 5us");
        core.timers(0, "dev", 1500, false, out);         // what that access set, told before its answer
        serve(core, first, 1400, out);
        assertEquals(List.of("call 0@1000", "timer 0@1500"), out.log, "vCPU 1 waits while the timer fires");
        core.timers(0, "dev", NONE, true, out);
        assertEquals(List.of("call 0@1000", "timer 0@1500", "call 1@5000"), out.log);
        assertEquals(1, core.timerEvents());
    }

    @Test
    void withoutTalksBackTheEngineLetsLaterCallsOvertakeWhatAnAccessSets() {
        VmmCore<String> core = core(0, 2);
        Events out = new Events();
        core.call(read(0, 1, 1000), out);
        core.call(read(1, 1, 5000), out);
        assertEquals(List.of("call 0@1000", "call 1@5000"), out.log, "bounded by the answer, not the start");
    }

    @Test
    void aTimerDueAfterTheLastVcpuEndedNeverFiresAndTheRunNeedNotWait() {
        VmmCore<String> core = core(0, 1);
        core.talksBack("dev");
        Events out = new Events();
        TdVmCall call = read(0, 1, 1000);
        core.call(call, out);
        core.timers(0, "dev", 50_000, false, out);
        serve(core, call, 1400, out);
        core.finished(0, 20_000, out);
        assertEquals(List.of("call 0@1000"), out.log, "no vCPU got as far as 50us");
        assertFalse(core.timersSettling());
    }

    @Test
    void timersDueBeforeTheLastVcpusEndFireInOrderAndHoldTheRunsFiguresBack() {
        VmmCore<String> core = core(0, 1);
        core.talksBack("dev");
        Events out = new Events();
        TdVmCall call = read(0, 1, 1000);
        core.call(call, out);
        core.timers(0, "dev", 30_000, false, out);
        serve(core, call, 1400, out);
        core.finished(0, 60_000, out);
        assertEquals("timer 0@30000", out.log.get(out.log.size() - 1));
        assertTrue(core.timersSettling(), "its device has not said it fired");
        core.timers(0, "dev", 40_000, true, out);        // a periodic timer sets its next
        assertEquals("timer 0@40000", out.log.get(out.log.size() - 1));
        core.timers(0, "dev", 70_000, true, out);        // beyond the end: left pending
        assertFalse(core.timersSettling());
        assertEquals(3, out.log.size());
    }

    @Test
    void aTimerThatMovesEarlierIsReorderedAndACancelledOneNeverFires() {
        VmmCore<String> core = core(0, 2);
        core.talksBack("dev");
        Events out = new Events();
        TdVmCall first = read(0, 1, 1000);
        core.call(first, out);
        core.timers(0, "dev", 9_000, false, out);
        core.timers(0, "dev", 1_500, false, out);         // set again, sooner
        serve(core, first, 1400, out);
        core.call(read(1, 1, 5000), out);
        assertEquals(List.of("call 0@1000", "timer 0@1500"), out.log);
        core.timers(0, "dev", 6_000, true, out);
        core.timers(0, "dev", NONE, false, out);          // cancelled by an access: it never fires
        assertEquals(List.of("call 0@1000", "timer 0@1500", "call 1@5000"), out.log);
    }

    /**
     * With vCPUs taking turns on shared memory, an access that may do DMA and a timer take turns
     * too (a window lets the engine release them all at once, so only the turns order them).
     */
    @Test
    void accessesAndTimersOfADeviceThatTalksBackTakeTurnsWithTheVcpusOnSharedMemory() {
        VmmCore<String> core = core(100_000, 2, new CostModel(1, 2000, 4000, 300, false, true));
        core.talksBack("dev");
        Events out = new Events();
        core.turn(new MemoryTurn(1, 1, 900, null), out);
        TdVmCall call = read(0, 1, 1000);
        core.call(call, out);
        assertEquals(List.of("turn 1@900"), out.log, "the access waits while vCPU 1 executes on memory");
        core.memoryDone(1, 950, out);
        assertEquals(List.of("turn 1@900", "call 0@1000"), out.log);
        core.turn(new MemoryTurn(1, 2, 1100, null), out);
        core.timers(0, "dev", 1200, false, out);
        assertEquals(2, out.log.size(), "vCPU 1's load waits: the device may be writing its memory");
        serve(core, call, 1400, out);
        assertEquals(List.of("turn 1@900", "call 0@1000", "turn 1@1100"), out.log);
        core.memoryDone(1, 1150, out);
        core.turn(new MemoryTurn(1, 3, 1300, null), out);
        assertEquals(List.of("turn 1@900", "call 0@1000", "turn 1@1100", "timer 0@1200"), out.log,
                "the timer's turn, before the later load");
        core.timers(0, "dev", NONE, true, out);
        assertEquals("turn 1@1300", out.log.get(4));
    }

    @Test
    void withoutAnEngineOrderATimerFiresOnceACallShowsVirtualTimeGotThere() {
        VmmCore<String> core = core(VmmSettings.FREE, 2);
        Events out = new Events();
        core.timers(0, "dev", 3_000, false, out);
        core.call(read(0, 1, 2_000), out);
        assertEquals(List.of("call 0@2000"), out.log);
        core.call(read(1, 1, 3_000), out);
        assertEquals(List.of("call 0@2000", "call 1@3000", "timer 0@3000"), out.log);
    }
}
