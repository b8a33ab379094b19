package io.tdxsim.vmm;

import io.tdxsim.vmm.engine.EventSequencer;
import io.tdxsim.vmm.engine.TimedEvent;
import io.tdxsim.vmm.engine.TimerEvent;
import java.util.Arrays;

/**
 * The VMM's side of device timers. Each device's earliest pending timer is one engine event (the
 * device actor keeps the callbacks and says when its earliest changes); with an engine order it
 * waits in the sequencer with the vCPUs' events, without one it fires as soon as a call shows
 * that virtual time got there.
 *
 * <p>A timer fires only once some vCPU is known to have reached its time (a call, a turn, an
 * answer or its end at or after it), or once the VMM moves time on for vCPUs that all sleep in
 * HLT ({@link #reached}): so a run whose vCPUs have all halted fires the timers due up to its
 * last vCPU's end, in order, and ends with the later ones still pending, however the host
 * scheduled the actors.
 *
 * @param <T> how a device is addressed
 */
final class TimerSources<T> {

    static final long NONE = ModelTimers.NONE;

    private final int firstSource;
    private final EventSequencer<TimedEvent> sequencer;
    private final long horizonNs;
    private final Object[] targets;
    /** Per device: time of its event waiting to fire (NONE if none), whether a firing is out. */
    private final long[] waitingVt;
    private final boolean[] firing;
    private final long[] seq;
    private int waitingCount;
    private long reached;
    private long released;

    /** @param sequencer the engine order, or null when calls are dispatched as they come */
    TimerSources(int vcpus, int devices, EventSequencer<TimedEvent> sequencer, long horizonNs) {
        this.firstSource = vcpus;
        this.sequencer = sequencer;
        this.horizonNs = horizonNs;
        this.targets = new Object[devices];
        this.waitingVt = new long[devices];
        this.firing = new boolean[devices];
        this.seq = new long[devices];
        Arrays.fill(waitingVt, NONE);
        if (sequencer != null) {
            for (int d = 0; d < devices; d++) {
                sequencer.answered(firstSource + d, NONE);     // no timer set yet
            }
        }
    }

    /** A vCPU is known to get as far as {@code vt}. */
    void reached(long vt) {
        reached = Math.max(reached, vt);
    }

    /** False while no vCPU is known to get as far as the timer's time, or it lies at the horizon or beyond. */
    boolean mayFire(long vt) {
        return vt <= reached && (horizonNs <= 0 || vt < horizonNs);
    }

    /** The device's earliest timer is now {@code nextVt} (NONE: it has none); {@code fired}: after a firing. */
    void update(int device, T target, long nextVt, boolean fired) {
        targets[device] = target;
        if (fired) {
            firing[device] = false;
            if (sequencer != null) {
                sequencer.answered(firstSource + device, NONE);
            }
        } else if (firing[device]) {
            return;                              // the firing's own report, behind this one, has the final word
        }
        if (waitingVt[device] == nextVt) {
            return;
        }
        if (waitingVt[device] != NONE) {
            waitingCount--;
            if (sequencer != null) {
                sequencer.withdraw(firstSource + device, NONE);
            }
        }
        waitingVt[device] = nextVt;
        if (nextVt != NONE) {
            waitingCount++;
            if (sequencer != null) {
                sequencer.offer(new TimerEvent(firstSource + device, ++seq[device], nextVt, device));
            }
        }
    }

    /** The engine released the device's timer event: it fires now. */
    void fire(TimerEvent e, VmmCore.Outbox<T> out) {
        claim(e);
        send(e, out);
    }

    /**
     * The engine released the event; it fires when {@link #send} is called (after the memory
     * accesses ordered before it). Until the device reports, what its accesses say about its
     * timers is superseded by that report.
     */
    void claim(TimerEvent e) {
        int d = e.device();
        waitingVt[d] = NONE;
        waitingCount--;
        firing[d] = true;
        released++;
    }

    @SuppressWarnings("unchecked")
    void send(TimerEvent e, VmmCore.Outbox<T> out) {
        out.fireTimers((T) targets[e.device()], e.device(), e.vt());
    }

    /** Without an engine order: fires every device timer virtual time has reached. */
    void fireReached(VmmCore.Outbox<T> out) {
        if (waitingCount == 0) {
            return;
        }
        for (int d = 0; d < waitingVt.length; d++) {
            if (waitingVt[d] != NONE && !firing[d] && mayFire(waitingVt[d])) {
                fire(new TimerEvent(firstSource + d, ++seq[d], waitingVt[d], d), out);
            }
        }
    }

    /** A timer is out firing, or due up to where the vCPUs got and not yet fired. */
    boolean settling() {
        for (int d = 0; d < waitingVt.length; d++) {
            if (firing[d] || (waitingVt[d] != NONE && mayFire(waitingVt[d]))) {
                return true;
            }
        }
        return false;
    }

    /** A firing is out: its device has not reported yet. */
    boolean anyFiring() {
        for (boolean f : firing) {
            if (f) {
                return true;
            }
        }
        return false;
    }

    /** The earliest time a timer of a device {@code eligible} accepts waits for, or NONE. */
    long earliestWaiting(java.util.function.IntPredicate eligible) {
        long earliest = NONE;
        for (int d = 0; d < waitingVt.length; d++) {
            if (waitingVt[d] != NONE && !firing[d] && eligible.test(d) && (earliest == NONE || waitingVt[d] < earliest)) {
                earliest = waitingVt[d];
            }
        }
        return earliest;
    }

    /** Timer events released to their devices. */
    long released() {
        return released;
    }
}
