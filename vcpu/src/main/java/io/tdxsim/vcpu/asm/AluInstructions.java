package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.decode.InstructionTable;
import io.tdxsim.vcpu.decode.Op;
import java.util.Map;

/** The eight ALU operations and TEST, each form's opcode and digit from the instruction table. */
final class AluInstructions {
    private static final InstructionTable.Row TEST_ACC = InstructionTable.encoding(Op.TEST_ACC_IMM);
    private static final InstructionTable.Row TEST_IMM = InstructionTable.encoding(Op.TEST_RM_IMM);
    private static final InstructionTable.Row TEST_REG = InstructionTable.encoding(Op.TEST_RM_REG);

    private AluInstructions() {
    }

    /** One operation's forms, as the instruction table has them. */
    private record Forms(InstructionTable.Row rmReg, InstructionTable.Row regRm, InstructionTable.Row accImm,
                         InstructionTable.Row rmImm, InstructionTable.Row rmImm8) {
        static Forms of(String mnemonic) {
            return new Forms(InstructionTable.encoding(Op.ALU_RM_REG, mnemonic, null),
                    InstructionTable.encoding(Op.ALU_REG_RM, mnemonic, null),
                    InstructionTable.encoding(Op.ALU_ACC_IMM, mnemonic, null),
                    InstructionTable.encoding(Op.ALU_RM_IMM, mnemonic, "r/m, imm"),
                    InstructionTable.encoding(Op.ALU_RM_IMM, mnemonic, "r/m, imm8 (sign-extended)"));
        }
    }

    static void register(Map<String, InstructionEncoder> table) {
        for (InstructionTable.Row r : InstructionTable.rows()) {
            if (r.op() == Op.ALU_RM_IMM && !table.containsKey(r.mnemonic())) {
                Forms forms = Forms.of(r.mnemonic());
                table.put(r.mnemonic(), (st, ctx) -> alu(forms, st, ctx));
            }
        }
        table.put("test", AluInstructions::test);
    }

    /** The immediate width of the full-size forms: imm16 with 66, imm32 otherwise (sign-extended for REX.W). */
    static int fullImmSize(int size) {
        return size == 8 ? 4 : size;
    }

    private static byte[] alu(Forms f, Statement st, EncodeContext ctx) {
        Operands.arity(st, 2);
        Operand dst = st.operand(0);
        Operand src = st.operand(1);
        if (Operands.isRm(dst) && Operands.isImm(src)) {
            int size = Operands.requireSize(st, dst.size());
            Value v = ctx.eval(((Operand.Imm) src).expr());
            Immediates.check(v, size, ctx);
            boolean acc = dst instanceof Operand.Reg r && r.isAccumulator();
            // GNU as: the shortest form; with equal lengths (AX) the sign-extended imm8 wins.
            int digit = f.rmImm().digit();
            if (size == 1) {
                return (acc ? Encoding.op(f.accImm()) : Encoding.op(f.rmImm()).ext(digit).rm(dst, ctx))
                        .imm(v.value(), 1).bytes(ctx);
            }
            if (!v.usesLabels() && Immediates.fitsSignExtendedByte(v.value(), size)) {
                return Encoding.op(f.rmImm8()).operandSize(size).ext(digit).rm(dst, ctx).imm(v.value(), 1).bytes(ctx);
            }
            Encoding e = acc ? Encoding.op(f.accImm(), 1) : Encoding.op(f.rmImm(), 1).ext(digit).rm(dst, ctx);
            return e.operandSize(size).imm(v.value(), fullImmSize(size)).bytes(ctx);
        }
        if (Operands.isRm(dst) && Operands.isReg(src)) {
            int size = Operands.commonSize(st, dst, src);
            int w = size == 1 ? 0 : 1;
            return Encoding.op(f.rmReg(), w).operandSize(size).reg((Operand.Reg) src).rm(dst, ctx).bytes(ctx);
        }
        if (Operands.isReg(dst) && Operands.isMem(src)) {
            int size = Operands.commonSize(st, dst, src);
            int w = size == 1 ? 0 : 1;
            return Encoding.op(f.regRm(), w).operandSize(size).reg((Operand.Reg) dst).rm(src, ctx).bytes(ctx);
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
            int w = size == 1 ? 0 : 1;
            Encoding e = a instanceof Operand.Reg r && r.isAccumulator()
                    ? Encoding.op(TEST_ACC, w)
                    : Encoding.op(TEST_IMM, w).ext(TEST_IMM.digit()).rm(a, ctx);
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
        return Encoding.op(TEST_REG, size == 1 ? 0 : 1).operandSize(size).reg(reg).rm(rm, ctx).bytes(ctx);
    }
}
