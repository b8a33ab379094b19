package io.tdxsim.vcpu;

import io.tdxsim.vcpu.decode.Insn;
import io.tdxsim.vcpu.decode.ReadModifyWrite;
import io.tdxsim.vcpu.decode.VectorStores;

/** The semantics of the supported instructions. Memory accesses always precede register writes. */
final class Executor {

    private final RegisterFile regs;
    private final GuestMemory mem;
    private final Insn insn;

    Executor(RegisterFile regs, GuestMemory mem, Insn insn) {
        this.regs = regs;
        this.mem = mem;
        this.insn = insn;
    }

    /**
     * Executes the decoded instruction; returns true on HLT. An access that stops the instruction
     * (MMIO, fault) returns false with the reason in the guest memory. The unwinding is caught here,
     * in the method the memory accessors inline into, so the JIT turns it into a plain branch instead
     * of a runtime stack walk on every exit.
     */
    boolean execute() {
        try {
            long next = regs.rip + insn.length;
            mem.readModifyWrite = ReadModifyWrite.is(insn);
            int op = insn.opcode;
            if (insn.has(Insn.P_LOCK) && !ReadModifyWrite.lockable(insn)) {
                invalidLock();
            }
            // XCHG with memory is locked without the prefix
            mem.setLocked(insn.has(Insn.P_LOCK) || insn.map == Insn.MAP_ONE_BYTE && (op == 0x86 || op == 0x87)
                    && insn.mod != 3);
            if (insn.vex) {
                vector();
            }
            if (insn.map == Insn.MAP_0F) {
                executeTwoByte(next);
                return false;
            }
            if (insn.map != Insn.MAP_ONE_BYTE) {
                undefined();
            }
            if (op < 0x40 && (op & 7) < 6) {
                alu(op >>> 3, op & 7);
            } else if (PortIo.handles(op)) {
                next = PortIo.execute(insn, regs, mem, next);
            } else if (op >= 0x70 && op <= 0x7F) {
                next = branch(Alu.condition(op & 0xF, regs), next);
            } else {
                switch (op) {
                    case 0x63 -> regs.write(insn.reg, insn.opndBytes, false, signExtend(readRm(4), 4));
                    case 0x80, 0x81, 0x83 -> aluImmediate(op);
                    case 0x84, 0x85 -> {
                        int size = byteOp(op);
                        Alu.logicFlags(readRm(size) & readReg(size), size, regs);
                    }
                    case 0x86, 0x87 -> exchange(byteOp(op));
                    case 0x88, 0x89 -> writeRm(byteOp(op), readReg(byteOp(op)));
                    case 0x8A, 0x8B -> writeReg(byteOp(op), readRm(byteOp(op)));
                    case 0x8D -> regs.write(insn.reg, insn.opndBytes, false, effectiveAddress(insn, regs));
                    case 0x90 -> {                                     // NOP, PAUSE with F3; with REX.B xchg r8
                        if ((insn.rex & 1) != 0) {
                            exchangeAccumulator(8);
                        }
                    }
                    case 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97 -> exchangeAccumulator(op & 7 | (insn.rex & 1) << 3);
                    case 0xA0, 0xA1 -> regs.write(0, byteOp(op), false, mem.load(insn.disp, byteOp(op)));
                    case 0xA2, 0xA3 -> mem.store(insn.disp, byteOp(op), regs.read(0, byteOp(op), false));
                    case 0xA4, 0xA5 -> next = movs(byteOp(op), next);
                    case 0xA8, 0xA9 -> Alu.logicFlags(regs.read(0, byteOp(op), false) & insn.imm, byteOp(op), regs);
                    case 0xC6, 0xC7 -> {
                        requireReg(0);
                        writeRm(byteOp(op), insn.imm);
                    }
                    case 0xC0, 0xC1, 0xD0, 0xD1, 0xD2, 0xD3 -> shift(op);
                    case 0xE9, 0xEB -> next = branch(true, next);
                    case 0xF4 -> {
                        regs.rip = next;
                        return true;
                    }
                    case 0xF6, 0xF7 -> group3(byteOp(op));
                    case 0xFE, 0xFF -> {
                        if ((insn.reg & 7) > 1) {
                            undefined();
                        }
                        int size = byteOp(op);
                        long r = Alu.incDec(readRm(size), (insn.reg & 7) == 1, size, regs);
                        writeRm(size, r);
                    }
                    default -> {
                        if (op >= 0xB0 && op <= 0xB7) {
                            writeRegister(op & 7 | (insn.rex & 1) << 3, 1, insn.imm);
                        } else if (op >= 0xB8 && op <= 0xBF) {
                            regs.write(op & 7 | (insn.rex & 1) << 3, insn.opndBytes, false, insn.imm);
                        } else {
                            undefined();
                        }
                    }
                }
            }
            regs.rip = next;
            return false;
        } catch (GuestMemory.Stop stopped) {
            return false;
        }
    }

    private void executeTwoByte(long next) {
        int op = insn.opcode;
        switch (op) {
            case 0xB6, 0xB7 -> regs.write(insn.reg, insn.opndBytes, false, readRm(op == 0xB6 ? 1 : 2));
            case 0xBE, 0xBF -> {
                int from = op == 0xBE ? 1 : 2;
                regs.write(insn.reg, insn.opndBytes, false, signExtend(readRm(from), from));
            }
            case 0x1F -> { }                                       // multi-byte NOP
            case 0xAE -> fence();
            case 0xB0, 0xB1 -> compareExchange(op == 0xB0 ? 1 : insn.opndBytes);
            case 0xC0, 0xC1 -> exchangeAdd(op == 0xC0 ? 1 : insn.opndBytes);
            default -> {
                if (op >= 0x80 && op <= 0x8F) {
                    next = branch(Alu.condition(op & 0xF, regs), next);
                } else {
                    undefined();
                }
            }
        }
        regs.rip = next;
    }

    /** LFENCE, MFENCE, SFENCE: TSO already orders all but store-to-load, which MFENCE closes. */
    private void fence() {
        if (insn.mod != 3 || (insn.reg & 7) < 5) {
            undefined();
        }
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
    private void compareExchange(int size) {
        long old = readRm(size);
        long acc = regs.read(0, size, false);
        Alu.compute(Alu.CMP, acc, old, size, regs);
        boolean equal = regs.flag(RegisterFile.ZF);
        if (equal) {
            writeRm(size, readReg(size));
        } else {
            if (insn.mod != 3) {
                writeRm(size, old);
            }
            regs.write(0, size, false, old);
        }
    }

    /** XADD: the destination gets the sum, the source register the old destination. */
    private void exchangeAdd(int size) {
        long old = readRm(size);
        long sum = Alu.compute(Alu.ADD, old, readReg(size), size, regs);
        if (insn.mod == 3) {
            writeReg(size, old);             // with one register for both, the sum wins
            writeRm(size, sum);
        } else {
            writeRm(size, sum);              // memory first: a lost locked race leaves no trace
            writeReg(size, old);
        }
    }

    private void alu(int aluOp, int form) {
        switch (form) {
            case 0, 1 -> {
                int size = form == 0 ? 1 : insn.opndBytes;
                long r = Alu.compute(aluOp, readRm(size), readReg(size), size, regs);
                if (aluOp != Alu.CMP) {
                    writeRm(size, r);
                }
            }
            case 2, 3 -> {
                int size = form == 2 ? 1 : insn.opndBytes;
                long r = Alu.compute(aluOp, readReg(size), readRm(size), size, regs);
                if (aluOp != Alu.CMP) {
                    writeReg(size, r);
                }
            }
            default -> {
                int size = form == 4 ? 1 : insn.opndBytes;
                long r = Alu.compute(aluOp, regs.read(0, size, false), insn.imm, size, regs);
                if (aluOp != Alu.CMP) {
                    regs.write(0, size, false, r);
                }
            }
        }
    }

    private void aluImmediate(int op) {
        int size = op == 0x80 ? 1 : insn.opndBytes;
        int aluOp = insn.reg & 7;
        long r = Alu.compute(aluOp, readRm(size), insn.imm, size, regs);
        if (aluOp != Alu.CMP) {
            writeRm(size, r);
        }
    }

    private void shift(int op) {
        int kind = insn.reg & 7;
        if (kind != 4 && kind != 5 && kind != 7) {
            undefined();
        }
        int size = (op & 1) == 0 ? 1 : insn.opndBytes;
        int count = op <= 0xC1 ? (int) insn.imm : op <= 0xD1 ? 1 : (int) regs.read(1, 1, false);
        count &= size == 8 ? 63 : 31;
        long value = readRm(size);
        if (count != 0) {
            writeRm(size, Alu.shift(kind, value, count, size, regs));
        }
    }

    private void group3(int size) {
        switch (insn.reg & 7) {
            case 0, 1 -> Alu.logicFlags(readRm(size) & insn.imm, size, regs);
            case 2 -> writeRm(size, ~readRm(size));
            case 3 -> {
                long v = readRm(size);
                writeRm(size, Alu.compute(Alu.SUB, 0, v, size, regs));
            }
            default -> undefined();
        }
    }

    /** XCHG rAX with register {@code number} (90+r). */
    private void exchangeAccumulator(int number) {
        int size = insn.opndBytes;
        long a = regs.read(0, size, false);
        long b = regs.read(number, size, false);
        regs.write(0, size, false, b);
        regs.write(number, size, false, a);
    }

    private void exchange(int size) {
        long fromRm = readRm(size);
        long fromReg = readReg(size);
        writeRm(size, fromReg);
        writeReg(size, fromRm);
    }

    /** One iteration of MOVS; with REP the instruction stays at RIP until RCX reaches zero. */
    private long movs(int size, long next) {
        boolean rep = insn.has(Insn.P_REP) || insn.has(Insn.P_REPNE);
        long count = regs.get(Gpr.RCX);
        if (rep && count == 0) {
            return next;
        }
        long value = mem.load(regs.get(Gpr.RSI), size);
        mem.store(regs.get(Gpr.RDI), size, value);
        regs.set(Gpr.RSI, regs.get(Gpr.RSI) + size);
        regs.set(Gpr.RDI, regs.get(Gpr.RDI) + size);
        if (rep) {
            regs.set(Gpr.RCX, count - 1);
            return count - 1 == 0 ? next : regs.rip;
        }
        return next;
    }

    private long branch(boolean taken, long next) {
        return taken ? next + insn.imm : next;
    }

    private int byteOp(int op) {
        return (op & 1) == 0 ? 1 : insn.opndBytes;
    }

    private void requireReg(int digit) {
        if ((insn.reg & 7) != digit) {
            undefined();
        }
    }

    private long readRm(int size) {
        if (insn.mod == 3) {
            return readRegister(insn.rm, size);
        }
        return mem.load(effectiveAddress(insn, regs), size);
    }

    private void writeRm(int size, long value) {
        if (insn.mod == 3) {
            writeRegister(insn.rm, size, value);
        } else {
            mem.store(effectiveAddress(insn, regs), size, value);
        }
    }

    private long readReg(int size) {
        return readRegister(insn.reg, size);
    }

    private void writeReg(int size, long value) {
        writeRegister(insn.reg, size, value);
    }

    private long readRegister(int number, int size) {
        boolean high = size == 1 && insn.rex == 0 && number >= 4 && number < 8;
        return regs.read(high ? number - 4 : number, size, high);
    }

    private void writeRegister(int number, int size, long value) {
        boolean high = size == 1 && insn.rex == 0 && number >= 4 && number < 8;
        regs.write(high ? number - 4 : number, size, high, value);
    }

    /**
     * A VEX/EVEX instruction runs as far as its memory access, so a vector load or store that
     * reaches MMIO takes its #VE and the handler's decoder sees it; vector registers are not
     * modelled, so it cannot retire.
     */
    private void vector() {
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

    private void undefined() {
        mem.fail(Fault.INVALID_OPCODE, String.format("unsupported instruction at 0x%x (opcode %s0x%02x)",
                regs.rip, insn.map == Insn.MAP_0F ? "0f " : "", insn.opcode));
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
