package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.decode.InstructionTable;
import io.tdxsim.vcpu.decode.Op;
import java.util.Map;

/** MOVZX, MOVSX and MOVSXD: a narrower register or memory source into a wider register. */
final class ExtendInstructions {
    private ExtendInstructions() {
    }

    private static final InstructionTable.Row MOVSXD = InstructionTable.encoding(Op.MOVSXD);
    private static final InstructionTable.Row MOVZX = InstructionTable.encoding(Op.MOVZX);
    private static final InstructionTable.Row MOVSX = InstructionTable.encoding(Op.MOVSX);

    static void register(Map<String, InstructionEncoder> table) {
        table.put("movzx", (st, ctx) -> extend(st, ctx, false));
        table.put("movsx", (st, ctx) -> extend(st, ctx, true));
        table.put("movsxd", ExtendInstructions::movsxd);
    }

    private static byte[] extend(Statement st, EncodeContext ctx, boolean signed) {
        Operands.arity(st, 2);
        if (!(st.operand(0) instanceof Operand.Reg dst) || !Operands.isRm(st.operand(1))) {
            throw Operands.badCombination(st);
        }
        Operand src = st.operand(1);
        int srcSize = Operands.requireSize(st, src.size());
        if (signed && srcSize == 4 && dst.size() == 8) {
            // GNU as takes movsx r64, r/m32 as MOVSXD.
            return Encoding.op(MOVSXD).operandSize(8).reg(dst).rm(src, ctx).bytes(ctx);
        }
        if (srcSize > 2) {
            throw new AsmError("'" + st.mnemonic() + "' needs a byte or word source, not " + Operands.bits(srcSize));
        }
        if (dst.size() <= srcSize) {
            throw new AsmError("operand size mismatch for '" + st.mnemonic() + "': the destination ("
                    + Operands.bits(dst.size()) + ") must be wider than the source (" + Operands.bits(srcSize) + ")");
        }
        return Encoding.op(signed ? MOVSX : MOVZX, srcSize == 2 ? 1 : 0).operandSize(dst.size()).reg(dst).rm(src, ctx)
                .bytes(ctx);
    }

    private static byte[] movsxd(Statement st, EncodeContext ctx) {
        Operands.arity(st, 2);
        if (!(st.operand(0) instanceof Operand.Reg dst) || !Operands.isRm(st.operand(1))) {
            throw Operands.badCombination(st);
        }
        Operand src = st.operand(1);
        if (src.size() != 0 && src.size() != 4 || dst.size() < 4) {
            throw new AsmError("'movsxd' extends a 32-bit source into a 32- or 64-bit register");
        }
        return Encoding.op(MOVSXD).operandSize(dst.size()).reg(dst).rm(src, ctx).bytes(ctx);
    }
}
