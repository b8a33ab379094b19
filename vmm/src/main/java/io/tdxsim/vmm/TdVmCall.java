package io.tdxsim.vmm;

import akka.actor.typed.ActorRef;
import io.tdxsim.vmm.engine.TimedEvent;
import java.util.Objects;

/**
 * TDG.VP.VMCALL as the VMM receives it: the guest's R10..R15 plus who asked and when.
 * <p>
 * A vCPU keeps one and refills it for each exit ({@link #asMmio}, {@link #asIo}, {@link #asHlt}):
 * it has at most one call in flight and refills only after that call's answer came, and the VMM
 * and devices keep no reference past the answer. Whatever must outlive it takes a {@link #copy()}.
 * Equality is by value, as for the record it was.
 */
public final class TdVmCall implements VmmActor.Command, TimedEvent {
    /** index of the calling vCPU */
    private int vcpu;
    /** per-vCPU sequence number of this exit (program order) */
    private long seq;
    /** virtual time at which the #VE was raised */
    private long exitVt;
    /** virtual time at which the call reaches the VMM */
    private long vt;
    private long r10;
    private long r11;
    private long r12;
    private long r13;
    private long r14;
    private long r15;
    private ActorRef<VmmActor.Reply> replyTo;

    /** An empty carrier for a vCPU to fill; Jackson also reads into one (its fields, by name). */
    public TdVmCall() {
    }

    public TdVmCall(int vcpu, long seq, long exitVt, long vt,
                    long r10, long r11, long r12, long r13, long r14, long r15, ActorRef<VmmActor.Reply> replyTo) {
        set(vcpu, seq, exitVt, vt, r10, r11, r12, r13, r14, r15, replyTo);
    }

    private TdVmCall set(int vcpu, long seq, long exitVt, long vt,
                         long r10, long r11, long r12, long r13, long r14, long r15, ActorRef<VmmActor.Reply> replyTo) {
        this.vcpu = vcpu;
        this.seq = seq;
        this.exitVt = exitVt;
        this.vt = vt;
        this.r10 = r10;
        this.r11 = r11;
        this.r12 = r12;
        this.r13 = r13;
        this.r14 = r14;
        this.r15 = r15;
        this.replyTo = replyTo;
        return this;
    }

    public static TdVmCall mmio(int vcpu, long seq, long exitVt, long vt, int size, boolean write,
                                long gpa, long data, ActorRef<VmmActor.Reply> replyTo) {
        return new TdVmCall().asMmio(vcpu, seq, exitVt, vt, size, write, gpa, data, replyTo);
    }

    /** Refills this carrier as TDG.VP.VMCALL&lt;#VE.RequestMMIO&gt;: R12 size, R13 direction, R14 GPA, R15 data. */
    public TdVmCall asMmio(int vcpu, long seq, long exitVt, long vt, int size, boolean write,
                           long gpa, long data, ActorRef<VmmActor.Reply> replyTo) {
        return set(vcpu, seq, exitVt, vt, Ghci.STANDARD, Ghci.SUBFUNC_REQUEST_MMIO, size,
                write ? Ghci.DIRECTION_WRITE : Ghci.DIRECTION_READ, gpa, write ? data : 0, replyTo);
    }

    public static TdVmCall io(int vcpu, long seq, long exitVt, long vt, int size, boolean write, int port,
                              long data, ActorRef<VmmActor.Reply> replyTo) {
        return new TdVmCall().asIo(vcpu, seq, exitVt, vt, size, write, port, data, replyTo);
    }

    /**
     * Refills this carrier as TDG.VP.VMCALL&lt;Instruction.IO&gt;: R12 size, R13 direction, R14 port,
     * R15 as the guest set it (the data written; the RFC handler passes RAX on reads too, and KVM
     * ignores it then).
     */
    public TdVmCall asIo(int vcpu, long seq, long exitVt, long vt, int size, boolean write, int port,
                         long data, ActorRef<VmmActor.Reply> replyTo) {
        return set(vcpu, seq, exitVt, vt, Ghci.STANDARD, Ghci.SUBFUNC_IO, size,
                write ? Ghci.DIRECTION_WRITE : Ghci.DIRECTION_READ, port, data, replyTo);
    }

    public static TdVmCall hlt(int vcpu, long seq, long exitVt, long vt, boolean interruptsBlocked,
                               boolean vectorWaiting, ActorRef<VmmActor.Reply> replyTo) {
        return new TdVmCall().asHlt(vcpu, seq, exitVt, vt, interruptsBlocked, vectorWaiting, replyTo);
    }

    /**
     * Refills this carrier as TDG.VP.VMCALL&lt;Instruction.HLT&gt;: R12 = 1 when the guest has
     * interrupts blocked. R13 is not the guest's: it carries what KVM reads from the TDX module's
     * vCPU state, whether a vector already waits in the virtual APIC (then a HLT with interrupts
     * not blocked returns at once).
     */
    public TdVmCall asHlt(int vcpu, long seq, long exitVt, long vt, boolean interruptsBlocked,
                          boolean vectorWaiting, ActorRef<VmmActor.Reply> replyTo) {
        return set(vcpu, seq, exitVt, vt, Ghci.STANDARD, Ghci.SUBFUNC_HLT, interruptsBlocked ? 1 : 0,
                vectorWaiting ? 1 : 0, 0, 0, replyTo);
    }

    /** A detached copy, which the carrier's next refill leaves alone. */
    public TdVmCall copy() {
        return new TdVmCall(vcpu, seq, exitVt, vt, r10, r11, r12, r13, r14, r15, replyTo);
    }

    public int vcpu() {
        return vcpu;
    }

    @Override
    public long seq() {
        return seq;
    }

    public long exitVt() {
        return exitVt;
    }

    @Override
    public long vt() {
        return vt;
    }

    public long r10() {
        return r10;
    }

    public long r11() {
        return r11;
    }

    public long r12() {
        return r12;
    }

    public long r13() {
        return r13;
    }

    public long r14() {
        return r14;
    }

    public long r15() {
        return r15;
    }

    public ActorRef<VmmActor.Reply> replyTo() {
        return replyTo;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof TdVmCall c && vcpu == c.vcpu && seq == c.seq && exitVt == c.exitVt && vt == c.vt
                && r10 == c.r10 && r11 == c.r11 && r12 == c.r12 && r13 == c.r13 && r14 == c.r14 && r15 == c.r15
                && Objects.equals(replyTo, c.replyTo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(vcpu, seq, exitVt, vt, r10, r11, r12, r13, r14, r15, replyTo);
    }

    @Override
    public String toString() {
        return "TdVmCall[vcpu=" + vcpu + ", seq=" + seq + ", exitVt=" + exitVt + ", vt=" + vt + ", r10=" + r10
                + ", r11=" + r11 + ", r12=" + r12 + ", r13=" + r13 + ", r14=" + r14 + ", r15=" + r15
                + ", replyTo=" + replyTo + "]";
    }
}
