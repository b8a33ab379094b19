package io.tdxsim.vcpu.asm;

import java.util.Map;

/** {@code db} / {@code .byte}: raw bytes, for instructions outside the supported subset. */
final class ByteDirective implements InstructionEncoder {

    static void register(Map<String, InstructionEncoder> table) {
        ByteDirective d = new ByteDirective();
        table.put("db", d);
        table.put(".byte", d);
    }

    @Override
    public byte[] encode(Statement st, EncodeContext ctx) {
        if (st.arity() == 0) {
            throw new AsmError("'" + st.mnemonic() + "' needs at least one value");
        }
        byte[] out = new byte[st.arity()];
        for (int i = 0; i < out.length; i++) {
            if (!(st.operand(i) instanceof Operand.Imm imm)) {
                throw new AsmError("'" + st.mnemonic() + "' takes numbers, not registers or memory operands");
            }
            Value v = ctx.eval(imm.expr());
            Immediates.check(v, 1, ctx);
            out[i] = (byte) v.value();
        }
        return out;
    }

    @Override
    public int maxLength(Statement st) {
        return st.arity();
    }
}
