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
 */
public record MemoryTurn(int vcpu, long seq, long vt, ActorRef<VmmActor.Reply> replyTo)
        implements VmmActor.Command, TimedEvent {

    @Override
    public int source() {
        return vcpu;
    }
}
