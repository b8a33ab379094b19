package io.tdxsim.vcpu;

import io.tdxsim.vcpu.decode.Insn;

/**
 * Executes guest instructions one at a time against a {@link RegisterFile} and
 * {@link GuestMemory}. Every instruction performs its memory accesses before it writes any
 * register, so an instruction stopped by MMIO can simply be replayed once the access is served.
 */
public final class Interpreter extends Executor {

    /**
     * Why {@link #step()} returned. TURN: the instruction would access RAM other vCPUs share, in
     * deterministic mode; nothing happened yet, and it runs once {@link #holdTurn} granted it.
     * HALT_CALL: HLT with interrupts enabled or TDCALL Instruction.HLT; the vCPU asks the VMM to
     * halt it ({@link #haltBlocked()}) and the instruction completes with {@link #completeHalt()}.
     */
    public enum Stop { RETIRED, HALTED, VE, MMIO, FAULT, TURN, HALT_CALL }

    private static final Insn NONE = new Insn();

    /**
     * Where in the text the instruction decoded last starts, or -1 (none yet, or an interrupt was
     * delivered instead): an int rather than the entry, so no instruction stores a reference (see
     * {@link Operands}). The stop paths look the entry up again.
     */
    private int lastOffset = -1;
    /** The instruction retired last was PAUSE ({@link #spinning}). */
    private boolean retiredPause;

    /** A vCPU alone in its TD (tests, benchmarks, the decoder's verdicts). */
    public Interpreter(AddressSpace space, byte[] code, boolean userMode, boolean emulateMmio, RegisterFile regs) {
        this(space, new TdMemory(), 0, false, code, userMode, emulateMmio, regs);
    }

    /**
     * vCPU {@code vcpu} of a TD whose memory is {@code ram}.
     *
     * @param turns deterministic mode: accesses to RAM outside the vCPU's own stack wait for a turn
     */
    public Interpreter(AddressSpace space, TdMemory ram, int vcpu, boolean turns, byte[] code, boolean userMode,
                       boolean emulateMmio, RegisterFile regs) {
        this(new GuestLayout(space, ram, code, userMode, emulateMmio, turns), vcpu, regs);
    }

    /** vCPU {@code vcpu} of a group whose vCPUs share {@code layout}. */
    Interpreter(GuestLayout layout, int vcpu, RegisterFile regs) {
        super(regs, new GuestMemory(layout, vcpu));
        regs.rip = mem.codeBase();
    }

    /** Executes one instruction (one iteration for REP string instructions). */
    public Stop step() {
        long flags = regs.rflags;
        Stop s;
        do {
            regs.rflags = flags;             // a retried or stopped instruction changed nothing
            s = attempt();
        } while (s == null);
        if (s == Stop.TURN) {
            regs.rflags = flags;
        }
        return s;
    }

    /** One try at the instruction; null when a locked update lost its race and must run again. */
    private Stop attempt() {
        mem.beginInstruction();
        try {
            SystemOps sys = sysIfMade();
            int vector = sys == null ? -1 : sys.irq.deliverable(regs.rflags);
            if (vector >= 0) {
                lastOffset = -1;
                retiredPause = false;
                sys.deliver(vector);
                if (mem.stop != null) {
                    return mem.stop;
                }
                mem.endInstruction();
                return Stop.RETIRED;                       // taking it costs one instruction
            }
            int off = mem.codeOffset(regs.rip);
            if (off < 0) {
                mem.fail(mem.userMode() ? Fault.SIGSEGV : Fault.OOPS,
                        String.format("instruction fetch outside program text at 0x%x", regs.rip));
            }
            lastOffset = off;
            Insn insn = mem.decodedAt(off);
            if (!insn.valid) {
                mem.fail(Fault.INVALID_OPCODE, String.format("cannot decode at 0x%x: %s", regs.rip, insn.error));
            }
            boolean halted = execute(insn);
            if (mem.retry()) {
                return null;
            }
            if (mem.stop != null) {
                return mem.stop;
            }
            mem.endInstruction();
            sys = sysIfMade();
            if (sys != null && sys.haltCall) {
                sys.haltCall = false;
                return Stop.HALT_CALL;
            }
            countRetired();
            instructionPassed();
            retiredPause = isPause(insn);
            return halted ? Stop.HALTED : Stop.RETIRED;
        } catch (GuestMemory.Stop s) {
            return mem.retry() ? null : mem.stop;
        } finally {
            mem.unlock();
        }
    }

    /**
     * What RDTSC reads: by default the instructions retired so far; a vCPU gives its virtual
     * time in nanoseconds.
     */
    public void clock(java.util.function.LongSupplier source) {
        clock = java.util.Objects.requireNonNull(source);
    }

    /** The instruction retired last was PAUSE: the guest is spinning on something another vCPU holds. */
    public boolean spinning() {
        return retiredPause;
    }

    private static boolean isPause(Insn insn) {
        return !insn.vex && insn.map == Insn.MAP_ONE_BYTE && insn.opcode == 0x90
                && insn.has(Insn.P_REP) && (insn.rex & 1) == 0;
    }

    /** The entry of the instruction decoded last: read at stops, never per instruction. */
    private Insn last() {
        return lastOffset < 0 ? NONE : mem.decodedAt(lastOffset);
    }

    /**
     * Stores of this vCPU that changed RAM (its own stack included), counted from the first call
     * on: a spin loop whose count stays put wrote nothing another vCPU or a later pass could see.
     */
    public long changedStores() {
        return mem.changedStores();
    }

    /** Deterministic mode: the engine granted the turn the last {@link Stop#TURN} asked for (or ended it). */
    public void holdTurn(boolean held) {
        mem.holdTurn(held);
    }

    /** Supplies the result of the MMIO operation that stopped the instruction (emulation mode). */
    public void completeMmio(long value) {
        mem.completeMmio(value);
    }

    /** Abandons a stopped instruction (after a #VE was handled in software). */
    public void abandonInstruction() {
        mem.endInstruction();
        instructionPassed();
    }

    /** One step of STI's shadow passes; a vCPU without interrupt state has no shadow. */
    private void instructionPassed() {
        SystemOps sys = sysIfMade();
        if (sys != null) {
            sys.irq.retired();
        }
    }

    /** The VMM answered a {@link Stop#HALT_CALL}: the HLT or TDCALL retires. */
    public void completeHalt(long r10) {
        Insn insn = last();
        if (insn.op() == io.tdxsim.vcpu.decode.Op.TDCALL) {
            regs.gpr[0] = 0;                 // TDCALL itself succeeded; R10 holds the VMCALL's status
            regs.gpr[10] = r10;
        }
        regs.rip += insn.length;
        countRetired();
        instructionPassed();
    }

    /** The pending {@link Stop#HALT_CALL} tells the VMM interrupts are blocked (R12 of TDCALL HLT). */
    public boolean haltBlocked() {
        return sys().haltBlocked;
    }

    /** The pending {@link Stop#HALT_CALL} is HLT itself, a #VE for the handler (not a TDCALL). */
    public boolean haltViaVe() {
        return sys().haltViaVe;
    }

    /** The vCPU's interrupt controller: the VMM's answers post vectors here. */
    public InterruptState interrupts() {
        return sys().irq;
    }

    /** Interrupts this vCPU took, without making its interrupt state. */
    public long interruptsTaken() {
        SystemOps sys = sysIfMade();
        return sys == null ? 0 : sys.irq.taken();
    }

    /** The vCPU's index in its TD. */
    int vcpu() {
        return mem.vcpu();
    }

    /** The TD's memory this vCPU reaches. */
    TdMemory memory() {
        return mem.ram();
    }

    public RegisterFile registers() {
        return regs;
    }

    /** The instruction the CPU decoded last (at the stop, the faulting one). */
    public Insn currentInstruction() {
        return last();
    }

    /**
     * #VE information for a {@link Stop#VE}. The load of a read-modify-write instruction reports
     * both read and write, as the write bit is what the SDM guarantees for such accesses.
     */
    public VeInfo veInfo() {
        return veInfo(new VeInfo());
    }

    /** {@link #veInfo()} written into {@code into}, which is returned: the exit path's allocation-free form. */
    public VeInfo veInfo(VeInfo into) {
        if (mem.stopPort) {
            Insn insn = last();
            long qual = PortIo.qualification(insn, (int) mem.stopGpa, mem.stopSize, mem.stopWrite);
            return into.set(io.tdxsim.vmm.Ghci.EXIT_REASON_IO_INSTRUCTION, qual, 0, 0, insn.length);
        }
        long qual = mem.stopWrite ? io.tdxsim.vmm.Ghci.EXIT_QUAL_WRITE
                : mem.stopReadModifyWrite ? io.tdxsim.vmm.Ghci.EXIT_QUAL_READ | io.tdxsim.vmm.Ghci.EXIT_QUAL_WRITE
                : io.tdxsim.vmm.Ghci.EXIT_QUAL_READ;
        return into.set(io.tdxsim.vmm.Ghci.EXIT_REASON_EPT_VIOLATION, qual, mem.stopGla, mem.stopGpa, 0);
    }

    /** The pending MMIO operation of a {@link Stop#MMIO} (or the access behind a #VE). */
    public long pendingGpa() {
        return mem.stopGpa;
    }

    /** The stopping access is port I/O: {@link #pendingGpa()} is then the port. */
    public boolean pendingPort() {
        return mem.stopPort;
    }

    public int pendingSize() {
        return mem.stopSize;
    }

    public boolean pendingWrite() {
        return mem.stopWrite;
    }

    public long pendingData() {
        return mem.stopData;
    }

    public Fault fault() {
        return mem.fault();
    }

    public String faultDetail() {
        return mem.faultDetail();
    }

    public boolean userMode() {
        return mem.userMode();
    }

    /**
     * The instruction at {@code rip} as a #VE handler reads it: its bytes fetched from RIP, then
     * decoded by the kernel's rules ({@link io.tdxsim.vcpu.decode.X86Decoder#decodeLinux}).
     * Program text is read-only, so this is an entry every vCPU running the text shares, valid
     * or not: never write it. Null if RIP is outside the text (the fetch fails).
     */
    public Insn kernelDecoded(long rip) {
        int off = mem.codeOffset(rip);
        return off < 0 ? null : mem.kernelDecodedAt(off);
    }

    /** Up to 15 bytes of program text at {@code rip}, as a handler copies them; empty if unmapped. */
    public int fetch(long rip, byte[] into) {
        int off = mem.codeOffset(rip);
        if (off < 0) {
            return 0;
        }
        int n = Math.min(into.length, mem.code().length - off);
        System.arraycopy(mem.code(), off, into, 0, n);
        return n;
    }

    /**
     * Reads {@code size} bytes of RAM at a linear address without executing anything, as kernel
     * code dereferencing a pointer would; empty if any byte is not RAM (then it would fault). In
     * deterministic mode RAM other vCPUs reach is read only inside a memory turn: an
     * IllegalStateException otherwise, since the read's order against their stores would be the
     * threads' choice.
     */
    public java.util.OptionalLong readRam(long gla, int size) {
        return mem.peekRam(gla, size);
    }

    /** Deterministic mode: {@link #readRam} of these bytes must wait for a memory turn ({@link #holdTurn}). */
    public boolean readNeedsTurn(long gla, int size) {
        return mem.peekNeedsTurn(gla, size);
    }

    /** Linear address of {@code decoded}'s memory operand with the current registers. */
    public long effectiveAddress(Insn decoded) {
        return effectiveAddress(decoded, regs);
    }

}
