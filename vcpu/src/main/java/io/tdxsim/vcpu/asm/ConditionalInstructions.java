package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.decode.InstructionTable;
import io.tdxsim.vcpu.decode.Op;
import java.util.Map;

/** SETcc r/m8 and CMOVcc r, r/m (opcode + cc), with jcc's condition spellings. */
final class ConditionalInstructions {
    private ConditionalInstructions() {
    }

    private static final InstructionTable.Row SETCC = InstructionTable.encoding(Op.SETCC);
    private static final InstructionTable.Row CMOVCC = InstructionTable.encoding(Op.CMOVCC);

    static void register(Map<String, InstructionEncoder> table) {
        JumpInstructions.forEachCondition((suffix, cc) -> {
            table.put("set" + suffix, (st, ctx) -> set(cc, st, ctx));
            table.put("cmov" + suffix, (st, ctx) -> cmov(cc, st, ctx));
        });
    }

    private static byte[] set(int cc, Statement st, EncodeContext ctx) {
        Operands.arity(st, 1);
        Operand dst = st.operand(0);
        if (!Operands.isRm(dst) || (dst.size() != 0 && dst.size() != 1)) {
            throw new AsmError("'" + st.mnemonic() + "' sets a byte: it takes an 8-bit register or byte memory");
        }
        return Encoding.op(SETCC, cc).ext(0).rm(dst, ctx).bytes(ctx);
    }

    private static byte[] cmov(int cc, Statement st, EncodeContext ctx) {
        Operands.arity(st, 2);
        if (!(st.operand(0) instanceof Operand.Reg dst) || !Operands.isRm(st.operand(1))) {
            throw Operands.badCombination(st);
        }
        int size = Operands.commonSize(st, dst, st.operand(1));
        if (size == 1) {
            throw new AsmError("'" + st.mnemonic() + "' needs a 16-, 32- or 64-bit destination, not '" + dst.name() + "'");
        }
        return Encoding.op(CMOVCC, cc).operandSize(size).reg(dst).rm(st.operand(1), ctx).bytes(ctx);
    }
}
