package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.decode.InstructionTable;
import io.tdxsim.vcpu.decode.Op;
import java.util.Map;

/** The shifts and rotates (group 2) by 1 (D0/D1), by imm8 (C0/C1) and by CL (D2/D3). */
final class ShiftInstructions {
    private ShiftInstructions() {
    }

    private static final InstructionTable.Row BY_IMM = InstructionTable.encoding(Op.SHIFT, null, "r/m, imm8");
    private static final InstructionTable.Row BY_ONE = InstructionTable.encoding(Op.SHIFT, null, "r/m, 1");
    private static final InstructionTable.Row BY_CL = InstructionTable.encoding(Op.SHIFT, null, "r/m, cl");

    static void register(Map<String, InstructionEncoder> table) {
        for (InstructionTable.Row r : InstructionTable.rows()) {
            if (r.op() == Op.SHIFT) {
                int digit = r.digit();
                table.putIfAbsent(r.mnemonic(), (st, ctx) -> shift(digit, st, ctx));
            }
        }
        // GNU as encodes sal as shl; the table's sal row is /6, the alias CPUs execute alike
        table.put("sal", table.get("shl"));
    }

    private static byte[] shift(int digit, Statement st, EncodeContext ctx) {
        Operands.arity(st, 2);
        Operand dst = st.operand(0);
        Operand count = st.operand(1);
        if (!Operands.isRm(dst)) {
            throw Operands.badCombination(st);
        }
        int size = Operands.requireSize(st, dst.size());
        int w = size == 1 ? 0 : 1;
        if (count instanceof Operand.Reg r) {
            if (r.gpr() != Gpr.RCX || r.size() != 1 || r.highByte()) {
                throw new AsmError("'" + st.mnemonic() + "' shifts by an immediate or by cl, not by '" + r.name() + "'");
            }
            return Encoding.op(BY_CL, w).operandSize(size).ext(digit).rm(dst, ctx).bytes(ctx);
        }
        if (!(count instanceof Operand.Imm imm)) {
            throw Operands.badCombination(st);
        }
        Value v = ctx.eval(imm.expr());
        Immediates.check(v, 1, ctx);
        if (!v.usesLabels() && v.value() == 1) {
            return Encoding.op(BY_ONE, w).operandSize(size).ext(digit).rm(dst, ctx).bytes(ctx);
        }
        return Encoding.op(BY_IMM, w).operandSize(size).ext(digit).rm(dst, ctx).imm(v.value(), 1).bytes(ctx);
    }
}
