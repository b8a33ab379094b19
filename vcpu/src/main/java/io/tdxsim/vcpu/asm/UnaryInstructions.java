package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.decode.InstructionTable;
import io.tdxsim.vcpu.decode.Op;
import java.util.Map;
import java.util.Set;

/**
 * The one-operand r/m instructions selected by a ModRM digit (INC, DEC, NOT, NEG, MUL, DIV,
 * IDIV, one-operand IMUL), their opcode pair and digit read from the instruction table; and
 * IMUL's two- and three-operand forms.
 */
final class UnaryInstructions {
    private static final Set<Op> ONE_OPERAND = Set.of(Op.INC, Op.DEC, Op.NOT, Op.NEG, Op.MUL, Op.DIV, Op.IDIV,
            Op.IMUL_ONE);

    private static final InstructionTable.Row IMUL_TWO = InstructionTable.encoding(Op.IMUL_REG_RM);
    private static final InstructionTable.Row IMUL_IMM = InstructionTable.encoding(Op.IMUL_REG_RM_IMM, null, "r, r/m, imm");
    private static final InstructionTable.Row IMUL_IMM8 = InstructionTable.encoding(Op.IMUL_REG_RM_IMM, null, "r, r/m, imm8");

    private UnaryInstructions() {
    }

    static void register(Map<String, InstructionEncoder> table) {
        for (InstructionTable.Row r : InstructionTable.rows()) {
            if (ONE_OPERAND.contains(r.op())) {
                InstructionEncoder one = (st, ctx) -> unary(r, st, ctx);
                table.putIfAbsent(r.mnemonic(), r.op() == Op.IMUL_ONE
                        ? (st, ctx) -> st.arity() == 1 ? one.encode(st, ctx) : imul(st, ctx)
                        : one);
            }
        }
    }

    /** {@code low} is the byte form's opcode, {@code high} the full-size one's. */
    private static byte[] unary(InstructionTable.Row row, Statement st, EncodeContext ctx) {
        Operands.arity(st, 1);
        Operand op = st.operand(0);
        if (!Operands.isRm(op)) {
            throw Operands.badCombination(st);
        }
        int size = Operands.requireSize(st, op.size());
        return Encoding.op(row, size == 1 ? 0 : 1).operandSize(size).ext(row.digit()).rm(op, ctx)
                .bytes(ctx);
    }

    /** imul r, r/m; imul r, r/m, imm (imm8 when it fits) and its short spelling imul r, imm. */
    private static byte[] imul(Statement st, EncodeContext ctx) {
        if (st.arity() != 2 && st.arity() != 3) {
            throw new AsmError("'imul' takes 1, 2 or 3 operands, not " + st.arity());
        }
        if (!(st.operand(0) instanceof Operand.Reg dst) || dst.size() == 1) {
            throw new AsmError("'imul' with " + st.arity() + " operands needs a 16-, 32- or 64-bit register"
                    + " destination");
        }
        Operand src = st.arity() == 3 || !Operands.isImm(st.operand(1)) ? st.operand(1) : dst;
        Operand imm = st.arity() == 3 ? st.operand(2) : Operands.isImm(st.operand(1)) ? st.operand(1) : null;
        if (!Operands.isRm(src) || (imm != null && !Operands.isImm(imm))) {
            throw Operands.badCombination(st);
        }
        int size = Operands.commonSize(st, dst, src);
        if (imm == null) {
            return Encoding.op(IMUL_TWO).operandSize(size).reg(dst).rm(src, ctx).bytes(ctx);
        }
        Value v = ctx.eval(((Operand.Imm) imm).expr());
        Immediates.check(v, size, ctx);
        if (!v.usesLabels() && Immediates.fitsSignExtendedByte(v.value(), size)) {
            return Encoding.op(IMUL_IMM8).operandSize(size).reg(dst).rm(src, ctx).imm(v.value(), 1).bytes(ctx);
        }
        return Encoding.op(IMUL_IMM).operandSize(size).reg(dst).rm(src, ctx)
                .imm(v.value(), AluInstructions.fullImmSize(size)).bytes(ctx);
    }
}
