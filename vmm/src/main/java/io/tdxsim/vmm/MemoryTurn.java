package io.tdxsim.vmm;

import akka.actor.typed.ActorRef;
import io.tdxsim.vmm.engine.TimedEvent;

/**
 * Deterministic mode: a vCPU asks for its turn to execute one instruction that touches guest
 * memory other vCPUs can reach. Turns are events of the engine, ordered with the TDVMCALLs by
 * (virtual time, vCPU, sequence), and granted one at a time: the vCPU executes the instruction,
 * then sends {@link VmmActor.MemoryDone}, and only then does the next turn go out. So every
 * access to shared memory happens in one order, the same at any dispatcher size.
 *
 * @param seq the vCPU's own count of turns (a vCPU has at most one event outstanding)
 * @param vt  the vCPU's virtual time when the instruction starts
 * @param spin the pass of a spin loop this turn starts, or null ({@link Spin})
 */
public record MemoryTurn(int vcpu, long seq, long vt, ActorRef<VmmActor.Reply> replyTo, Spin spin)
        implements VmmActor.Command, TimedEvent {

    public MemoryTurn(int vcpu, long seq, long vt, ActorRef<VmmActor.Reply> replyTo) {
        this(vcpu, seq, vt, replyTo, null);
    }

    /**
     * The turn's instruction is the first access of a pass of a spin loop. {@code periodNs} &gt; 0:
     * the pass before went round without changing anything, so while no memory changes, every
     * further pass repeats it (its cost {@code periodNs}); at most {@code maxPasses} fit the
     * vCPU's instruction budget, and every skipped pass must end before {@code beforeVt} (the
     * seed's next host preemption of the vCPU, which lands between two instructions).
     * {@code skipped}: passes the engine accounted for without running them.
     */
    public record Spin(long periodNs, long maxPasses, long beforeVt, long skipped) {
        /** A pass start that cannot be skipped (the pass before changed something, or is the first). */
        public static final Spin START = new Spin(0, 0, Long.MAX_VALUE, 0);

        public boolean repeats() {
            return periodNs > 0;
        }
    }

    @Override
    public int source() {
        return vcpu;
    }
}
