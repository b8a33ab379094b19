package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.decode.InstructionTable;
import io.tdxsim.vcpu.decode.Op;
import java.util.Map;

/** JMP and Jcc to labels: EB/70+cc with rel8 when the target is near enough, else E9/0F 80+cc with rel32. */
final class JumpInstructions {
    private JumpInstructions() {
    }

    /** Condition code (the cc in 70+cc, 0F 90+cc, 0F 40+cc) for every accepted spelling. */
    private static final Object[][] CONDITIONS = {
        {0x0, "o"}, {0x1, "no"}, {0x2, "b", "c", "nae"}, {0x3, "ae", "nb", "nc"},
        {0x4, "e", "z"}, {0x5, "ne", "nz"}, {0x6, "be", "na"}, {0x7, "a", "nbe"},
        {0x8, "s"}, {0x9, "ns"}, {0xa, "p", "pe"}, {0xb, "np", "po"},
        {0xc, "l", "nge"}, {0xd, "ge", "nl"}, {0xe, "le", "ng"}, {0xf, "g", "nle"},
    };

    private static final InstructionTable.Row JMP_SHORT = InstructionTable.encoding(Op.JMP_REL, null, "rel8");
    private static final InstructionTable.Row JMP_NEAR = InstructionTable.encoding(Op.JMP_REL, null, "rel32");
    private static final InstructionTable.Row JCC_SHORT = InstructionTable.encoding(Op.JCC, null, "rel8 (all 16 conditions)");
    private static final InstructionTable.Row JCC_NEAR = InstructionTable.encoding(Op.JCC, null, "rel32 (all 16 conditions)");

    static void register(Map<String, InstructionEncoder> table) {
        table.put("jmp", new Jump(-1));
        forEachCondition((suffix, cc) -> table.put("j" + suffix, new Jump(cc)));
    }

    /** Every spelling of a condition (the suffix of jcc, setcc, cmovcc) with its code. */
    static void forEachCondition(java.util.function.ObjIntConsumer<String> action) {
        for (Object[] row : CONDITIONS) {
            for (int i = 1; i < row.length; i++) {
                action.accept((String) row[i], (Integer) row[0]);
            }
        }
    }

    /** Whether the short form reaches the target from {@code ctx.address()}. */
    static boolean fitsShort(Statement st, EncodeContext ctx) {
        long target = target(st, ctx);
        return Immediates.fitsInt8(target - (ctx.address() + 2));
    }

    private static long target(Statement st, EncodeContext ctx) {
        Operands.arity(st, 1);
        if (!(st.operand(0) instanceof Operand.Imm imm)) {
            throw new AsmError("'" + st.mnemonic() + "' takes a label (indirect jumps are not supported)");
        }
        Value v = ctx.eval(imm.expr());
        if (!v.isAddress()) {
            throw new AsmError("'" + st.mnemonic() + "' target must be a label");
        }
        return v.value();
    }

    private record Jump(int cc) implements InstructionEncoder {
        @Override
        public byte[] encode(Statement st, EncodeContext ctx) {
            long target = target(st, ctx);
            Encoding e;
            int length;
            if (ctx.longJump()) {
                e = cc < 0 ? Encoding.op(JMP_NEAR) : Encoding.op(JCC_NEAR, cc);
                length = cc < 0 ? 5 : 6;
            } else {
                e = cc < 0 ? Encoding.op(JMP_SHORT) : Encoding.op(JCC_SHORT, cc);
                length = 2;
            }
            long rel = target - (ctx.address() + length);
            if (ctx.strict() && !(ctx.longJump() ? Immediates.fitsInt32(rel) : Immediates.fitsInt8(rel))) {
                throw new AsmError("jump target is out of range");
            }
            return e.imm(rel, length == 2 ? 1 : 4).bytes(ctx);
        }

        @Override
        public boolean isJump() {
            return true;
        }
    }
}
