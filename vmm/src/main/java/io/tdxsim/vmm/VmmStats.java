package io.tdxsim.vmm;

import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What the VMM saw: calls, refusals by status, unassigned accesses, dispatch queueing. */
public final class VmmStats {

    public long calls;
    public long unassignedReads;
    public long unassignedWrites;
    public long busyNs;
    public final Map<TdvmcallStatus, Long> refusals = new EnumMap<>(TdvmcallStatus.class);
    public final Histogram dispatchWaitNs = new Histogram(3);
    /** Calls forwarded to each device, by device index: compared with what the devices served. */
    /** Accesses routed per address range, in address order (not the scenario's device order). */
    public long[] routed = new long[0];
    /** The device name of each address range, as {@link #routed} counts them. */
    public String[] routedNames = new String[0];
    /** Device answers for calls already answered (sent twice, or after a timeout), ignored. */
    public long duplicateAnswers;
    public long timeouts;
    /** Calls answered to their vCPU (each once), counted where the answer is sent. */
    public long answered;
    /** Calls a device dropped with no timeout to answer them: their vCPUs wait for ever. */
    public long lost;
    /** Calls that reached the VMM at or after the run's virtual-time horizon and were held there. */
    public long held;
    /** Turns on shared memory asked for (deterministic mode: one per instruction touching it). */
    public long memoryTurns;
    /** Answers counted as sent but never delivered (vmm.lose-answer-every, to test the accounting). */
    public long lostAnswers;
    /** Accesses a device's contract refused, answered as QEMU under KVM does: success, read 0. */
    public long invalidAccesses;
    /** A replay that could not follow its recorded order: which device waited for which call (else null). */
    public String replayStall;
    /** Per vCPU: calls the VMM received, and answers it sent, counted by the VMM itself. */
    public long[] receivedByVcpu = new long[0];
    public long[] answeredByVcpu = new long[0];
    /** How far the dispatch servers strayed from virtual-time order (the engine's window). */
    public final io.tdxsim.vmm.engine.Distortion distortion = new io.tdxsim.vmm.engine.Distortion();
    public long restarts;
    /**
     * Answers that came earlier than the engine's lookahead said they could: each one is a bug in
     * the lookahead, and in deterministic mode a threat to repeatability (always 0 when correct).
     */
    public long lookaheadMisses;
    /** TDVMCALL&lt;Instruction.HLT&gt; calls; interrupts raised, delivered to vCPUs, and dropped (no route). */
    public long halts;
    public long interruptsRaised;
    public long interruptsDelivered;
    public long interruptsDropped;

    void route(int device) {
        if (device >= routed.length) {
            routed = java.util.Arrays.copyOf(routed, device + 1);
        }
        routed[device]++;
    }

    void refuse(TdvmcallStatus status) {
        refusals.merge(status, 1L, Long::sum);
    }

    /** A copy that shares nothing with this one: the figures the VMM hands over at the end. */
    public VmmStats snapshot() {
        VmmStats c = new VmmStats();
        c.calls = calls;
        c.unassignedReads = unassignedReads;
        c.unassignedWrites = unassignedWrites;
        c.busyNs = busyNs;
        c.refusals.putAll(refusals);
        c.dispatchWaitNs.add(dispatchWaitNs);
        c.routed = routed.clone();
        c.routedNames = routedNames.clone();
        c.duplicateAnswers = duplicateAnswers;
        c.timeouts = timeouts;
        c.answered = answered;
        c.lost = lost;
        c.held = held;
        c.memoryTurns = memoryTurns;
        c.lostAnswers = lostAnswers;
        c.invalidAccesses = invalidAccesses;
        c.replayStall = replayStall;
        c.receivedByVcpu = receivedByVcpu.clone();
        c.answeredByVcpu = answeredByVcpu.clone();
        c.distortion.add(distortion);
        c.restarts = restarts;
        c.lookaheadMisses = lookaheadMisses;
        c.halts = halts;
        c.interruptsRaised = interruptsRaised;
        c.interruptsDelivered = interruptsDelivered;
        c.interruptsDropped = interruptsDropped;
        return c;
    }

    public long unassigned() {
        return unassignedReads + unassignedWrites;
    }
}
