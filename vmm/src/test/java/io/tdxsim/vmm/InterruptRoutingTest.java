package io.tdxsim.vmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.vmm.engine.CostModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Interrupt routes, Instruction.HLT and the dispatch-order gate of deterministic mode, without actors. */
class InterruptRoutingTest {

    private static final long SHARED = 1L << 47;
    private static final long DEV = 0xfe000000L;
    private static final CostModel COSTS = new CostModel(1, 2000, 4000, 300, false);

    private record Answered(TdVmCall call, TdVmCallResult result) { }

    private static final class Recorder implements VmmCore.Outbox<String> {
        final List<TdVmCall> routed = new ArrayList<>();
        final List<Answered> answered = new ArrayList<>();
        boolean horizon;

        @Override
        public void horizonReached() {
            horizon = true;
        }

        @Override
        public void toDevice(String device, TdVmCall call, long offset, long vmmStartVt, long arriveVt) {
            routed.add(call);
        }

        @Override
        public void toVcpu(TdVmCall call, TdVmCallResult result) {
            answered.add(new Answered(call, result.copy()));   // the core may hand over its scratch
        }

        final List<Long> fired = new ArrayList<>();

        @Override
        public void fireTimers(String device, int index, long vt) {
            fired.add(vt);
        }
    }

    private static VmmCore<String> core(long window, int vcpus, InterruptRouter.Route route) {
        AddressMap<String> map = AddressMap.<String>builder().add("dev", DEV, 4096, "dev").build();
        VmmCore<String> core = new VmmCore<>(new VmmSettings(48, UnassignedPolicy.ERROR, window, vcpus, 1, COSTS, 0, 0,
                0, 0), map);
        if (route != null) {
            core.routeInterrupts(new InterruptRouter(new InterruptRouter.Route[] {route}, vcpus));
        }
        return core;
    }

    private static TdVmCall read(int vcpu, long seq, long vt) {
        return TdVmCall.mmio(vcpu, seq, vt - 4000, vt, 4, false, DEV | SHARED, 0, null);
    }

    private static TdVmCall hlt(int vcpu, long seq, long vt, boolean blocked) {
        return TdVmCall.hlt(vcpu, seq, vt - 2000, vt, blocked, false, null);
    }

    private static void served(VmmCore<String> core, TdVmCall call, long doneVt, int[] raised, Recorder out) {
        core.served(call, call.vt(), call.vt() + 300, 0, DevicePort.Status.OK, 7, call.vt() + 300, doneVt, raised, out);
    }

    @Test
    void aLineRaisedForASleepingVcpuWakesItWithTheVectorAtTheRaiseTime() {
        VmmCore<String> core = core(0, 3, new InterruptRouter.Route(0x40, new int[] {1}));
        Recorder out = new Recorder();
        core.finished(2, out);
        core.call(hlt(1, 1, 1000, false), out);
        TdVmCall read = read(0, 1, 2000);
        core.call(read, out);
        assertEquals(List.of(read), out.routed);
        assertTrue(out.answered.isEmpty(), "vCPU 1 sleeps: nothing is pending for it");
        served(core, read, 5000, new int[] {InterruptRouter.lineCode(2)}, out);
        assertEquals(2, out.answered.size());
        Answered woken = out.answered.get(0);
        assertEquals(1, woken.call().vcpu());
        assertEquals(5000, woken.result().vt());
        assertArrayEquals(new int[] {0x42}, woken.result().vectors(), "line 2 arrives as vector 0x40 + 2");
        assertNull(out.answered.get(1).result().vectors(), "the route lists vCPU 1 only");
        assertEquals(1, core.finalStats().halts);
        assertEquals(1, core.finalStats().interruptsDelivered);
    }

    @Test
    void deterministicModeHandlesAnswersInDispatchOrderSoEachCarriesTheSameVectors() {
        for (boolean reversed : new boolean[] {false, true}) {
            VmmCore<String> core = core(0, 2, new InterruptRouter.Route(0x50, null));
            Recorder out = new Recorder();
            TdVmCall first = read(0, 1, 1000);
            TdVmCall second = read(1, 1, 1100);
            core.call(first, out);
            core.call(second, out);
            assertEquals(List.of(first, second), out.routed);
            int[] msi = {InterruptRouter.msiCode(0x60)};
            if (reversed) {
                served(core, second, 9000, null, out);
                assertTrue(out.answered.isEmpty(), "the answer waits for the call dispatched before it");
                served(core, first, 8000, msi, out);
            } else {
                served(core, first, 8000, msi, out);
                served(core, second, 9000, null, out);
            }
            assertEquals(List.of(0, 1), out.answered.stream().map(a -> a.call().vcpu()).toList());
            assertArrayEquals(new int[] {0x60}, out.answered.get(0).result().vectors());
            assertArrayEquals(new int[] {0x60}, out.answered.get(1).result().vectors(),
                    "raised at 8000, before the second answer's 9000, whichever device answered first");
        }
    }

    @Test
    void aVectorRaisedAfterAnAnswerWaitsForTheNextOne() {
        VmmCore<String> core = core(VmmSettings.FREE, 2, new InterruptRouter.Route(0x50, new int[] {1}));
        Recorder out = new Recorder();
        TdVmCall raising = read(0, 1, 1000);
        core.call(raising, out);
        served(core, raising, 20_000, new int[] {InterruptRouter.lineCode(0)}, out);
        TdVmCall early = read(1, 1, 2000);
        core.call(early, out);
        served(core, early, 6000, null, out);
        assertNull(out.answered.get(1).result().vectors(), "raised at 20us: not yet at 6us");
        TdVmCall later = read(1, 2, 30_000);
        core.call(later, out);
        served(core, later, 34_000, null, out);
        assertArrayEquals(new int[] {0x50}, out.answered.get(2).result().vectors());
    }

    @Test
    void aBlockedHaltIsNotWokenAndEveryoneAsleepEndsTheRun() {
        VmmCore<String> core = core(0, 2, new InterruptRouter.Route(0x40, null));
        Recorder out = new Recorder();
        core.call(hlt(0, 1, 1000, true), out);
        TdVmCall read = read(1, 1, 2000);
        core.call(read, out);
        served(core, read, 5000, new int[] {InterruptRouter.lineCode(0)}, out);
        assertEquals(1, out.answered.size(), "interrupts blocked: vCPU 0 sleeps on");
        assertEquals(1, out.answered.get(0).call().vcpu());
        core.finished(1, out);
        assertEquals(2, out.answered.size(), "vCPU 1 ended: nothing can wake vCPU 0 any more");
        assertEquals(0, out.answered.get(1).call().vcpu());
        assertTrue(out.answered.get(1).result().idle(), "answered as idle: the run is over");
        assertNull(out.answered.get(1).result().vectors());
    }

    @Test
    void aSleeperCountsAsHeldWhenTheOthersReachTheHorizon() {
        AddressMap<String> map = AddressMap.<String>builder().add("dev", DEV, 4096, "dev").build();
        VmmCore<String> core = new VmmCore<>(new VmmSettings(48, UnassignedPolicy.ERROR, 0, 2, 1, COSTS, 0, 0,
                50_000, 0), map);
        Recorder out = new Recorder();
        core.call(hlt(0, 1, 1000, true), out);
        assertFalse(out.horizon);
        core.call(read(1, 1, 60_000), out);
        assertTrue(out.horizon, "vCPU 1 is held at the horizon and vCPU 0 sleeps for good: the run can go no further");
    }

    @Test
    void withoutRoutesAHaltWithNothingElseRunningEndsAtOnce() {
        VmmCore<String> core = core(VmmSettings.FREE, 1, null);
        Recorder out = new Recorder();
        core.call(hlt(0, 1, 1000, false), out);
        assertEquals(1, out.answered.size());
        assertTrue(out.answered.get(0).result().idle());
    }

    @Test
    void aHaltWithAVectorWaitingInTheVcpuReturnsAtOnce() {
        VmmCore<String> core = core(VmmSettings.FREE, 2, new InterruptRouter.Route(0x40, null));
        Recorder out = new Recorder();
        core.call(TdVmCall.hlt(0, 1, 1000, 3000, false, true, null), out);
        assertEquals(1, out.answered.size(), "KVM sees the virtual APIC's pending vector and resumes the vCPU");
        assertFalse(out.answered.get(0).result().idle());
    }

    /** vCPU 0 sets a device timer for 50us during an access, then sleeps: nothing else runs. */
    private static VmmCore<String> asleepWithATimerPending(long window, Recorder out) {
        VmmCore<String> core = core(window, 1, new InterruptRouter.Route(0x40, null));
        core.talksBack("dev");
        TdVmCall kick = read(0, 1, 1000);
        core.call(kick, out);
        core.timers(0, "dev", 50_000, false, out);
        served(core, kick, 1400, null, out);
        core.call(hlt(0, 2, 3000, false), out);
        return core;
    }

    @Test
    void aRoutedTimerFiresWhileEveryVcpuSleepsAndItsInterruptWakesTheSleeper() {
        for (long window : new long[] {0, VmmSettings.FREE}) {
            Recorder out = new Recorder();
            VmmCore<String> core = asleepWithATimerPending(window, out);
            assertEquals(List.of(50_000L), out.fired, "a sleeper's clock runs on to the timer");
            assertEquals(1, out.answered.size(), "still asleep while the firing is out");
            core.timers(0, "dev", ModelTimers.NONE, true, new int[] {InterruptRouter.lineCode(0)}, 50_000, out);
            assertEquals(2, out.answered.size());
            TdVmCallResult woken = out.answered.get(1).result();
            assertFalse(woken.idle());
            assertArrayEquals(new int[] {0x40}, woken.vectors());
            assertTrue(woken.vt() >= 50_000, "woken at the timer's time: " + woken.vt());
        }
    }

    @Test
    void aFiringThatWakesNobodyEndsTheRunWithTheSleeperHalted() {
        for (long window : new long[] {0, VmmSettings.FREE}) {
            Recorder out = new Recorder();
            VmmCore<String> core = asleepWithATimerPending(window, out);
            core.timers(0, "dev", 60_000, true, null, 50_000, out);     // periodic, raising nothing
            assertEquals(List.of(50_000L), out.fired, "the next period does not fire: no one could take it");
            assertEquals(2, out.answered.size());
            assertTrue(out.answered.get(1).result().idle(), "nothing left could wake it");
        }
    }
}
