package io.tdxsim.vmm;

import akka.actor.typed.ActorRef;
import io.tdxsim.vmm.engine.TimedEvent;

/**
 * TDG.VP.VMCALL as the VMM receives it: the guest's R10..R15 plus who asked and when.
 *
 * @param vcpu   index of the calling vCPU
 * @param seq    per-vCPU sequence number of this exit (program order)
 * @param exitVt virtual time at which the #VE was raised
 * @param vt     virtual time at which the call reaches the VMM
 */
public record TdVmCall(int vcpu, long seq, long exitVt, long vt,
                       long r10, long r11, long r12, long r13, long r14, long r15,
                       ActorRef<VmmActor.Reply> replyTo) implements VmmActor.Command, TimedEvent {

    public static TdVmCall mmio(int vcpu, long seq, long exitVt, long vt, int size, boolean write,
                                long gpa, long data, ActorRef<VmmActor.Reply> replyTo) {
        return new TdVmCall(vcpu, seq, exitVt, vt, Ghci.STANDARD, Ghci.SUBFUNC_REQUEST_MMIO, size,
                write ? Ghci.DIRECTION_WRITE : Ghci.DIRECTION_READ, gpa, write ? data : 0, replyTo);
    }

    /**
     * TDG.VP.VMCALL&lt;Instruction.IO&gt;: R12 size, R13 direction, R14 port, R15 as the guest set it
     * (the data written; the RFC handler passes RAX on reads too, and KVM ignores it then).
     */
    public static TdVmCall io(int vcpu, long seq, long exitVt, long vt, int size, boolean write, int port,
                              long data, ActorRef<VmmActor.Reply> replyTo) {
        return new TdVmCall(vcpu, seq, exitVt, vt, Ghci.STANDARD, Ghci.SUBFUNC_IO, size,
                write ? Ghci.DIRECTION_WRITE : Ghci.DIRECTION_READ, port, data, replyTo);
    }

    /**
     * TDG.VP.VMCALL&lt;Instruction.HLT&gt;: R12 = 1 when the guest has interrupts blocked. R13 is not
     * the guest's: it carries what KVM reads from the TDX module's vCPU state, whether a vector
     * already waits in the virtual APIC (then a HLT with interrupts not blocked returns at once).
     */
    public static TdVmCall hlt(int vcpu, long seq, long exitVt, long vt, boolean interruptsBlocked,
                               boolean vectorWaiting, ActorRef<VmmActor.Reply> replyTo) {
        return new TdVmCall(vcpu, seq, exitVt, vt, Ghci.STANDARD, Ghci.SUBFUNC_HLT, interruptsBlocked ? 1 : 0,
                vectorWaiting ? 1 : 0, 0, 0, replyTo);
    }

    public boolean isHlt() {
        return r10 == Ghci.STANDARD && r11 == Ghci.SUBFUNC_HLT;
    }

    @Override
    public int source() {
        return vcpu;
    }

    /** As tdx_emulate_mmio() reads it: R13 held in an int, bits 63:32 dropped. */
    public boolean isWrite() {
        return (int) r13 == Ghci.DIRECTION_WRITE;
    }
}
