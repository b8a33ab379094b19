package io.tdxsim.vcpu;

import akka.actor.typed.ActorRef;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Stress mode's quantum for spinning vCPUs. A vCPU that spins on RAM (PAUSE) makes no calls, so
 * nothing in the engine holds it back: on a busy host it would run milliseconds ahead in virtual
 * time, and the lock holder's next call would then wait for everyone else to catch up. Each vCPU
 * publishes its virtual time here; a spinner more than {@link #QUANTUM_NS} ahead of the slowest
 * live vCPU waits (in wall-clock time, without executing) until another vCPU moves on: every
 * publication wakes the waiters, who look again.
 *
 * <p>No wake-up is lost, and none is needed from a wall clock: every vCPU publishes each call
 * (with the time it goes out at) and its end, from the run's first event on, and a spinner
 * publishes before it waits. So the slowest clock always belongs to a vCPU that runs, or whose
 * call the engine can start, since every waiting spinner has reported progress beyond that
 * call's arrival.
 */
final class SpinClocks {

    static final long QUANTUM_NS = 2_000;
    static final long DONE = Long.MAX_VALUE;

    private final AtomicLongArray vt;
    /** The slowest vCPU's time as last scanned; rescanned only when a spinner passes it. */
    private volatile long slowest;

    SpinClocks(int vcpus) {
        vt = new AtomicLongArray(vcpus);
    }

    private final ConcurrentLinkedQueue<ActorRef<VcpuActor.Command>> waiters = new ConcurrentLinkedQueue<>();

    /** A spinner's own step: no wake-ups, or every PAUSE of every spinner would wake all the others. */
    void note(int vcpu, long now) {
        if (vcpu < vt.length()) {
            vt.set(vcpu, now);
        }
    }

    void publish(int vcpu, long now) {
        note(vcpu, now);
        for (ActorRef<VcpuActor.Command> w = waiters.poll(); w != null; w = waiters.poll()) {
            w.tell(VcpuActor.Wake.INSTANCE);
        }
    }

    /**
     * vCPU {@code index} at {@code now} waits: it gets {@link VcpuActor.Wake} at the next
     * publication, or at once if the others moved on while it was deciding to wait (so no wake-up
     * is lost; a spare one is harmless).
     */
    void await(int index, long now, ActorRef<VcpuActor.Command> self) {
        waiters.add(self);
        if (!ahead(index, now)) {
            self.tell(VcpuActor.Wake.INSTANCE);
        }
    }

    /** Whether vCPU {@code self} at {@code now} should wait for the others. */
    boolean ahead(int self, long now) {
        if (now <= slowest + QUANTUM_NS) {
            return false;
        }
        long min = now;                  // self included, so the cached minimum holds for everyone
        for (int i = 0; i < vt.length(); i++) {
            if (i != self) {
                min = Math.min(min, vt.get(i));
            }
        }
        slowest = min;
        return now > min + QUANTUM_NS;
    }
}
