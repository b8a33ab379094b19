package io.tdxsim.vcpu;

import static io.tdxsim.vcpu.RegisterFile.CF;
import static io.tdxsim.vcpu.RegisterFile.ZF;

import io.tdxsim.vcpu.decode.Insn;
import io.tdxsim.vcpu.decode.Op;

/** BT, BTS, BTR, BTC (register and immediate bit offsets), BSF, BSR and TZCNT. */
final class BitOps {

    private BitOps() {
    }

    /**
     * Bit offset in a register: with a memory operand it is signed and may reach any byte
     * (the SDM's bit string), so the access moves to the operand-sized word holding the bit.
     */
    static void bitRegister(Op op, Operands o, Insn insn, RegisterFile regs, int size) {
        long offset = Executor.signExtend(o.readReg(insn, size), size);
        int bits = size * 8;
        if (o.registerForm(insn)) {
            apply(op, o, insn, regs, size, -1, (int) (offset & (bits - 1)));
        } else {
            long word = Math.floorDiv(offset, bits);
            apply(op, o, insn, regs, size, o.address(insn, word * size), (int) Math.floorMod(offset, bits));
        }
    }

    /** 0F BA /4../7: the immediate offset is taken modulo the operand size, memory or not. */
    static void bitImmediate(int digit, Operands o, Insn insn, RegisterFile regs, int size, long imm) {
        Op op = digit == 4 ? Op.BT : digit == 5 ? Op.BTS : digit == 6 ? Op.BTR : Op.BTC;
        apply(op, o, insn, regs, size, o.registerForm(insn) ? -1 : o.address(insn, 0), (int) (imm & (size * 8 - 1)));
    }

    /** @param address the memory word, or -1 for the register operand */
    private static void apply(Op op, Operands o, Insn insn, RegisterFile regs, int size, long address, int bit) {
        boolean memory = !o.registerForm(insn);
        long v = memory ? o.load(address, size) : o.readRm(insn, size);
        boolean set = ((v >>> bit) & 1) != 0;
        long r = switch (op) {
            case BTS -> v | (1L << bit);
            case BTR -> v & ~(1L << bit);
            case BTC -> v ^ (1L << bit);
            default -> v;
        };
        if (op != Op.BT) {
            if (memory) {
                o.store(address, size, r);
            } else {
                o.writeRm(insn, size, r);
            }
        }
        regs.rflags = (regs.rflags & ~CF) | (set ? CF : 0);
    }

    /**
     * BSF/BSR leave the destination alone for a zero source and set ZF; TZCNT writes the operand
     * width then and sets CF, and its ZF says the result is zero.
     */
    static void scan(Op op, Operands o, Insn insn, RegisterFile regs, int size) {
        long v = o.readRm(insn, size);
        int bits = size * 8;
        if (op == Op.TZCNT) {
            int n = v == 0 ? bits : Long.numberOfTrailingZeros(v);
            o.writeReg(insn, size, n);
            regs.rflags = (regs.rflags & ~(CF | ZF)) | (v == 0 ? CF : 0) | (n == 0 ? ZF : 0);
            return;
        }
        if (v == 0) {
            regs.rflags |= ZF;
            return;
        }
        o.writeReg(insn, size, op == Op.BSF ? Long.numberOfTrailingZeros(v) : 63 - Long.numberOfLeadingZeros(v));
        regs.rflags &= ~ZF;
    }
}
