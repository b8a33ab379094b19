package io.tdxsim.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.vmm.engine.CostModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The VMM's logic without actors: ordering, servers, timeouts and status mapping. */
class VmmCoreTest {

    private static final long SHARED = 1L << 47;
    private static final long DEV = 0xfe000000L;
    private static final CostModel COSTS = new CostModel(1, 2000, 4000, 300, false);
    private static final CostModel SHARING = new CostModel(1, 2000, 4000, 300, false, true);

    private record Routed(String device, TdVmCall call, long offset, long vmmStart, long arrive) { }

    private record Answered(TdVmCall call, TdVmCallResult result) { }

    private static class Recorder implements VmmCore.Outbox<String> {
        final List<Routed> routed = new ArrayList<>();
        final List<Answered> answered = new ArrayList<>();

        @Override
        public void toDevice(String device, TdVmCall call, long offset, long vmmStartVt, long arriveVt) {
            routed.add(new Routed(device, call, offset, vmmStartVt, arriveVt));
        }

        final List<MemoryTurn> granted = new ArrayList<>();

        @Override
        public void toVcpu(TdVmCall call, TdVmCallResult result) {
            answered.add(new Answered(call, result.copy()));   // the core may hand over its scratch
        }

        @Override
        public void grant(MemoryTurn turn) {
            granted.add(turn);
        }
    }

    private static VmmCore<String> core(long window, int vcpus, int routers, long timeoutNs) {
        return core(window, vcpus, routers, timeoutNs, 0);
    }

    private static VmmCore<String> core(long window, int vcpus, int routers, long timeoutNs, long horizonNs) {
        return core(window, vcpus, routers, timeoutNs, horizonNs, COSTS);
    }

    private static VmmCore<String> core(long window, int vcpus, int routers, long timeoutNs, long horizonNs,
                                        CostModel costs) {
        AddressMap<String> map = AddressMap.<String>builder().add("dev", DEV, 4096, "dev").build();
        return new VmmCore<>(new VmmSettings(48, UnassignedPolicy.ERROR, window, vcpus, routers, costs, timeoutNs, 0,
                horizonNs, 0), map);
    }

    private static TdVmCall read(int vcpu, long seq, long vt, long gpa) {
        return TdVmCall.mmio(vcpu, seq, vt - 4000, vt, 4, false, gpa | SHARED, 0, null);
    }

    @Test
    void deterministicModeDispatchesInVirtualTimeOrderWhateverTheArrivalOrder() {
        VmmCore<String> core = core(0, 2, 1, 0);
        Recorder out = new Recorder();
        core.call(read(1, 1, 9000, DEV + 8), out);
        assertEquals(0, out.routed.size(), "vCPU 0 could still call earlier");
        core.call(read(0, 1, 8000, DEV), out);
        assertEquals(List.of(0, 1), out.routed.stream().map(r -> r.call().vcpu()).toList());
        assertEquals(8, out.routed.get(1).offset());
        assertEquals(0, core.finalStats().distortion.outOfOrder());
    }

    @Test
    void freeModeDispatchesOnArrivalAndCountsWhatStartedOutOfOrder() {
        VmmCore<String> core = core(VmmSettings.FREE, 2, 1, 0);
        Recorder out = new Recorder();
        core.call(read(1, 1, 9000, DEV), out);
        core.call(read(0, 1, 8000, DEV), out);
        assertEquals(List.of(1, 0), out.routed.stream().map(r -> r.call().vcpu()).toList());
        VmmStats stats = core.finalStats();
        assertEquals(1, stats.distortion.outOfOrder());
        assertEquals(1000, stats.distortion.maxNs());
    }

    @Test
    void eachRouterIsADispatchServerOfItsOwn() {
        VmmCore<String> core = core(VmmSettings.FREE, 2, 2, 0);
        Recorder out = new Recorder();
        core.call(read(0, 1, 8000, DEV), out);
        core.call(read(1, 1, 8000, DEV), out);
        assertEquals(8000, out.routed.get(0).vmmStart());
        assertEquals(8000, out.routed.get(1).vmmStart(), "no queue behind vCPU 0's router");

        VmmCore<String> one = core(VmmSettings.FREE, 2, 1, 0);
        Recorder single = new Recorder();
        one.call(read(0, 1, 8000, DEV), single);
        one.call(read(1, 1, 8000, DEV), single);
        assertEquals(8300, single.routed.get(1).vmmStart(), "one router: queued behind the first call");
    }

    private static TdVmCallResult servedAs(VmmCore<String> core, DevicePort.Status status) {
        Recorder out = new Recorder();
        TdVmCall call = read(0, 1, 8000, DEV);
        core.call(call, out);
        Routed r = out.routed.get(0);
        core.served(call, r.vmmStart(), r.arrive(), 0, status, 7, 8300, 8400, out);
        return out.answered.get(0).result();
    }

    @Test
    void withStrictAccessesDeviceVerdictsBecomeGhciStatuses() {
        AddressMap<String> map = AddressMap.<String>builder().add("dev", DEV, 4096, "dev").build();
        VmmSettings strict = new VmmSettings(48, UnassignedPolicy.ERROR, VmmSettings.FREE, 1, 1, COSTS, 0, 0, 0, 0)
                .withStrictAccesses(true);
        TdVmCallResult r = servedAs(new VmmCore<>(strict, map), DevicePort.Status.REJECTED_ALIGNMENT);
        assertEquals(TdvmcallStatus.ALIGN_ERROR.code(), r.r10());
        assertEquals(8400, r.vt());
    }

    @Test
    void byDefaultARefusedAccessSucceedsAsUnderKvmWithQemuAndIsCounted() {
        VmmCore<String> core = core(VmmSettings.FREE, 1, 1, 0);
        TdVmCallResult r = servedAs(core, DevicePort.Status.REJECTED_SIZE);
        assertEquals(TdvmcallStatus.SUCCESS.code(), r.r10());
        assertEquals(0, r.r11(), "QEMU reads 0 where the access is not valid");
        assertEquals(1, core.stats().invalidAccesses);
        assertEquals(TdvmcallStatus.INVALID_OPERAND.code(), servedAs(core(VmmSettings.FREE, 1, 1, 0),
                DevicePort.Status.DEVICE_ERROR).r10(), "a model that fails is still an error");
    }

    @Test
    void unassignedAndMalformedCallsAreAnsweredByTheVmmItself() {
        VmmCore<String> core = core(VmmSettings.FREE, 1, 1, 0);
        Recorder out = new Recorder();
        core.call(read(0, 1, 8000, 0xfd000000L), out);
        core.call(TdVmCall.mmio(0, 2, 0, 9000, 3, false, DEV | SHARED, 0, null), out);
        assertEquals(0, out.routed.size());
        assertEquals(TdvmcallStatus.INVALID_OPERAND.code(), out.answered.get(0).result().r10());
        assertEquals(TdvmcallStatus.INVALID_OPERAND.code(), out.answered.get(1).result().r10());
        VmmStats stats = core.finalStats();
        assertEquals(1, stats.unassignedReads);
        assertEquals(2, stats.answered);
    }

    @Test
    void aDroppedAnswerTimesOutInVirtualTime() {
        VmmCore<String> core = core(0, 1, 1, 50_000);
        Recorder out = new Recorder();
        TdVmCall call = read(0, 1, 8000, DEV);
        core.call(call, out);
        Routed r = out.routed.get(0);
        core.unanswered(call, r.vmmStart(), r.arrive(), out);
        TdVmCallResult result = out.answered.get(0).result();
        assertEquals(TdvmcallStatus.INVALID_OPERAND.code(), result.r10());
        assertEquals(r.arrive() + 50_000, result.vt());
        assertEquals(1, core.stats().timeouts);
    }

    @Test
    void anAnswerLaterThanTheTimeoutIsReplacedByTheTimeout() {
        VmmCore<String> core = core(0, 1, 1, 1000);
        Recorder out = new Recorder();
        TdVmCall call = read(0, 1, 8000, DEV);
        core.call(call, out);
        Routed r = out.routed.get(0);
        core.served(call, r.vmmStart(), r.arrive(), 0, DevicePort.Status.OK, 7, r.arrive(), r.arrive() + 5000, out);
        assertEquals(1, out.answered.size());
        assertEquals(r.arrive() + 1000, out.answered.get(0).result().vt());
        assertEquals(TdvmcallStatus.INVALID_OPERAND.code(), out.answered.get(0).result().r10());
    }

    @Test
    void aSecondAnswerForTheSameCallIsCountedNotPassedOn() {
        VmmCore<String> core = core(VmmSettings.FREE, 1, 1, 0);
        Recorder out = new Recorder();
        TdVmCall call = read(0, 1, 8000, DEV);
        core.call(call, out);
        Routed r = out.routed.get(0);
        core.served(call, r.vmmStart(), r.arrive(), 0, DevicePort.Status.OK, 7, 8300, 8800, out);
        core.served(call, r.vmmStart(), r.arrive(), 0, DevicePort.Status.OK, 7, 8300, 8800, out);
        assertEquals(1, out.answered.size());
        assertEquals(1, core.stats().duplicateAnswers);
    }

    @Test
    void anAnswerReleasesTheCallsItHeldBack() {
        VmmCore<String> core = core(0, 2, 1, 0);
        Recorder out = new Recorder();
        TdVmCall first = read(0, 1, 4000, DEV);
        core.call(first, out);
        core.call(read(1, 1, 30_000, DEV), out);
        assertEquals(1, out.routed.size(), "vCPU 0 is in flight and could call again before 30us");
        Routed r = out.routed.get(0);
        core.served(first, r.vmmStart(), r.arrive(), 0, DevicePort.Status.OK, 0, 4300, 4800, out);
        assertEquals(1, out.routed.size(), "answered at 4.8us, vCPU 0 can call again from 10.8us, before 30us");
        core.finished(0, out);
        assertEquals(2, out.routed.size(), "vCPU 0 halted: nothing can come before 30us any more");
        assertEquals(0, core.pending());
    }

    @Test
    void callsAtTheHorizonAreHeldAndTheRunEndsWhenEveryVcpuIsHeldOrHalted() {
        VmmCore<String> core = core(0, 3, 1, 0, 50_000);
        boolean[] reached = {false};
        Recorder out = new Recorder() {
            @Override
            public void horizonReached() {
                reached[0] = true;
            }
        };
        TdVmCall early = read(0, 1, 40_000, DEV);
        core.call(early, out);
        core.call(read(1, 1, 50_000, DEV), out);
        core.finished(2, out);
        assertEquals(1, out.routed.size(), "only the call before the horizon is served");
        assertFalse(reached[0], "vCPU 0's call is still in flight");
        Routed r = out.routed.get(0);
        core.served(early, r.vmmStart(), r.arrive(), 0, DevicePort.Status.OK, 0, 40_300, 40_800, out);
        assertFalse(reached[0], "vCPU 0 runs again and may still call before the horizon");
        core.call(read(0, 2, 60_000, DEV), out);
        assertTrue(reached[0]);
        assertEquals(2, core.stats().held);
        assertEquals(1, out.routed.size());
    }

    @Test
    void memoryTurnsGoOutOneAtATimeInVirtualTimeOrder() {
        VmmCore<String> core = core(0, 2, 1, 0, 0, SHARING);
        Recorder out = new Recorder();
        core.turn(new MemoryTurn(1, 1, 100, null), out);
        assertEquals(0, out.granted.size(), "vCPU 0 could still touch memory earlier");
        core.turn(new MemoryTurn(0, 1, 100, null), out);
        assertEquals(List.of(0), out.granted.stream().map(MemoryTurn::vcpu).toList(), "the tie goes to vCPU 0");
        core.memoryDone(0, 101, out);
        assertEquals(List.of(0, 1), out.granted.stream().map(MemoryTurn::vcpu).toList(),
                "vCPU 0 cannot come back before 101: vCPU 1's turn at 100 goes next");
        assertEquals(2, core.stats().memoryTurns);
    }

    /** A pass of a spin loop at {@code vt} that repeats the one before, 50ns a pass, {@code passes} within budget. */
    private static MemoryTurn repeatingPass(int vcpu, long seq, long vt, long passes) {
        return new MemoryTurn(vcpu, seq, vt, null, new MemoryTurn.Spin(50, passes, Long.MAX_VALUE, 0));
    }

    private static String grants(Recorder out) {
        return out.granted.stream().map(t -> t.vcpu() + "@" + t.vt()
                + (t.spin() != null && t.spin().skipped() > 0 ? "+" + t.spin().skipped() : "")).toList().toString();
    }

    /** vCPU {@code vcpu} starts a spin pass at 100 that changes nothing, then its repeat at 150 is parked. */
    private static void parkSpinner(VmmCore<String> core, Recorder out, int vcpu, long passes) {
        core.turn(new MemoryTurn(vcpu, 1, 100, null, MemoryTurn.Spin.START), out);
        core.memoryDone(vcpu, 101, false, out);
        core.turn(repeatingPass(vcpu, 2, 150, passes), out);
    }

    @Test
    void aRepeatingSpinPassIsParkedUntilMemoryChangesThenResumesAtItsFirstPassAfterTheChange() {
        VmmCore<String> core = core(0, 2, 1, 0, 0, SHARING);
        Recorder out = new Recorder();
        core.progress(1, 290, out);
        parkSpinner(core, out, 0, 1000);
        assertEquals("[0@100]", grants(out), "parked: no turn while nothing changes");
        core.turn(new MemoryTurn(1, 1, 300, null), out);
        core.memoryDone(1, 301, false, out);            // a load: still nothing changed
        core.turn(new MemoryTurn(1, 2, 420, null), out);
        core.memoryDone(1, 421, true, out);             // a store that changed memory at 420
        core.finished(1, out);
        assertEquals("[0@100, 1@300, 1@420, 0@450+6]", grants(out),
                "passes at 150..400 read what the first read; the one at 450 comes after the store");
    }

    /** A store at 400, exactly on a pass of the spinner: vCPU 0 wins ties at equal virtual time. */
    @Test
    void aSpinPassAtTheTimeOfAChangeGoesWhereTheTieRulePutsIt() {
        VmmCore<String> core = core(0, 2, 1, 0, 0, SHARING);
        Recorder out = new Recorder();
        core.progress(0, 390, out);
        parkSpinner(core, out, 1, 1000);
        core.turn(new MemoryTurn(0, 1, 400, null), out);
        core.memoryDone(0, 401, true, out);
        assertEquals("[1@100, 0@400, 1@400+5]", grants(out), "vCPU 1's pass at 400 comes after vCPU 0's store there");

        VmmCore<String> other = core(0, 2, 1, 0, 0, SHARING);
        Recorder out2 = new Recorder();
        other.progress(1, 390, out2);
        parkSpinner(other, out2, 0, 1000);
        other.turn(new MemoryTurn(1, 1, 400, null), out2);
        other.memoryDone(1, 401, true, out2);
        other.finished(1, out2);
        assertEquals("[0@100, 1@400, 0@450+6]", grants(out2), "vCPU 0's pass at 400 came before vCPU 1's store there");
    }

    @Test
    void aParkedSpinnerThatNothingWakesRunsOutItsBudget() {
        VmmCore<String> core = core(0, 2, 1, 0, 0, SHARING);
        Recorder out = new Recorder();
        core.finished(1, out);
        parkSpinner(core, out, 0, 3);
        assertEquals("[0@100, 0@300+3]", grants(out), "the last pass its budget holds, as spinning alone would reach it");
    }

    @Test
    void aTurnWaitsForTheTurnBeingExecutedEvenWhenItIsSafe() {
        VmmCore<String> core = core(0, 2, 1, 0, 0, SHARING);
        Recorder out = new Recorder();
        core.turn(new MemoryTurn(0, 1, 100, null), out);
        core.finished(1, out);
        core.turn(new MemoryTurn(0, 2, 200, null), out);
        assertEquals(1, out.granted.size());
    }

    @Test
    void aRunningVcpusProgressLetsTheOthersGoOn() {
        VmmCore<String> core = core(0, 2, 1, 0);
        Recorder out = new Recorder();
        core.call(read(1, 1, 30_000, DEV), out);
        assertEquals(0, out.routed.size(), "vCPU 0 could still call before 30us");
        core.progress(0, 29_000, out);
        assertEquals(0, out.routed.size());
        core.progress(0, 31_000, out);
        assertEquals(1, out.routed.size(), "vCPU 0 cannot call before 31us now");
    }

    /**
     * Three vCPUs on a device that serves one call at a time for 10us. vCPU 0's and 1's calls (at
     * 4us) are in flight; vCPU 2's call comes at 12us. Bounded by a bare round trip, vCPUs 0 and 1
     * could call again from 10.3us, so it waits for their answers; with the device's queue
     * foreseen, they cannot call again before 20.3us and 30.3us, and vCPU 2's call goes at once.
     */
    @Test
    void aForeseenDeviceQueueLetsALaterCallGoWhileEarlierOnesAreInService() {
        for (boolean foreseen : new boolean[] {false, true}) {
            VmmCore<String> core = core(0, 3, 1, 0);
            if (foreseen) {
                core.foreseeService("dev", 10_000, true);
            }
            Recorder out = new Recorder();
            core.call(read(0, 1, 4000, DEV), out);
            core.call(read(1, 1, 4000, DEV), out);
            assertEquals(2, out.routed.size());
            core.call(read(2, 1, 12_000, DEV), out);
            assertEquals(foreseen ? 3 : 2, out.routed.size(), "foreseen " + foreseen);
            // the device's real answers: 5.3us + 10us, then 10us more; none sooner than foreseen
            Routed first = out.routed.get(0);
            core.served(first.call(), first.vmmStart(), first.arrive(), 0, DevicePort.Status.OK, 7,
                    first.arrive(), first.arrive() + 10_000, out);
            assertEquals(0, core.stats().lookaheadMisses);
        }
    }

    @Test
    void anAnswerSoonerThanTheForeseenQueueIsCountedAsALookaheadMiss() {
        VmmCore<String> core = core(0, 1, 1, 0);
        core.foreseeService("dev", 10_000, true);
        Recorder out = new Recorder();
        core.call(read(0, 1, 5000, DEV), out);
        Routed r = out.routed.get(0);
        // a device that answered after 1us broke its promise of 10us
        core.served(r.call(), r.vmmStart(), r.arrive(), 0, DevicePort.Status.OK, 7, r.arrive(), r.arrive() + 1000, out);
        assertEquals(1, core.stats().lookaheadMisses);
    }

    /**
     * 64 vCPUs hammer one device that serves one call at a time for 300ns, in deterministic mode.
     * The device answers its oldest call whenever asked, and each vCPU calls again as soon as it
     * can. Bounded by bare round trips, the engine releases in waves: a vCPU's next call waits until
     * every call of the wave before it is answered, so the device's queue drains to nothing between
     * waves. With the queue foreseen it stays full: nearly every vCPU's call is in service at every
     * answer, and the calls are served in the same total order.
     */
    @Test
    void aForeseenQueueKeepsTheContendedDeviceBusyWithManyCallsAtOnce() {
        int vcpus = 64;
        List<Long> orderSeen = null;
        for (boolean foreseen : new boolean[] {false, true}) {
            VmmCore<String> core = core(0, vcpus, 1, 0);
            if (foreseen) {
                core.foreseeService("dev", 300, true);
            }
            Recorder out = new Recorder();
            for (int v = 0; v < vcpus; v++) {
                core.call(read(v, 1, 4000, DEV), out);
            }
            long busy = 0;
            int answered = 0;
            long inServiceSum = 0;
            List<Long> order = new ArrayList<>();
            while (answered < vcpus * 20) {
                if (answered < vcpus * 16) {             // before the last calls run out
                    inServiceSum += out.routed.size() - answered;
                }
                Routed r = out.routed.get(answered++);
                long start = Math.max(r.arrive(), busy);
                busy = start + 300;
                order.add((long) r.call().vcpu() << 32 | r.call().seq());
                core.served(r.call(), r.vmmStart(), r.arrive(), 0, DevicePort.Status.OK, 0, start, busy, out);
                TdVmCallResult result = out.answered.get(out.answered.size() - 1).result();
                if (r.call().seq() < 20) {
                    core.call(read(r.call().vcpu(), r.call().seq() + 1, COSTS.nextCallBound(result.vt()), DEV), out);
                }
            }
            assertEquals(0, core.stats().lookaheadMisses);
            double meanInService = inServiceSum / (double) (vcpus * 16);
            if (foreseen) {
                assertTrue(meanInService >= 0.9 * vcpus, "mean in service: " + meanInService);
                assertEquals(orderSeen, order, "the same total order either way");
            } else {
                assertTrue(meanInService <= 0.7 * vcpus, "mean in service: " + meanInService);
                orderSeen = order;
            }
        }
    }
}
