package io.tdxsim.vcpu;

import io.tdxsim.vmm.Ghci;

/**
 * The system instructions of interrupt handling (CLI, STI, PUSHFQ, POPFQ, LIDT, IRETQ, WRMSR to
 * the x2APIC EOI, TDCALL for Instruction.HLT) and the CPU's own delivery of an interrupt through
 * the IDT. Every memory access comes before any register write, as for every instruction, so a
 * delivery or IRETQ stopped for a memory turn replays from the start.
 */
final class SystemOps {

    /** Linux's __KERNEL_CS and __KERNEL_DS: what the frame of an interrupt from ring 0 holds. */
    static final long KERNEL_CS = 0x10;
    static final long KERNEL_SS = 0x18;
    /** CF PF AF ZF SF IF DF OF AC ID: what POPFQ and IRETQ restore (TF, NT, RF, VM are not modelled). */
    static final long RESTORED_FLAGS = 0x1 | 0x4 | 0x10 | 0x40 | 0x80 | 0x200 | 0x400 | 0x800 | 0x40000 | 0x200000;
    private static final int INTERRUPT_GATE = 0xE;
    private static final int TRAP_GATE = 0xF;

    private final RegisterFile regs;
    private final GuestMemory mem;
    final InterruptState irq = new InterruptState();
    /** Set by an instruction that asks the VMM to halt the vCPU (HLT with IF set, TDCALL HLT). */
    boolean haltCall;
    boolean haltBlocked;
    boolean haltViaVe;

    SystemOps(RegisterFile regs, GuestMemory mem) {
        this.regs = regs;
        this.mem = mem;
    }

    /** A ring-0 instruction in user mode is a #GP, which Linux turns into SIGSEGV. */
    private void kernelOnly(String what) {
        if (mem.userMode()) {
            mem.fail(Fault.SIGSEGV, String.format("%s at 0x%x in user mode: #GP", what, regs.rip));
        }
    }

    void cli() {
        kernelOnly("cli");
        regs.rflags &= ~InterruptState.IF;
    }

    void sti() {
        kernelOnly("sti");
        if ((regs.rflags & InterruptState.IF) == 0) {
            irq.shadow = 2;          // this instruction and the next retire before an interrupt is taken
        }
        regs.rflags |= InterruptState.IF;
    }

    void pushf() {
        long rsp = regs.gpr[4] - 8;
        mem.store(rsp, 8, regs.rflags);
        regs.gpr[4] = rsp;
    }

    void popf() {
        long v = mem.load(regs.gpr[4], 8);
        regs.gpr[4] += 8;
        long keep = mem.userMode() ? InterruptState.IF : 0;       // IOPL 0: user mode cannot change IF
        regs.rflags = (v & RESTORED_FLAGS & ~keep) | (regs.rflags & keep) | RegisterFile.FIXED;
    }

    void lidt(long ea) {
        kernelOnly("lidt");
        long limit = mem.load(ea, 2);
        long base = mem.load(ea + 2, 8);
        irq.idtLimit = (int) limit;
        irq.idtBase = base;
    }

    /** Returns the RIP to resume at. */
    long iretq() {
        kernelOnly("iretq");
        long sp = regs.gpr[4];
        long rip = mem.load(sp, 8);
        long cs = mem.load(sp + 8, 8);
        long flags = mem.load(sp + 16, 8);
        long rsp = mem.load(sp + 24, 8);
        if ((cs & 3) != 0) {
            mem.fail(Fault.OOPS, String.format("iretq at 0x%x to ring %d: only returns to ring 0 are modelled",
                    regs.rip, cs & 3));
        }
        regs.rflags = (flags & RESTORED_FLAGS) | RegisterFile.FIXED;
        regs.gpr[4] = rsp;
        return rip;
    }

    void wrmsr() {
        kernelOnly("wrmsr");
        int msr = (int) regs.gpr[1];
        if (msr != InterruptState.MSR_X2APIC_EOI) {
            mem.fail(Fault.OOPS, String.format("wrmsr to MSR 0x%x at 0x%x: only the x2APIC EOI (0x%x) is modelled",
                    msr, regs.rip, InterruptState.MSR_X2APIC_EOI));
        }
        irq.endOfInterrupt();
    }

    /** TDCALL: only TDG.VP.VMCALL (leaf 0) with sub-function Instruction.HLT, as tdx_safe_halt() issues it. */
    void tdcall() {
        kernelOnly("tdcall");
        if (regs.gpr[0] != 0 || regs.gpr[10] != Ghci.STANDARD || regs.gpr[11] != Ghci.SUBFUNC_HLT) {
            mem.fail(Fault.OOPS, String.format("tdcall at 0x%x: leaf %d, R10 %d, R11 %d; only TDG.VP.VMCALL"
                    + "<Instruction.HLT> (RAX 0, R10 0, R11 %d) is modelled", regs.rip, regs.gpr[0], regs.gpr[10],
                    regs.gpr[11], Ghci.SUBFUNC_HLT));
        }
        halt(regs.gpr[12] != 0, false);
    }

    /** HLT: with IF clear it ends the vCPU (returns true); with IF set the vCPU asks to sleep. */
    boolean hlt() {
        if ((regs.rflags & InterruptState.IF) == 0) {
            return true;
        }
        halt(false, true);
        return false;
    }

    private void halt(boolean blocked, boolean viaVe) {
        haltCall = true;
        haltBlocked = blocked;
        haltViaVe = viaVe;
    }

    /**
     * Takes {@code vector}: reads its 16-byte gate, aligns RSP down to 16 bytes and pushes SS,
     * RSP, RFLAGS, CS and RIP, clears IF for an interrupt gate (a trap gate leaves it) and jumps to
     * the handler. A missing or malformed gate would be a #GP and then a double fault: an oops.
     */
    void deliver(int vector) {
        long offset = 16L * vector;
        if (offset + 15 > irq.idtLimit) {
            mem.fail(Fault.OOPS, String.format("interrupt vector 0x%x: beyond the IDT's limit 0x%x (#GP, then a "
                    + "double fault)", vector, irq.idtLimit));
        }
        long low = mem.load(irq.idtBase + offset, 8);
        long high = mem.load(irq.idtBase + offset + 8, 8);
        int type = (int) (low >>> 40) & 0xF;
        if ((low >>> 47 & 1) == 0 || (type != INTERRUPT_GATE && type != TRAP_GATE)) {
            mem.fail(Fault.OOPS, String.format("interrupt vector 0x%x: IDT gate at 0x%x not present or not an"
                    + " interrupt or trap gate (#GP, then a double fault)", vector, irq.idtBase + offset));
        }
        long target = (low & 0xFFFF) | (low >>> 48 & 0xFFFF) << 16 | (high & 0xFFFF_FFFFL) << 32;
        long rsp = regs.gpr[4];
        long top = rsp & ~0xFL;
        mem.store(top - 8, 8, KERNEL_SS);
        mem.store(top - 16, 8, rsp);
        mem.store(top - 24, 8, regs.rflags);
        mem.store(top - 32, 8, KERNEL_CS);
        mem.store(top - 40, 8, regs.rip);
        regs.gpr[4] = top - 40;
        if (type == INTERRUPT_GATE) {
            regs.rflags &= ~InterruptState.IF;
        }
        regs.rip = target;
        irq.accept(vector);
    }
}
