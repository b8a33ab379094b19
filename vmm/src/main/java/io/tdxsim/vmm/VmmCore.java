package io.tdxsim.vmm;

import io.tdxsim.vmm.engine.DeviceQueue;
import io.tdxsim.vmm.engine.EventSequencer;
import io.tdxsim.vmm.engine.TimedEvent;
import io.tdxsim.vmm.engine.VirtualTimeServer;

/**
 * The VMM without actors: KVM's checks on the MMIO hypercall, routing by GPA, the release rule
 * of the engine, the dispatch servers in virtual time, device-timeouts in virtual time and the
 * mapping of device answers to GHCI status. The actor only carries messages in and out through
 * an {@link Outbox}. Kept outside the actor so a supervisor restart loses no call and no figure.
 *
 * @param <T> how a device is addressed (an actor reference, or a port in tests and benchmarks)
 */
public final class VmmCore<T> {

    /** Where the core's decisions go. */
    public interface Outbox<T> {
        void toDevice(T device, TdVmCall call, long offset, long vmmStartVt, long arriveVt);

        /** @param result valid during this call only (it may be the core's scratch): send it or a copy */
        void toVcpu(TdVmCall call, TdVmCallResult result);

        /** The vCPU may execute its instruction on shared memory now. */
        default void grant(MemoryTurn turn) {
        }

        /** Every vCPU has halted or is held at the virtual-time horizon, and no call is in flight. */
        default void horizonReached() {
        }

        /** The device's timers due at or before {@code vt} fire now (device {@code index} in the run). */
        default void fireTimers(T device, int index, long vt) {
        }
    }

    private final VmmSettings settings;
    private final AddressMap<T> map;
    private final long sharedBit;
    private final VmmStats stats = new VmmStats();
    private final EventSequencer<io.tdxsim.vmm.engine.TimedEvent> sequencer;
    private final VirtualTimeServer[] dispatchers;
    private final CallLedger ledger = new CallLedger();
    private final java.util.function.ToLongFunction<io.tdxsim.vmm.engine.TimedEvent> inFlightBound;
    /** Per address range: the mirror of its device's queue, or null where the answer time cannot be foreseen. */
    private final io.tdxsim.vmm.engine.DeviceQueue[] queues;
    /** Released events that touch shared memory, one at a time (deterministic mode). */
    private final MemoryOrder memory = new MemoryOrder();
    /**
     * Deterministic mode: changes to shared memory in the memory order (a store that changed it,
     * a call to a device that may DMA, a device's timers), and per vCPU the count when its latest
     * spin pass started (made at the first spin turn): a pass with no change since repeats the last.
     */
    private long memoryChanges;
    private long[] changesAtPassStart;
    /** Spinners parked until memory changes: their turn by vCPU, and the first {@code parkedCount} of {@code parkedOrder}. */
    private MemoryTurn[] spinners;
    private int[] parkedOrder;
    private int parkedCount;
    private boolean anyTalksBack;
    private final TimerSources<T> timers;
    /** Per address range: its device does more than answer (timers, DMA), see {@link #talksBack}. */
    private final boolean[] talksBack;
    private boolean releasing;
    private boolean closed;
    private boolean crashDue;
    /** vCPUs that halted, and vCPUs whose call lies beyond the horizon and is held there. */
    private int finishedVcpus;
    private int heldVcpus;
    /** vCPUs held at the horizon by their progress, not by a call (a spinner there makes none). */
    private final java.util.BitSet heldWithoutCall = new java.util.BitSet();
    private long answersUntilLoss;
    /** Replay: calls each device holds back for their recorded turn, and what it waits for. */
    private int[] heldAt = new int[0];
    private String[] heldDetail = new String[0];
    /** Calls received whose answer has not been sent: one at most per vCPU. */
    private long open;
    private boolean stallReported;
    private boolean finalized;
    private boolean horizonReported;
    /** The devices' interrupt routes and pending vectors; null when no device has a route. */
    private InterruptRouter interrupts;
    /** Sleepers woken by an interrupt; and at the last timer the VMM let fire while all slept. */
    private long wakes, wakesAtSleep;
    private boolean sleptThrough;
    /** The last timer the VMM let fire while every vCPU slept: sleepers released later end no sooner. */
    private long sleptUntilVt = -1;
    /** Deterministic mode with routes: outcomes handled in dispatch order. */
    private AnswerGate gate;
    /** vCPUs asleep in Instruction.HLT: the call, and when the VMM was done with it. */
    private final Halts halts;
    /** The answer to a served access, filled as it is sent: the outbox copies what it keeps. */
    private final TdVmCallResult servedAnswer = new TdVmCallResult();

    public VmmCore(VmmSettings settings, AddressMap<T> map) {
        this.settings = settings;
        this.map = map;
        this.sharedBit = settings.sharedBit();
        int devices = deviceTargets().size();
        this.sequencer = settings.ordered()
                ? new EventSequencer<>(settings.vcpus() + devices, settings.costs().firstCallBound(),
                        settings.windowNs(), timersRankLast(settings.schedule().ranks(settings.vcpus()), devices))
                : null;
        this.timers = new TimerSources<>(settings.vcpus(), devices, sequencer, settings.horizonNs());
        this.dispatchers = new VirtualTimeServer[settings.routers()];
        for (int i = 0; i < dispatchers.length; i++) {
            dispatchers[i] = new VirtualTimeServer();
        }
        // a call's answer comes back no sooner than the cost model allows; a vCPU granted a turn
        // may make its next event as soon as its instruction starts
        this.inFlightBound = e -> e instanceof TdVmCall ? settings.costs().inFlightBound(e.vt()) : e.vt();
        this.answersUntilLoss = settings.loseAnswerEvery();
        this.queues = new io.tdxsim.vmm.engine.DeviceQueue[map.ranges().size()];
        this.halts = new Halts(settings.vcpus());
        this.talksBack = new boolean[map.ranges().size()];
    }

    /**
     * Devices' interrupts go where {@code router} says. In deterministic mode the outcome of
     * every call is then handled in dispatch order ({@link AnswerGate}), so which answer carries
     * which vector does not depend on the host's threads.
     */
    public void routeInterrupts(InterruptRouter router) {
        this.interrupts = router;
        this.gate = settings.windowNs() == 0 ? new AnswerGate(settings.vcpus() + map.ranges().size()) : null;
    }

    public InterruptRouter interrupts() {
        return interrupts;
    }


    /** Device timer sources rank after every vCPU in ties, in device order. */
    private static int[] timersRankLast(int[] vcpuRanks, int devices) {
        if (vcpuRanks == null) {
            return null;
        }
        int[] all = java.util.Arrays.copyOf(vcpuRanks, vcpuRanks.length + devices);
        for (int d = 0; d < devices; d++) {
            all[vcpuRanks.length + d] = vcpuRanks.length + d;
        }
        return all;
    }

    /**
     * The device behind {@code target} acts on the machine during its accesses (sets timers, does
     * DMA). A vCPU whose call is in flight there is then bounded by the access's earliest start
     * rather than its answer, so nothing the engine orders after that instant can be released
     * before the device has said what it set in motion.
     */
    public void talksBack(T target) {
        java.util.List<AddressMap.Range<T>> ranges = map.ranges();
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).target() == target) {
                talksBack[i] = true;
                anyTalksBack = true;
            }
        }
    }

    /**
     * The device behind {@code target} serves the calls sent to it in the order sent, each for at
     * least {@code serviceNs} ({@code queued}: one at a time). The engine then bounds a vCPU whose
     * call is in flight there by the earliest time its answer can come, not by one bare round
     * trip. Never for a device that may reorder calls (a replay) or answer sooner.
     */
    public void foreseeService(T target, long serviceNs, boolean queued) {
        io.tdxsim.vmm.engine.DeviceQueue queue = new io.tdxsim.vmm.engine.DeviceQueue(serviceNs, queued);
        java.util.List<AddressMap.Range<T>> ranges = map.ranges();
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).target() == target) {
                queues[i] = queue;
            }
        }
    }

    public VmmSettings settings() {
        return settings;
    }

    /** Every device the map routes to, each once, in address order. */
    public java.util.List<T> deviceTargets() {
        java.util.List<T> targets = new java.util.ArrayList<>();
        for (AddressMap.Range<T> r : map.ranges()) {
            if (targets.stream().noneMatch(t -> t == r.target())) {
                targets.add(r.target());
            }
        }
        return targets;
    }

    /** A TDVMCALL arrived. */
    public void call(TdVmCall call, Outbox<T> out) {
        ledger.received(call.vcpu());
        open++;
        if (closed || ledger.isStopped(call.vcpu())) {
            return;                      // counted, never served: its vCPU is frozen for the report
        }
        if (settings.horizonNs() > 0 && call.vt() >= settings.horizonNs()) {
            hold(call.vcpu(), out);
            return;
        }
        timers.reached(call.vt());
        if (sequencer == null) {
            dispatch(call, out);
            timers.fireReached(out);
        } else if (!releasing && memory.isEmpty() && !touchesMemory(call) && sequencer.startsAtOnce(call)) {
            // what offer and release would do first, without queueing the call
            releasing = true;
            try {
                dispatch(call, out);
            } finally {
                releasing = false;
            }
            release(out);
        } else {
            sequencer.offer(call);
            release(out);
        }
    }

    /**
     * A vCPU asks to execute one instruction on shared memory (deterministic mode). Without an
     * engine order (free mode) the turn is granted at once.
     */
    public void turn(MemoryTurn turn, Outbox<T> out) {
        if (closed || ledger.isStopped(turn.vcpu())) {
            return;
        }
        stats.memoryTurns++;
        if (settings.horizonNs() > 0 && turn.vt() >= settings.horizonNs()) {
            hold(turn.vcpu(), out);
            return;
        }
        timers.reached(turn.vt());
        if (sequencer == null) {
            out.grant(turn);
            timers.fireReached(out);
            return;
        }
        sequencer.offer(turn);
        release(out);
    }

    /**
     * A running vCPU with nothing outstanding cannot make its next event before {@code bound}
     * (a null message, as conservative simulators send): the window moves on without it.
     */
    public void progress(int vcpu, long bound, Outbox<T> out) {
        if (closed || ledger.isStopped(vcpu)) {
            return;
        }
        if (settings.horizonNs() > 0 && bound >= settings.horizonNs()) {
            // a spinner past the horizon makes no call before it, so it waits there like a held call;
            // else the run would wait for it while it waits for the held lock holder
            holdVcpu(vcpu, out);
            return;
        }
        if (sequencer == null) {
            return;
        }
        sequencer.answered(vcpu, bound);
        release(out);
    }

    /** The vCPU executed its instruction; its next event cannot come before {@code vcpuVt}. */
    public void memoryDone(int vcpu, long vcpuVt, Outbox<T> out) {
        memoryDone(vcpu, vcpuVt, true, out);
    }

    /** @param changed the turn's instruction changed memory (true when not known) */
    public void memoryDone(int vcpu, long vcpuVt, boolean changed, Outbox<T> out) {
        if (sequencer == null) {
            return;
        }
        TimedEvent done = memory.active();
        memory.turnDone();
        if (changed) {
            memoryChanged(done != null ? done.vt() : vcpuVt, vcpu);
        }
        timers.reached(vcpuVt);
        sequencer.answered(vcpu, vcpuVt);
        grantNextTurn(out);
        release(out);
    }

    private void grantNextTurn(Outbox<T> out) {
        for (var e = closed ? null : memory.next(); e != null; e = closed ? null : memory.next()) {
            if (e instanceof MemoryTurn turn) {
                if (turn.spin() == null || !parked(turn)) {
                    out.grant(turn);
                }
            } else if (e instanceof io.tdxsim.vmm.engine.TimerEvent t) {
                timers.send(t, out);
            } else {
                dispatch((TdVmCall) e, out);        // its answer, maybe given at once, ends its turn
            }
        }
    }

    /**
     * A spin loop's pass is about to start. If nothing changed memory since the vCPU's last pass
     * started, and that pass changed nothing and made this one access, every pass from here
     * repeats it until memory changes: the vCPU is parked, with no turn until then (or until its
     * instruction budget would run out, the bound it holds others to). {@link #memoryChanged}
     * moves it to its first pass after the change; the passes before are accounted for at once.
     * The same order and result as executing each, without a turn each.
     */
    private boolean parked(MemoryTurn turn) {
        int vcpu = turn.vcpu();
        if (changesAtPassStart == null) {
            changesAtPassStart = new long[settings.vcpus()];
            java.util.Arrays.fill(changesAtPassStart, -1);
            spinners = new MemoryTurn[settings.vcpus()];
            parkedOrder = new int[settings.vcpus()];
        }
        boolean unchanged = changesAtPassStart[vcpu] == memoryChanges;
        changesAtPassStart[vcpu] = memoryChanges;
        long last = turn.spin().repeats() ? lastPass(turn) : 0;
        if (!unchanged || last <= 0) {
            return false;
        }
        memory.putBack();
        spinners[vcpu] = turn;
        parkedOrder[parkedCount++] = vcpu;
        sequencer.started(vcpu, passVt(turn, last));
        return true;
    }

    /** The pass a parked spinner gets to at the latest: the last its budget holds, or the last before the horizon. */
    private long lastPass(MemoryTurn turn) {
        MemoryTurn.Spin spin = turn.spin();
        long last = spin.maxPasses() - spin.skipped();
        if (settings.horizonNs() > 0) {
            last = Math.min(last, Math.max(0, (settings.horizonNs() - 1 - turn.vt()) / spin.periodNs()));
        }
        if (spin.beforeVt() != Long.MAX_VALUE) {
            last = Math.min(last, Math.max(0, (spin.beforeVt() - 1 - turn.vt()) / spin.periodNs()));
        }
        return last;
    }

    private static long passVt(MemoryTurn turn, long passes) {
        long period = turn.spin().periodNs();
        return passes > (Long.MAX_VALUE - turn.vt()) / period ? Long.MAX_VALUE : turn.vt() + passes * period;
    }

    /**
     * The event at {@code vt} from {@code source} changed memory: each parked spinner's next
     * pass that comes after it in the engine's order is the first that may see the change.
     */
    private void memoryChanged(long vt, int source) {
        memoryChanges++;
        for (int i = 0; i < parkedCount; i++) {
            int vcpu = parkedOrder[i];
            MemoryTurn turn = spinners[vcpu];
            long d = vt - turn.vt();
            long period = turn.spin().periodNs();
            long passes = d < 0 ? 0 : d / period + (d % period != 0 || sequencer.winsTie(vcpu, source) ? 1 : 0);
            resume(turn, Math.min(Math.max(1, passes), lastPass(turn)));
        }
        parkedCount = 0;
    }

    /** The parked spinner's turn comes back after {@code passes} passes that repeat the last. */
    private void resume(MemoryTurn turn, long passes) {
        spinners[turn.vcpu()] = null;
        MemoryTurn.Spin spin = turn.spin();
        sequencer.offer(new MemoryTurn(turn.vcpu(), turn.seq(), passVt(turn, passes), turn.replyTo(),
                new MemoryTurn.Spin(spin.periodNs(), spin.maxPasses(), spin.beforeVt(), spin.skipped() + passes)));
    }

    /**
     * Nothing can go on but a parked spinner's last pass (every other source waits beyond it):
     * the spinner gets there, as it would have spinning alone.
     */
    private boolean resumeBlockingSpinner() {
        TimedEvent next = sequencer.peek();
        if (next != null && next.vt() < sequencer.lowerBound()) {
            return false;
        }
        int lowest = sequencer.lowestSource();
        if (lowest < 0 || lowest >= settings.vcpus() || spinners[lowest] == null) {
            return false;
        }
        MemoryTurn turn = spinners[lowest];
        for (int i = 0; i < parkedCount; i++) {
            if (parkedOrder[i] == lowest) {
                parkedOrder[i] = parkedOrder[--parkedCount];
                break;
            }
        }
        resume(turn, lastPass(turn));
        return true;
    }

    /**
     * With vCPUs taking turns on shared memory, a call to a device that may do DMA during the
     * access takes a turn too, so its transfers fall between the vCPUs' instructions, in order.
     */
    private boolean touchesMemory(TdVmCall call) {
        if (!anyTalksBack || !settings.costs().memoryEvents()) {
            return false;
        }
        long key = IoCallCheck.isIo(call) ? AddressMap.portKey(IoCallCheck.port(call)) : call.r14() & ~sharedBit;
        return talksBackAt(key, call);
    }

    private boolean talksBackAt(long key, TdVmCall call) {
        int index = map.indexOfAccess(key, (int) call.r12());
        return index >= 0 && talksBack[index];
    }

    /** A vCPU stopped and will call no more. */
    public void finished(int vcpu, Outbox<T> out) {
        finished(vcpu, -1, out);
    }

    /** A vCPU stopped at virtual time {@code vt} (-1: not known) and will call no more. */
    public void finished(int vcpu, long vt, Outbox<T> out) {
        if (!ledger.finished(vcpu) || closed) {
            return;
        }
        if (heldWithoutCall.get(vcpu)) {        // it ran on past the horizon and ended: counted once
            heldWithoutCall.clear(vcpu);
            heldVcpus--;
        }
        finishedVcpus++;
        timers.reached(vt);
        if (sequencer != null) {
            sequencer.finished(vcpu);
            release(out);
        } else {
            timers.fireReached(out);
        }
        checkHorizon(out);
        endIfIdle(out);
    }

    /**
     * Device {@code device} (hosted at {@code target}) says its earliest pending timer is now at
     * {@code nextVt} (NONE: none); {@code fired}: it has just fired the ones the engine released.
     */
    public void timers(int device, T target, long nextVt, boolean fired, Outbox<T> out) {
        timers(device, target, nextVt, fired, null, 0, out);
    }

    /**
     * As {@link #timers(int, Object, long, boolean, Outbox)}, with the interrupts the fired timers
     * raised ({@code raised}, or null) by {@code raisedVt}, routed in the engine's order of the firing.
     */
    public void timers(int device, T target, long nextVt, boolean fired, int[] raised, long raisedVt, Outbox<T> out) {
        if (fired && gate != null) {
            gate.doneLatest(settings.vcpus() + device, () -> interrupt(device, raised, raisedVt, out));
        } else if (raised != null) {
            interrupt(device, raised, raisedVt, out);
        }
        timers.update(device, target, nextVt, fired);
        if (closed) {
            return;
        }
        TimedEvent firing = memory.active();
        if (fired && memory.timerDone(device)) {
            memoryChanged(firing.vt(), firing.source());  // a timer's callback may do DMA
            grantNextTurn(out);
        }
        if (sequencer != null) {
            release(out);
        } else {
            timers.fireReached(out);
        }
        if (fired) {
            endIfIdle(out);
        }
    }

    /**
     * Every vCPU has ended (halted, or held at the horizon) and a device timer due before the last
     * one's end has not fired yet: the run's figures must wait for it.
     */
    public boolean timersSettling() {
        return !closed && finishedVcpus + heldVcpus >= settings.vcpus() && timers.settling();
    }

    /** Timer events the engine released to devices. */
    public long timerEvents() {
        return timers.released();
    }

    /** A call at or past the horizon is never served: its vCPU waits there until the run ends. */
    private void hold(int vcpu, Outbox<T> out) {
        stats.held++;
        if (heldWithoutCall.get(vcpu)) {        // held already, at its progress past the horizon
            heldWithoutCall.clear(vcpu);
            checkHorizon(out);
            return;
        }
        heldVcpus++;
        if (sequencer != null) {
            sequencer.finished(vcpu);
            release(out);
        }
        checkHorizon(out);
    }

    /** A vCPU whose progress passed the horizon counts as held there, once. */
    private void holdVcpu(int vcpu, Outbox<T> out) {
        if (heldWithoutCall.get(vcpu)) {
            return;
        }
        heldWithoutCall.set(vcpu);
        heldVcpus++;
        if (sequencer != null) {
            sequencer.finished(vcpu);
            release(out);
        }
        checkHorizon(out);
    }

    private void checkHorizon(Outbox<T> out) {
        // a vCPU asleep in HLT counts as held: its open call is the sleep, and no one is left to wake it
        if (settings.horizonNs() > 0 && !horizonReported && finishedVcpus + heldVcpus + halts.count() >= settings.vcpus()
                && stats.calls == stats.answered + stats.lost + halts.count()) {
            horizonReported = true;
            out.horizonReached();
        }
    }

    /** A device served a call the VMM routed to it. */
    public void served(TdVmCall call, long vmmStartVt, long arriveVt, int device, DevicePort.Status status,
                       long value, long startVt, long doneVt, Outbox<T> out) {
        served(call, vmmStartVt, arriveVt, device, status, value, startVt, doneVt, null, out);
    }

    /** @param raised the interrupts the access raised ({@link InterruptRouter#lineCode}, msiCode), or null */
    public void served(TdVmCall call, long vmmStartVt, long arriveVt, int device, DevicePort.Status status,
                       long value, long startVt, long doneVt, int[] raised, Outbox<T> out) {
        if (gate != null) {
            gate.done(call.vcpu(), call.seq(),
                    () -> servedInTurn(call, vmmStartVt, arriveVt, device, status, value, startVt, doneVt, raised, out));
        } else {
            servedInTurn(call, vmmStartVt, arriveVt, device, status, value, startVt, doneVt, raised, out);
        }
    }

    private void servedInTurn(TdVmCall call, long vmmStartVt, long arriveVt, int device, DevicePort.Status status,
                              long value, long startVt, long doneVt, int[] raised, Outbox<T> out) {
        if (closed) {
            return;
        }
        if (raised != null && raised.length > 0 && interrupts != null) {
            raise(device, raised, doneVt, out);
        }
        if (settings.deviceTimeoutNs() > 0 && doneVt - arriveVt > settings.deviceTimeoutNs()) {
            timedOut(call, vmmStartVt, arriveVt, out);       // the answer came too late in virtual time
            return;
        }
        if (sequencer != null && !ledger.isStopped(call.vcpu()) && !ledger.isAnswered(call.vcpu(), call.seq())
                && settings.costs().nextCallBound(doneVt) < sequencer.boundOf(call.vcpu())) {
            stats.lookaheadMisses++;
        }
        long r11 = call.isWrite() ? 0 : value;
        TdvmcallStatus ghci = TdvmcallStatus.ofDevice(status);
        boolean refused = status == DevicePort.Status.REJECTED_SIZE || status == DevicePort.Status.REJECTED_ALIGNMENT;
        if (refused && !settings.strictAccesses()) {
            stats.invalidAccesses++;             // QEMU: read 0, write dropped; KVM reports success
            ghci = TdvmcallStatus.SUCCESS;
            r11 = 0;
        }
        answer(call, servedAnswer.set(call.seq(), ghci.code(), r11, doneVt, device, vmmStartVt, startVt), out);
    }

    /** A device will never answer this call (it was dropped); the timeout decides what happens. */
    public void unanswered(TdVmCall call, long vmmStartVt, long arriveVt, Outbox<T> out) {
        if (gate != null) {
            gate.done(call.vcpu(), call.seq(), () -> unansweredInTurn(call, vmmStartVt, arriveVt, out));
        } else {
            unansweredInTurn(call, vmmStartVt, arriveVt, out);
        }
    }

    private void unansweredInTurn(TdVmCall call, long vmmStartVt, long arriveVt, Outbox<T> out) {
        if (closed) {
            return;
        }
        if (settings.deviceTimeoutNs() > 0) {
            timedOut(call, vmmStartVt, arriveVt, out);
        } else {
            stats.lost++;                                    // its vCPU waits for ever, as on real hardware
            if (memory.callDone(call)) {
                grantNextTurn(out);
            }
        }
    }

    /**
     * The vCPU was stopped for the run's report: it takes no more answers, and a call it still has
     * open stays open. The actor then tells it the answer channel is drained.
     */
    public void stopped(int vcpu) {
        ledger.stopped(vcpu);
    }

    /**
     * A replaying device holds {@code held} calls back. Returns where the replay stalled if now
     * every live vCPU waits for a call that a device holds: no call can arrive that would free
     * one, so the recorded order cannot be followed any further.
     */
    public String holding(int device, int held, String detail) {
        if (device >= heldAt.length) {
            heldAt = java.util.Arrays.copyOf(heldAt, device + 1);
            heldDetail = java.util.Arrays.copyOf(heldDetail, device + 1);
        }
        heldAt[device] = held;
        heldDetail[device] = detail;
        long heldTotal = 0;
        for (int h : heldAt) {
            heldTotal += h;
        }
        long live = settings.vcpus() - ledger.ended();
        if (stallReported || live == 0 || open != live || heldTotal != open) {
            return null;
        }
        stallReported = true;
        StringBuilder where = new StringBuilder();
        for (int d = 0; d < heldAt.length; d++) {
            if (heldAt[d] > 0) {
                where.append(where.length() == 0 ? "" : "; ").append(heldDetail[d]);
            }
        }
        stats.replayStall = where.toString();
        return stats.replayStall;
    }

    /** Every vCPU has halted or been stopped, so the per-vCPU counts are final. */
    public boolean everyVcpuEnded() {
        return ledger.ended() >= settings.vcpus();
    }

    /** The run is over: serve no more calls (they are still counted as received). */
    public void close() {
        closed = true;
    }

    /** A copy of the figures, once the run is over and every vCPU has ended: the core keeps its own. */
    public VmmStats finalStats() {
        closed = true;
        if (!finalized) {
            finalized = true;
            for (VirtualTimeServer d : dispatchers) {
                stats.busyNs += d.busyNs();
                stats.distortion.add(d.distortion());
            }
        }
        if (interrupts != null) {
            stats.interruptsRaised = interrupts.raised();
            stats.interruptsDelivered = interrupts.delivered();
            stats.interruptsDropped = interrupts.dropped();
        }
        stats.routedNames = map.ranges().stream().map(AddressMap.Range::name).toArray(String[]::new);
        stats.receivedByVcpu = ledger.receivedBy(settings.vcpus());
        stats.answeredByVcpu = ledger.answeredBy(settings.vcpus());
        return stats.snapshot();
    }

    /** True once per crash the scenario asked for (restart-after-calls), for the actor to act on. */
    public boolean takeCrashDue() {
        boolean due = crashDue;
        crashDue = false;
        return due;
    }

    public VmmStats stats() {
        return stats;
    }

    public int pending() {
        return sequencer == null ? 0 : sequencer.pendingCount();
    }

    private void release(Outbox<T> out) {
        if (releasing) {
            return;                      // an answer given while releasing: the outer loop goes on
        }
        releasing = true;
        try {
            do {
                releaseReady(out);
            } while (parkedCount > 0 && resumeBlockingSpinner());
        } finally {
            releasing = false;
        }
    }

    private void releaseReady(Outbox<T> out) {
        for (var e = nextReleased(); e != null; e = nextReleased()) {
            if (e instanceof TdVmCall call && !touchesMemory(call)) {
                if (memory.isEmpty()) {
                    dispatch(call, out);     // sets the call's bound, once
                } else {
                    // released after an event still waiting for its memory turn: it starts after that one
                    sequencer.started(e.source(), inFlightBound.applyAsLong(e));
                    memory.addBehind(call);
                    grantNextTurn(out);
                }
                continue;
            }
            sequencer.started(e.source(), inFlightBound.applyAsLong(e));
            if (e instanceof io.tdxsim.vmm.engine.TimerEvent t && !settings.costs().memoryEvents()) {
                timerDispatched(t);
                if (!closed) {
                    timers.fire(t, out);
                }
            } else {
                if (e instanceof io.tdxsim.vmm.engine.TimerEvent t) {
                    timerDispatched(t);
                    timers.claim(t);
                }
                memory.add(e);
                grantNextTurn(out);
            }
        }
    }

    /** A timer waits at the head until some vCPU is known to reach its time; so does all behind it. */
    private io.tdxsim.vmm.engine.TimedEvent nextReleased() {
        if (sequencer.peek() instanceof io.tdxsim.vmm.engine.TimerEvent t && !timers.mayFire(t.vt())) {
            return null;
        }
        return sequencer.take();
    }

    private void dispatch(TdVmCall call, Outbox<T> out) {
        stats.calls++;
        if (stats.calls == settings.restartAfterCalls()) {
            crashDue = true;
        }
        long dispatchNs = settings.dispatchNs();
        long start = dispatchers[call.vcpu() % dispatchers.length].serve(call.vt(), dispatchNs);
        long done = start + dispatchNs;
        stats.dispatchWaitNs.recordValue(start - call.vt());
        if (gate != null) {
            gate.dispatched(call.vcpu(), call.seq());
        }
        if (call.isHlt()) {
            started(call, done, -1);             // the bare round trip, until it sleeps
            stats.halts++;
            inTurn(call, () -> halt(call, done, out));
            return;
        }

        boolean io = IoCallCheck.isIo(call);
        TdvmcallStatus refusal = io ? IoCallCheck.validate(call) : MmioCallCheck.validate(call, sharedBit);
        if (refusal != null) {
            started(call, done, -1);
            stats.refuse(refusal);
            TdVmCallResult refused = new TdVmCallResult(call.seq(), refusal.code(), 0, done, -1, start, -1);
            inTurn(call, () -> answer(call, refused, out));
            return;
        }
        long gpa = io ? AddressMap.portKey(IoCallCheck.port(call)) : call.r14() & ~sharedBit;
        int index = map.indexOfAccess(gpa, (int) call.r12());
        if (index < 0) {
            started(call, done, -1);
            answerUnassigned(call, start, done, out, io ? settings.unassignedPorts() : settings.unassigned());
            return;
        }
        stats.route(index);
        AddressMap.Range<T> range = map.range(index);
        started(call, done, index);
        out.toDevice(range.target(), call, gpa - range.base(), start, done);
    }

    /**
     * The sequencer released {@code call} (to device {@code index}, or -1 when the VMM answers it
     * itself); one climb of its tree sets the vCPU's bound. With the device's queue foreseen, that
     * is the device's earliest answer, or its timeout if sooner: never below the bare round trip,
     * since the answer comes after this dispatch is done at {@code done}. A device that talks back
     * bounds its caller by the earliest start instead, since what the access sets (a timer, an
     * interrupt) can be ordered before its answer. Otherwise the bare round trip bounds it.
     */
    private void started(TdVmCall call, long done, int index) {
        if (sequencer == null) {
            return;
        }
        DeviceQueue queue = index < 0 ? null : queues[index];
        boolean talks = index >= 0 && talksBack[index];
        if (queue == null) {
            sequencer.started(call.vcpu(), talks ? done : inFlightBound.applyAsLong(call));
            return;
        }
        long answer = queue.earliestDone(done);
        if (talks) {
            sequencer.started(call.vcpu(), answer - queue.serviceNs());     // its earliest start
            return;
        }
        if (settings.deviceTimeoutNs() > 0) {
            answer = Math.min(answer, done + settings.deviceTimeoutNs());   // a timeout answers sooner
        }
        sequencer.started(call.vcpu(), settings.costs().nextCallBound(answer));
    }

    private void answerUnassigned(TdVmCall call, long start, long done, Outbox<T> out, UnassignedPolicy policy) {
        if (call.isWrite()) {
            stats.unassignedWrites++;
        } else {
            stats.unassignedReads++;
        }
        long status = TdvmcallStatus.SUCCESS.code();
        long value = 0;
        switch (policy) {
            case ERROR -> status = TdvmcallStatus.INVALID_OPERAND.code();
            case ONES -> value = call.isWrite() ? 0 : Ghci.mask((int) call.r12());
            case ZEROS -> { }
        }
        TdVmCallResult result = new TdVmCallResult(call.seq(), status, value, done, -1, start, -1);
        inTurn(call, () -> answer(call, result, out));
    }

    /** A device timer's firing takes its place in the gate's order, for the interrupts it raises. */
    private void timerDispatched(io.tdxsim.vmm.engine.TimerEvent t) {
        if (gate != null) {
            gate.dispatched(settings.vcpus() + t.device(), t.seq());
        }
    }

    /** Handles an outcome known at dispatch, in dispatch order when the gate keeps one. */
    private void inTurn(TdVmCall call, Runnable handle) {
        if (gate != null) {
            gate.done(call.vcpu(), call.seq(), handle);
        } else {
            handle.run();
        }
    }

    /**
     * Instruction.HLT: answered at once if a vector is pending for the vCPU (at the later of now
     * and its raise time), else the vCPU sleeps until one is raised for it. With "interrupts
     * blocked" set (R12) none wakes it, as the GHCI lets a VMM keep such a vCPU halted.
     */
    private void halt(TdVmCall call, long done, Outbox<T> out) {
        if (closed || ledger.isStopped(call.vcpu())) {
            return;
        }
        long earliest = call.r12() != 0 ? -1 : call.r13() != 0 ? done     // a vector waits in the vCPU already
                : interrupts == null ? -1 : interrupts.earliest(call.vcpu());
        if (earliest >= 0) {
            answer(call, Halts.woken(call, Math.max(done, earliest)), out);
            return;
        }
        halts.park(call, done);
        if (sequencer != null) {
            sequencer.finished(call.vcpu());        // asleep, it holds no other event back
            release(out);
        }
        endIfIdle(out);
        checkHorizon(out);
    }

    /**
     * Interrupts a device raised outside an access (a timer), at {@code vt}: routed as those an
     * access raises. The caller keeps the engine's order (deterministic mode: an event of its own).
     */
    public void interrupt(int device, int[] raised, long vt, Outbox<T> out) {
        if (interrupts != null && !closed && raised != null && raised.length > 0) {
            raise(device, raised, vt, out);
        }
    }

    /** Vectors raised at {@code vt} by {@code device}: sleeping target vCPUs wake with them. */
    private void raise(int device, int[] raised, long vt, Outbox<T> out) {
        for (int cpu : interrupts.raise(device, raised, vt)) {
            TdVmCall asleep = halts.wake(cpu);
            if (asleep != null) {
                wakes++;
                answer(asleep, Halts.woken(asleep, Math.max(halts.doneVt(cpu), vt)), out);
            }
        }
    }

    /**
     * Every vCPU has ended or sleeps in HLT and no other call is open. A sleeping vCPU's clock
     * runs on, so the earliest timer of a device whose interrupts are routed fires next (its
     * interrupt may wake a sleeper). Once none is left, or a firing so reached woke nobody (a
     * periodic timer could go on for ever), nothing can raise an interrupt any more: each sleeper
     * is answered without one and ends halted.
     */
    private void endIfIdle(Outbox<T> out) {
        if (halts.count() == 0 || closed || heldVcpus > 0 || open != halts.count()
                || ledger.ended() + halts.count() < settings.vcpus()) {
            return;
        }
        if (timers.anyFiring()) {
            return;                              // its report calls again, after what it raised
        }
        if (!sleptThrough || wakes != wakesAtSleep) {
            long next = interrupts == null ? TimerSources.NONE : timers.earliestWaiting(interrupts::routed);
            if (next != TimerSources.NONE && (settings.horizonNs() <= 0 || next < settings.horizonNs())) {
                sleptThrough = true;
                wakesAtSleep = wakes;
                sleptUntilVt = Math.max(sleptUntilVt, next);
                timers.reached(next);
                if (sequencer != null) {
                    release(out);
                } else {
                    timers.fireReached(out);
                }
                return;
            }
        }
        for (int cpu : halts.sleepers()) {
            TdVmCall asleep = halts.take(cpu);
            // asleep through the timers that fired while all slept: the TD ran until the last of them
            answer(asleep, Halts.woken(asleep, Math.max(halts.doneVt(cpu), sleptUntilVt)).asIdle(), out, false);
        }
    }

    private void timedOut(TdVmCall call, long vmmStartVt, long arriveVt, Outbox<T> out) {
        if (ledger.isAnswered(call.vcpu(), call.seq())) {
            stats.duplicateAnswers++;
            return;
        }
        stats.timeouts++;
        answer(call, new TdVmCallResult(call.seq(), TdvmcallStatus.INVALID_OPERAND.code(), 0,
                arriveVt + settings.deviceTimeoutNs(), -1, vmmStartVt, -1), out);
    }

    private void answer(TdVmCall call, TdVmCallResult result, Outbox<T> out) {
        answer(call, result, out, true);
    }

    /** @param attach hand over the vectors pending for the vCPU up to the answer's time */
    private void answer(TdVmCall call, TdVmCallResult result, Outbox<T> out, boolean attach) {
        if (ledger.isStopped(call.vcpu())) {
            return;                      // the vCPU is frozen for the report: its call stays open
        }
        // Read now: once answered, the vCPU refills its call for the next exit, and what this
        // answer sets off may refill the core's scratch result.
        int vcpu = call.vcpu();
        long vt = result.vt();
        if (attach && interrupts != null && !ledger.isAnswered(vcpu, call.seq())) {
            result.withVectors(interrupts.take(vcpu, vt));
        }
        if (!ledger.answer(vcpu, call.seq())) {
            stats.duplicateAnswers++;
            return;
        }
        stats.answered++;
        open--;
        boolean turnEnded = memory.callDone(call);
        if (turnEnded) {
            memoryChanged(call.vt(), vcpu);       // the device may have done DMA
        }
        if (answersUntilLoss > 0 && --answersUntilLoss == 0) {
            answersUntilLoss = settings.loseAnswerEvery();
            stats.lostAnswers++;         // injected: counted as sent, never delivered
        } else {
            out.toVcpu(call, result);
        }
        timers.reached(vt);
        if (turnEnded) {
            grantNextTurn(out);
        }
        if (sequencer != null) {
            sequencer.answered(vcpu, settings.costs().nextCallBound(vt));
            release(out);
        } else {
            timers.fireReached(out);
        }
        checkHorizon(out);
    }
}
