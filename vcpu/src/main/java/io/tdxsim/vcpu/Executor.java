package io.tdxsim.vcpu;

import io.tdxsim.vcpu.decode.Insn;
import io.tdxsim.vcpu.decode.Op;
import io.tdxsim.vcpu.decode.ReadModifyWrite;
import io.tdxsim.vcpu.decode.VectorStores;

/**
 * The semantics of the instructions in {@link io.tdxsim.vcpu.decode.InstructionTable}, dispatched
 * on the row the decoder tagged. Memory accesses always precede register writes, so an
 * instruction stopped by MMIO or a memory turn can be replayed from the start. The
 * {@link Interpreter} extends it, as it extends {@link Operands}: one object per vCPU for all three.
 */
abstract class Executor extends Operands {

    /** Made at the first system instruction or posted vector: most vCPUs never take an interrupt. */
    private SystemOps sys;
    /** What RDTSC reads: until a vCPU sets its own clock, the instructions retired ({@link RetiredCount}). */
    java.util.function.LongSupplier clock = new RetiredCount();

    /**
     * The TSC of an interpreter without a clock of its own: instructions retired. Kept in the clock
     * rather than in a field of every interpreter, as vCPUs set a clock and never count here.
     */
    static final class RetiredCount implements java.util.function.LongSupplier {
        long count;

        @Override
        public long getAsLong() {
            return count;
        }
    }

    Executor(RegisterFile regs, GuestMemory mem) {
        super(regs, mem);
    }

    /** An instruction retired: a clockless interpreter's TSC moves on. */
    void countRetired() {
        if (clock instanceof RetiredCount retired) {
            retired.count++;
        }
    }

    SystemOps sys() {
        if (sys == null) {
            sys = new SystemOps(regs, mem);
        }
        return sys;
    }

    /** The interrupt state if any system instruction or vector made it, else null. */
    SystemOps sysIfMade() {
        return sys;
    }

    private long tsc() {
        return clock.getAsLong();
    }

    /**
     * Executes {@code decoded}; returns true on HLT. An access that stops the instruction (MMIO,
     * fault) returns false with the reason in the guest memory. The unwinding is caught here, in
     * the method the memory accessors inline into, so the JIT turns it into a plain branch instead
     * of a runtime stack walk on every exit.
     */
    boolean execute(Insn insn) {
        try {
            long next = regs.rip + insn.length;
            mem.readModifyWrite = ReadModifyWrite.is(insn);
            int op = insn.opcode;
            if (insn.has(Insn.P_LOCK) && !ReadModifyWrite.lockable(insn)) {
                invalidLock();
            }
            // XCHG with memory is locked without the prefix
            mem.setLocked(insn.has(Insn.P_LOCK) || insn.op() == Op.XCHG_RM_REG && insn.mod != 3);
            if (insn.vex) {
                vector(insn);
            }
            int size = (op & 1) == 0 && insn.map == Insn.MAP_ONE_BYTE ? 1 : insn.opndBytes;
            switch (insn.op()) {
                case ALU_RM_REG -> alu(insn, op >>> 3, true, size, readReg(insn, size));
                case ALU_REG_RM -> alu(insn, op >>> 3, false, size, readRm(insn, size));
                case ALU_ACC_IMM -> {
                    long r = Alu.compute(op >>> 3, regs.read(0, size, false), insn.imm, size, regs);
                    if ((op >>> 3) != Alu.CMP) {
                        regs.write(0, size, false, r);
                    }
                }
                case ALU_RM_IMM -> alu(insn, insn.reg & 7, true, op == 0x80 ? 1 : insn.opndBytes, insn.imm);
                case TEST_RM_REG -> Alu.logicFlags(readRm(insn, size) & readReg(insn, size), size, regs);
                case TEST_ACC_IMM -> Alu.logicFlags(regs.read(0, size, false) & insn.imm, size, regs);
                case TEST_RM_IMM -> Alu.logicFlags(readRm(insn, size) & insn.imm, size, regs);
                case NOT -> writeRm(insn, size, ~readRm(insn, size));
                case NEG -> writeRm(insn, size, Alu.compute(Alu.SUB, 0, readRm(insn, size), size, regs));
                case MUL, IMUL_ONE -> MulDiv.multiply(regs, readRm(insn, size), size, insn.op() == Op.IMUL_ONE);
                case DIV, IDIV -> {
                    if (!MulDiv.divide(regs, readRm(insn, size), size, insn.op() == Op.IDIV)) {
                        mem.fail(mem.userMode() ? Fault.SIGFPE : Fault.OOPS,
                                String.format("divide error (#DE) at 0x%x", regs.rip));
                    }
                }
                case IMUL_REG_RM -> writeReg(insn, size, MulDiv.multiplyTruncated(regs, readReg(insn, size),
                        readRm(insn, size), size));
                case IMUL_REG_RM_IMM -> writeReg(insn, size, MulDiv.multiplyTruncated(regs, readRm(insn, size),
                        insn.imm, size));
                case INC, DEC -> writeRm(insn, size, Alu.incDec(readRm(insn, size), insn.op() == Op.DEC, size, regs));
                case SHIFT -> shift(insn, op, size);
                case SHIFT_DOUBLE -> shiftDouble(insn);
                case BT, BTS, BTR, BTC -> BitOps.bitRegister(insn.op(), this, insn, regs, insn.opndBytes);
                case BT_IMM -> BitOps.bitImmediate(insn.reg & 7, this, insn, regs, insn.opndBytes, insn.imm);
                case BSF, BSR, TZCNT -> BitOps.scan(insn.op(), this, insn, regs, insn.opndBytes);
                case BSWAP -> {
                    int r = op & 7 | (insn.rex & 1) << 3;
                    long v = regs.gpr[r];
                    regs.write(r, insn.opndBytes, false, insn.opndBytes == 8 ? Long.reverseBytes(v)
                            : Integer.reverseBytes((int) v) & 0xFFFF_FFFFL);
                }
                case MOV_RM_REG -> writeRm(insn, size, readReg(insn, size));
                case MOV_REG_RM -> writeReg(insn, size, readRm(insn, size));
                case MOV_RM_IMM -> writeRm(insn, size, insn.imm);
                case MOV_REG_IMM8 -> writeRegister(insn, op & 7 | (insn.rex & 1) << 3, 1, insn.imm);
                case MOV_REG_IMM -> regs.write(op & 7 | (insn.rex & 1) << 3, insn.opndBytes, false, insn.imm);
                case MOV_ACC_MOFFS -> regs.write(0, size, false, mem.load(insn.disp, size));
                case MOV_MOFFS_ACC -> mem.store(insn.disp, size, regs.read(0, size, false));
                case MOVZX -> regs.write(insn.reg, insn.opndBytes, false, readRm(insn, op == 0xB6 ? 1 : 2));
                case MOVSX -> {
                    int from = op == 0xBE ? 1 : 2;
                    regs.write(insn.reg, insn.opndBytes, false, signExtend(readRm(insn, from), from));
                }
                case MOVSXD -> regs.write(insn.reg, insn.opndBytes, false, signExtend(readRm(insn, 4), 4));
                case LEA -> regs.write(insn.reg, insn.opndBytes, false, effectiveAddress(insn, regs));
                case CBW -> regs.write(0, insn.opndBytes, false, signExtend(regs.read(0, insn.opndBytes / 2, false),
                        insn.opndBytes / 2));
                case CWD -> regs.write(2, insn.opndBytes, false,
                        (signExtend(regs.read(0, insn.opndBytes, false), insn.opndBytes)) >> 63);
                case SETCC -> writeRm(insn, 1, Alu.condition(op & 0xF, regs) ? 1 : 0);
                case CMOVCC -> {
                    long v = readRm(insn, insn.opndBytes);    // the source is read whatever the condition
                    int r = insn.reg;
                    regs.write(r, insn.opndBytes, false, Alu.condition(op & 0xF, regs) ? v : regs.gpr[r]);
                }
                case XCHG_RM_REG -> {
                    long fromRm = readRm(insn, size);
                    long fromReg = readReg(insn, size);
                    writeRm(insn, size, fromReg);
                    writeReg(insn, size, fromRm);
                }
                case XCHG_ACC -> exchangeAccumulator(insn, op & 7 | (insn.rex & 1) << 3);
                case CMPXCHG -> compareExchange(insn, op == 0xB0 ? 1 : insn.opndBytes);
                case XADD -> exchangeAdd(insn, op == 0xC0 ? 1 : insn.opndBytes);
                case PUSH_REG -> push(insn, regs.gpr[op & 7 | (insn.rex & 1) << 3]);
                case POP_REG -> {
                    long v = pop(insn);
                    regs.write(op & 7 | (insn.rex & 1) << 3, stackBytes(insn), false, v);
                }
                case PUSH_IMM -> push(insn, insn.imm);
                case PUSH_RM -> push(insn, readRm(insn, stackBytes(insn)));
                case POP_RM -> {
                    long v = mem.load(regs.gpr[4], stackBytes(insn));
                    regs.gpr[4] += stackBytes(insn);        // an RSP-based destination sees RSP after the pop
                    try {
                        writeRm(insn, stackBytes(insn), v);
                    } catch (GuestMemory.Stop stopped) {
                        regs.gpr[4] -= stackBytes(insn);
                        throw stopped;
                    }
                }
                case CALL_REL -> {
                    push(insn, next);
                    next += insn.imm;
                }
                case CALL_RM -> {
                    long target = readRm(insn, 8);
                    push(insn, next);
                    next = target;
                }
                case RET, RET_IMM -> {
                    next = mem.load(regs.gpr[4], 8);
                    regs.gpr[4] += 8 + (insn.op() == Op.RET_IMM ? insn.imm & 0xFFFF : 0);
                }
                case LEAVE -> {
                    long saved = mem.load(regs.gpr[5], 8);
                    regs.gpr[4] = regs.gpr[5] + 8;
                    regs.gpr[5] = saved;
                }
                case JMP_REL -> next += insn.imm;
                case JMP_RM -> next = readRm(insn, 8);
                case JCC -> next = Alu.condition(op & 0xF, regs) ? next + insn.imm : next;
                case LOOP -> {
                    long count = regs.gpr[1] - 1;
                    regs.gpr[1] = count;
                    next = count != 0 ? next + insn.imm : next;
                }
                case PORT_IO -> next = PortIo.execute(insn, regs, mem, next);
                case MOVS -> next = strings(insn, size, next, true);
                case STOS -> next = strings(insn, size, next, false);
                case NOP -> {                                   // PAUSE with F3; with REX.B xchg r8, rax
                    if ((insn.rex & 1) != 0) {
                        exchangeAccumulator(insn, 8);
                    }
                }
                case HINT_NOP -> { }
                case FENCE -> fence(insn);
                case HLT -> {
                    if (sys().hlt()) {
                        regs.rip = next;
                        return true;
                    }
                    return false;                           // RIP moves once the VMM answers
                }
                case CLI -> sys().cli();
                case STI -> sys().sti();
                case PUSHF -> sys().pushf();
                case POPF -> sys().popf();
                case LIDT -> sys().lidt(effectiveAddress(insn, regs));
                case IRETQ -> {
                    if (insn.opndBytes != 8) {
                        undefined(insn);
                    }
                    next = sys().iretq();
                }
                case WRMSR -> sys().wrmsr();
                case TDCALL -> {
                    if (!insn.has(Insn.P_OPSIZE)) {
                        undefined(insn);
                    }
                    sys().tdcall();
                    return false;
                }
                case UD2 -> mem.fail(Fault.INVALID_OPCODE, String.format("ud2 at 0x%x", regs.rip));
                case CPUID -> Machine.cpuid(regs, mem.vcpu());   // the vCPU's index: its APIC IDs
                case RDTSC -> Machine.rdtsc(regs, tsc());
                case RDTSCP -> {
                    Machine.rdtsc(regs, tsc());
                    regs.gpr[1] = mem.vcpu();                  // TSC_AUX
                }
                case RDPID -> regs.gpr[insn.rm] = mem.vcpu();
                default -> undefined(insn);
            }
            regs.rip = next;
            return false;
        } catch (GuestMemory.Stop stopped) {
            return false;
        }
    }

    private void alu(Insn insn, int aluOp, boolean toRm, int size, long operand) {
        long r = Alu.compute(aluOp, toRm ? readRm(insn, size) : readReg(insn, size), operand, size, regs);
        if (aluOp != Alu.CMP) {
            if (toRm) {
                writeRm(insn, size, r);
            } else {
                writeReg(insn, size, r);
            }
        }
    }

    private void shift(Insn insn, int op, int size) {
        int count = op <= 0xC1 ? (int) insn.imm : op <= 0xD1 ? 1 : (int) regs.read(1, 1, false);
        count &= size == 8 ? 63 : 31;
        long value = readRm(insn, size);
        if (count != 0) {
            writeRm(insn, size, Alu.shift(insn.reg & 7, value, count, size, regs));
        }
    }

    private void shiftDouble(Insn insn) {
        int size = insn.opndBytes;
        int count = (insn.opcode & 1) == 0 ? (int) insn.imm : (int) regs.read(1, 1, false);
        count &= size == 8 ? 63 : 31;
        long dst = readRm(insn, size);
        long src = readReg(insn, size);
        if (count != 0) {
            writeRm(insn, size, Alu.shiftDouble(insn.opcode < 0xA8, dst, src, count, size, regs));
        }
    }

    /** LFENCE, MFENCE, SFENCE: TSO already orders all but store-to-load, which MFENCE closes. */
    private void fence(Insn insn) {
        switch (insn.reg & 7) {
            case 5 -> java.lang.invoke.VarHandle.loadLoadFence();
            case 6 -> java.lang.invoke.VarHandle.fullFence();
            default -> java.lang.invoke.VarHandle.storeStoreFence();
        }
    }

    /**
     * CMPXCHG: the memory form always writes its destination (the old value when the compare
     * fails), as the SDM says; the accumulator is written only on failure.
     */
    private void compareExchange(Insn insn, int size) {
        long old = readRm(insn, size);
        long acc = regs.read(0, size, false);
        Alu.compute(Alu.CMP, acc, old, size, regs);
        boolean equal = regs.flag(RegisterFile.ZF);
        if (equal) {
            writeRm(insn, size, readReg(insn, size));
        } else {
            if (insn.mod != 3) {
                writeRm(insn, size, old);
            }
            regs.write(0, size, false, old);
        }
    }

    /** XADD: the destination gets the sum, the source register the old destination. */
    private void exchangeAdd(Insn insn, int size) {
        long old = readRm(insn, size);
        long sum = Alu.compute(Alu.ADD, old, readReg(insn, size), size, regs);
        if (insn.mod == 3) {
            writeReg(insn, size, old);       // with one register for both, the sum wins
            writeRm(insn, size, sum);
        } else {
            writeRm(insn, size, sum);              // memory first: a lost locked race leaves no trace
            writeReg(insn, size, old);
        }
    }

    /** XCHG rAX with register {@code number} (90+r). */
    private void exchangeAccumulator(Insn insn, int number) {
        int size = insn.opndBytes;
        long a = regs.read(0, size, false);
        long b = regs.read(number, size, false);
        regs.write(0, size, false, b);
        regs.write(number, size, false, a);
    }

    /** 8 bytes, or 2 with a 66 prefix (32-bit pushes do not exist in 64-bit mode). */
    private int stackBytes(Insn insn) {
        return insn.opndBytes == 2 ? 2 : 8;
    }

    private void push(Insn insn, long value) {
        int size = stackBytes(insn);
        mem.store(regs.gpr[4] - size, size, value);
        regs.gpr[4] -= size;
    }

    private long pop(Insn insn) {
        int size = stackBytes(insn);
        long v = mem.load(regs.gpr[4], size);
        regs.gpr[4] += size;
        return v;
    }

    /**
     * One iteration of MOVS or STOS (DF is clear, as the kernel keeps it); with REP the
     * instruction stays at RIP until RCX reaches zero.
     */
    private long strings(Insn insn, int size, long next, boolean move) {
        boolean rep = insn.has(Insn.P_REP) || insn.has(Insn.P_REPNE);
        long count = regs.get(Gpr.RCX);
        if (rep && count == 0) {
            return next;
        }
        long value = move ? mem.load(regs.get(Gpr.RSI), size) : regs.read(0, size, false);
        mem.store(regs.get(Gpr.RDI), size, value);
        if (move) {
            regs.set(Gpr.RSI, regs.get(Gpr.RSI) + size);
        }
        regs.set(Gpr.RDI, regs.get(Gpr.RDI) + size);
        if (rep) {
            regs.set(Gpr.RCX, count - 1);
            return count - 1 == 0 ? next : regs.rip;
        }
        return next;
    }

    /**
     * A VEX/EVEX instruction runs as far as its memory access, so a vector load or store that
     * reaches MMIO takes its #VE and the handler's decoder sees it; vector registers are not
     * modelled, so it cannot retire.
     */
    private void vector(Insn insn) {
        if (insn.hasModrm && insn.mod != 3) {
            mem.touch(effectiveAddress(insn, regs), insn.vectorBytes, VectorStores.is(insn));
        }
        mem.fail(Fault.INVALID_OPCODE, String.format(
                "VEX/EVEX instruction at 0x%x (map %d, opcode 0x%02x): vector registers are not modelled",
                regs.rip, insn.map, insn.opcode));
    }

    /**
     * LOCK is valid only on a read-modify-write instruction with a memory destination; anywhere
     * else (a MOV, a load, a shift, a register form) the CPU raises #UD before any access.
     */
    private void invalidLock() {
        mem.fail(Fault.INVALID_OPCODE, String.format(
                "#UD at 0x%x: LOCK prefix on an instruction that does not read-modify-write memory", regs.rip));
    }

    private void undefined(Insn insn) {
        String map = insn.map == Insn.MAP_0F ? "0f " : insn.map == Insn.MAP_0F38 ? "0f 38 "
                : insn.map == Insn.MAP_0F3A ? "0f 3a " : "";
        mem.fail(Fault.INVALID_OPCODE, String.format("unsupported instruction at 0x%x (opcode %s0x%02x%s)",
                regs.rip, map, insn.opcode, insn.hasModrm ? " /" + (insn.reg & 7) : ""));
    }

    static long signExtend(long value, int size) {
        int shift = 64 - 8 * size;
        return (value << shift) >> shift;
    }

    /** Address of the ModRM/moffs memory operand (segment bases are zero in 64-bit mode). */
    static long effectiveAddress(Insn insn, RegisterFile regs) {
        if (insn.moffs) {
            return insn.disp;
        }
        long ea = insn.disp;
        if (insn.ripRelative) {
            ea += regs.rip + insn.length;
        } else {
            if (insn.base >= 0) {
                ea += regs.gpr[insn.base];
            }
            if (insn.index >= 0) {
                ea += regs.gpr[insn.index] * insn.scale;
            }
        }
        return insn.addrBytes == 4 ? ea & 0xFFFF_FFFFL : ea;
    }
}
