package io.tdxsim.vcpu.asm;

import java.util.Map;

/** LEA, LIDT, the string moves, and the instructions without operands. */
final class SimpleInstructions {
    private SimpleInstructions() {
    }

    static void register(Map<String, InstructionEncoder> table) {
        table.put("lea", SimpleInstructions::lea);
        fixed(table, "nop", 0x90);
        fixed(table, "pause", 0xf3, 0x90);
        fixed(table, "hlt", 0xf4);
        fixed(table, "cli", 0xfa);
        fixed(table, "sti", 0xfb);
        fixed(table, "pushfq", 0x9c);
        fixed(table, "popfq", 0x9d);
        fixed(table, "iretq", 0x48, 0xcf);
        fixed(table, "wrmsr", 0x0f, 0x30);
        fixed(table, "tdcall", 0x66, 0x0f, 0x01, 0xcc);
        table.put("lidt", SimpleInstructions::lidt);
        fixed(table, "lfence", 0x0f, 0xae, 0xe8);
        fixed(table, "mfence", 0x0f, 0xae, 0xf0);
        fixed(table, "sfence", 0x0f, 0xae, 0xf8);
        stringMove(table, "movsb", 1, 0xa4);
        stringMove(table, "movsw", 2, 0xa5);
        stringMove(table, "movsd", 4, 0xa5);
        stringMove(table, "movsq", 8, 0xa5);
    }

    private static byte[] lea(Statement st, EncodeContext ctx) {
        Operands.arity(st, 2);
        if (!(st.operand(0) instanceof Operand.Reg dst) || !Operands.isMem(st.operand(1))) {
            throw Operands.badCombination(st);
        }
        if (dst.size() == 1) {
            throw new AsmError("'lea' needs a 16-, 32- or 64-bit destination, not '" + dst.name() + "'");
        }
        // The size keyword on the source is irrelevant: LEA computes an address and reads nothing.
        return Encoding.op(0x8d).operandSize(dst.size()).reg(dst).rm(st.operand(1), ctx).bytes(ctx);
    }

    /** LIDT m: the 10-byte pseudo-descriptor (limit, base) at a memory operand. */
    private static byte[] lidt(Statement st, EncodeContext ctx) {
        Operands.arity(st, 1);
        if (!Operands.isMem(st.operand(0))) {
            throw Operands.badCombination(st);
        }
        return Encoding.op(0x0f, 0x01).ext(3).rm(st.operand(0), ctx).bytes(ctx);
    }

    private static void fixed(Map<String, InstructionEncoder> table, String name, int... bytes) {
        table.put(name, (st, ctx) -> {
            Operands.arity(st, 0);
            return Encoding.op(bytes).bytes(ctx);
        });
    }

    /** The operandless forms only; SSE movsd (two operands) is not in the subset. */
    private static void stringMove(Map<String, InstructionEncoder> table, String name, int size, int opcode) {
        table.put(name, new InstructionEncoder() {
            @Override
            public byte[] encode(Statement st, EncodeContext ctx) {
                if (st.arity() != 0) {
                    throw new AsmError("'" + name + "' is the string move and takes no operands"
                            + (name.equals("movsd") ? " (SSE movsd is not supported)" : ""));
                }
                Encoding e = Encoding.op(opcode).operandSize(size);
                return ("rep".equals(st.prefix()) ? e.rep() : e).bytes(ctx);
            }

            @Override
            public boolean allowsRep() {
                return true;
            }
        });
    }
}
