package io.tdxsim.vcpu;

import io.tdxsim.vcpu.decode.Insn;

/**
 * The ModRM operands of the instruction being executed: the reg field and the r/m field, the
 * latter a register or memory. Byte registers 4..7 without REX are AH, CH, DH, BH. The
 * {@link Executor} extends it rather than holding one, so a vCPU carries one object for both.
 * The instruction comes as an argument, not a field: a reference stored per instruction would
 * dirty a card-table line that the objects of other vCPUs, run by other threads, share.
 */
abstract class Operands {

    final RegisterFile regs;
    final GuestMemory mem;

    Operands(RegisterFile regs, GuestMemory mem) {
        this.regs = regs;
        this.mem = mem;
    }

    long readRm(Insn insn, int size) {
        if (insn.mod == 3) {
            return readRegister(insn, insn.rm, size);
        }
        return mem.load(Executor.effectiveAddress(insn, regs), size);
    }

    void writeRm(Insn insn, int size, long value) {
        if (insn.mod == 3) {
            writeRegister(insn, insn.rm, size, value);
        } else {
            mem.store(Executor.effectiveAddress(insn, regs), size, value);
        }
    }

    /** The memory operand's address plus {@code offset} bytes (bit strings reach past their operand). */
    long address(Insn insn, long offset) {
        return Executor.effectiveAddress(insn, regs) + offset;
    }

    long load(long address, int size) {
        return mem.load(address, size);
    }

    void store(long address, int size, long value) {
        mem.store(address, size, value);
    }

    boolean registerForm(Insn insn) {
        return insn.mod == 3;
    }

    long readReg(Insn insn, int size) {
        return readRegister(insn, insn.reg, size);
    }

    void writeReg(Insn insn, int size, long value) {
        writeRegister(insn, insn.reg, size, value);
    }

    long readRegister(Insn insn, int number, int size) {
        boolean high = size == 1 && insn.rex == 0 && number >= 4 && number < 8;
        return regs.read(high ? number - 4 : number, size, high);
    }

    void writeRegister(Insn insn, int number, int size, long value) {
        boolean high = size == 1 && insn.rex == 0 && number >= 4 && number < 8;
        regs.write(high ? number - 4 : number, size, high, value);
    }
}
