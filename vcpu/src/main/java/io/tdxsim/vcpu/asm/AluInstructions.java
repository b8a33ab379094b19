package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.decode.InstructionTable;
import io.tdxsim.vcpu.decode.Op;
import java.util.Map;

/** The eight ALU operations (the 00..3F group with 80/81/83 /digit) and TEST. */
final class AluInstructions {
    private AluInstructions() {
    }

    static void register(Map<String, InstructionEncoder> table) {
        // each operation's ModRM digit (also its row in 00..3F) as the instruction table has it
        for (InstructionTable.Row r : InstructionTable.rows()) {
            if (r.op() == Op.ALU_RM_IMM) {
                int digit = r.digit();
                table.putIfAbsent(r.mnemonic(), (st, ctx) -> alu(digit, st, ctx));
            }
        }
        table.put("test", AluInstructions::test);
    }

    /** The immediate width of the full-size forms: imm16 with 66, imm32 otherwise (sign-extended for REX.W). */
    static int fullImmSize(int size) {
        return size == 8 ? 4 : size;
    }

    private static byte[] alu(int digit, Statement st, EncodeContext ctx) {
        Operands.arity(st, 2);
        Operand dst = st.operand(0);
        Operand src = st.operand(1);
        if (Operands.isRm(dst) && Operands.isImm(src)) {
            int size = Operands.requireSize(st, dst.size());
            Value v = ctx.eval(((Operand.Imm) src).expr());
            Immediates.check(v, size, ctx);
            boolean acc = dst instanceof Operand.Reg r && r.isAccumulator();
            // GNU as: the shortest form; with equal lengths (AX) the sign-extended imm8 wins.
            if (size == 1) {
                return (acc ? Encoding.op(digit * 8 + 4) : Encoding.op(0x80).ext(digit).rm(dst, ctx))
                        .imm(v.value(), 1).bytes(ctx);
            }
            if (!v.usesLabels() && Immediates.fitsSignExtendedByte(v.value(), size)) {
                return Encoding.op(0x83).operandSize(size).ext(digit).rm(dst, ctx).imm(v.value(), 1).bytes(ctx);
            }
            Encoding e = acc ? Encoding.op(digit * 8 + 5) : Encoding.op(0x81).ext(digit).rm(dst, ctx);
            return e.operandSize(size).imm(v.value(), fullImmSize(size)).bytes(ctx);
        }
        if (Operands.isRm(dst) && Operands.isReg(src)) {
            int size = Operands.commonSize(st, dst, src);
            int w = size == 1 ? 0 : 1;
            return Encoding.op(digit * 8 + w).operandSize(size).reg((Operand.Reg) src).rm(dst, ctx).bytes(ctx);
        }
        if (Operands.isReg(dst) && Operands.isMem(src)) {
            int size = Operands.commonSize(st, dst, src);
            int w = size == 1 ? 0 : 1;
            return Encoding.op(digit * 8 + 2 + w).operandSize(size).reg((Operand.Reg) dst).rm(src, ctx).bytes(ctx);
        }
        throw Operands.badCombination(st);
    }

    private static byte[] test(Statement st, EncodeContext ctx) {
        Operands.arity(st, 2);
        Operand a = st.operand(0);
        Operand b = st.operand(1);
        if (Operands.isRm(a) && Operands.isImm(b)) {
            int size = Operands.requireSize(st, a.size());
            Value v = ctx.eval(((Operand.Imm) b).expr());
            Immediates.check(v, size, ctx);
            // TEST has no sign-extended imm8 form; the accumulator form is always shorter.
            Encoding e = a instanceof Operand.Reg r && r.isAccumulator()
                    ? Encoding.op(size == 1 ? 0xa8 : 0xa9)
                    : Encoding.op(size == 1 ? 0xf6 : 0xf7).ext(0).rm(a, ctx);
            return e.operandSize(size).imm(v.value(), fullImmSize(size)).bytes(ctx);
        }
        // TEST is symmetric: the register goes to ModRM.reg whichever side it is written on.
        Operand.Reg reg;
        Operand rm;
        if (Operands.isRm(a) && Operands.isReg(b)) {
            reg = (Operand.Reg) b;
            rm = a;
        } else if (Operands.isMem(b) && Operands.isReg(a)) {
            reg = (Operand.Reg) a;
            rm = b;
        } else {
            throw Operands.badCombination(st);
        }
        int size = Operands.commonSize(st, a, b);
        return Encoding.op(size == 1 ? 0x84 : 0x85).operandSize(size).reg(reg).rm(rm, ctx).bytes(ctx);
    }
}
