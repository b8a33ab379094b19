package io.tdxsim.vcpu;

import akka.actor.typed.ActorRef;
import java.util.Comparator;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Stress mode's quantum for spinning vCPUs. A vCPU that spins on RAM (PAUSE) makes no calls, so
 * nothing in the engine holds it back: on a busy host it would run milliseconds ahead in virtual
 * time, and the lock holder's next call would then wait for everyone else to catch up. Each vCPU
 * publishes its virtual time here; a spinner more than {@link #QUANTUM_NS} ahead of the slowest
 * live vCPU waits (in wall-clock time, without executing) until the slowest clock comes within
 * the quantum of it.
 *
 * <p>No wake-up is lost, and none is needed from a wall clock: every vCPU publishes each call
 * (with the time it goes out at) and its end, from the run's first event on, and a spinner
 * publishes before it waits. So the slowest clock always belongs to a vCPU that runs, or whose
 * call the engine can start, since every waiting spinner has reported progress beyond that
 * call's arrival. A publication wakes only the waiters the slowest clock's move let through, and
 * only the slowest vCPU's move can do that, so a thousand spinners do not wake each other.
 */
final class SpinClocks {

    static final long QUANTUM_NS = 2_000;
    static final long DONE = Long.MAX_VALUE;

    /** A waiting spinner, in order of its virtual time: the slowest clock lets them through in that order. */
    private record Waiter(long vt, int vcpu, ActorRef<VcpuActor.Command> self) { }

    private static final Comparator<Waiter> BY_TIME =
            Comparator.comparingLong(Waiter::vt).thenComparingInt(Waiter::vcpu);

    private final AtomicLongArray vt;
    /** Each vCPU's clock at its last publication; a slot is read and written by its own vCPU only. */
    private final long[] published;
    private final ConcurrentSkipListSet<Waiter> waiters = new ConcurrentSkipListSet<>(BY_TIME);
    /** The slowest vCPU's time as last scanned; rescanned only when a spinner passes it. */
    private volatile long slowest;
    /** The slowest vCPU as last scanned: a publisher that was ahead of its clock was not the slowest. */
    private volatile int witness;

    SpinClocks(int vcpus) {
        vt = new AtomicLongArray(vcpus);
        published = new long[vcpus];
    }

    /** A spinner's own step: no wake-ups, or every PAUSE of every spinner would wake all the others. */
    void note(int vcpu, long now) {
        if (vcpu < vt.length()) {
            vt.set(vcpu, now);
        }
    }

    /**
     * vCPU {@code vcpu} is at {@code now}; wakes the waiters that are now within the quantum of
     * the slowest clock. A vCPU that was never the slowest since its last publication (another
     * clock, read after this move, is still behind where it was then; clocks only move on) cannot
     * have let anyone through, by this move or by the steps it noted since.
     */
    void publish(int vcpu, long now) {
        if (vcpu >= vt.length()) {
            return;
        }
        vt.set(vcpu, now);
        long before = published[vcpu];
        published[vcpu] = now;
        if (waiters.isEmpty()) {
            return;                          // a waiter that comes later looks for itself (await)
        }
        int w = witness;
        if (w != vcpu && vt.get(w) < before) {
            return;
        }
        long limit = saturatedAdd(slowestOf(-1), QUANTUM_NS);
        while (true) {
            Waiter first;
            try {
                first = waiters.first();
            } catch (NoSuchElementException empty) {
                return;
            }
            if (first.vt() > limit) {
                return;
            }
            if (waiters.remove(first)) {
                first.self().tell(new VcpuActor.Wake(first.vcpu()));
            }
        }
    }

    /**
     * vCPU {@code index} at {@code now} waits: it gets {@link VcpuActor.Wake} once the slowest
     * clock comes within the quantum, or at once if it did while the vCPU was deciding to wait
     * (so no wake-up is lost; a spare one is harmless).
     */
    void await(int index, long now, ActorRef<VcpuActor.Command> self) {
        waiters.add(new Waiter(now, index, self));
        if (!ahead(index, now)) {
            self.tell(new VcpuActor.Wake(index));
        }
    }

    /** Whether vCPU {@code self} at {@code now} should wait for the others. */
    boolean ahead(int self, long now) {
        if (now <= slowest + QUANTUM_NS) {
            return false;
        }
        long min = Math.min(now, slowestOf(self));   // self included, so the cached minimum holds for everyone
        slowest = min;
        return now > min + QUANTUM_NS;
    }

    /**
     * How many passes of {@code periodNs} vCPU {@code self}, at {@code now}, can make before it
     * would be ahead of the slowest other vCPU: the passes a changeless spin loop may skip.
     */
    long passesWithin(int self, long now, long periodNs) {
        long min = slowestOf(self);
        if (min == DONE) {
            return 0;                        // no one else left: nothing to wait for, run on
        }
        return Math.max(0, (min + QUANTUM_NS - now) / periodNs);
    }

    /** The slowest clock but {@code except}'s (DONE if none), remembered as the witness. */
    private long slowestOf(int except) {
        long min = DONE;
        int who = witness;
        for (int i = 0; i < vt.length(); i++) {
            long t = vt.get(i);
            if (i != except && t < min) {
                min = t;
                who = i;
            }
        }
        witness = who;
        return min;
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < a ? Long.MAX_VALUE : s;
    }
}
