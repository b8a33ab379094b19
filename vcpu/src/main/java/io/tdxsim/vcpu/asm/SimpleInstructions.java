package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.decode.InstructionTable;
import io.tdxsim.vcpu.decode.Op;
import java.util.Map;

/** LEA, LIDT, the string moves, and the instructions without operands. */
final class SimpleInstructions {
    private SimpleInstructions() {
    }

    private static final InstructionTable.Row LEA = InstructionTable.encoding(Op.LEA);
    private static final InstructionTable.Row LIDT = InstructionTable.encoding(Op.LIDT);

    static void register(Map<String, InstructionEncoder> table) {
        table.put("lea", SimpleInstructions::lea);
        InstructionTable.Row nop = InstructionTable.encoding(Op.NOP);
        fixed(table, "nop", () -> Encoding.op(nop));
        fixed(table, "pause", () -> Encoding.op(nop).rep());            // F3 90, as the table says
        fixed(table, "hlt", () -> Encoding.op(InstructionTable.encoding(Op.HLT)));
        fixed(table, "cli", () -> Encoding.op(InstructionTable.encoding(Op.CLI)));
        fixed(table, "sti", () -> Encoding.op(InstructionTable.encoding(Op.STI)));
        fixed(table, "pushfq", () -> Encoding.op(InstructionTable.encoding(Op.PUSHF)));
        fixed(table, "popfq", () -> Encoding.op(InstructionTable.encoding(Op.POPF)));
        fixed(table, "iretq", () -> Encoding.op(InstructionTable.encoding(Op.IRETQ)).operandSize(8));
        fixed(table, "wrmsr", () -> Encoding.op(InstructionTable.encoding(Op.WRMSR)));
        InstructionTable.Row tdcall = InstructionTable.encoding(Op.TDCALL);
        fixed(table, "tdcall", () -> Encoding.op(withModrm(tdcall, tdcall.modrm())).operandSize(2));
        table.put("lidt", SimpleInstructions::lidt);
        for (String fence : new String[] {"lfence", "mfence", "sfence"}) {
            InstructionTable.Row row = InstructionTable.encoding(Op.FENCE, fence, null);
            fixed(table, fence, () -> Encoding.op(withModrm(row, 0xc0 | row.digit() << 3)));
        }
        InstructionTable.Row movs = InstructionTable.encoding(Op.MOVS);
        stringMove(table, "movsb", 1, movs, 0);
        stringMove(table, "movsw", 2, movs, 1);
        stringMove(table, "movsd", 4, movs, 1);
        stringMove(table, "movsq", 8, movs, 1);
    }

    /** A row's opcode followed by the whole ModRM byte that selects it (a register form). */
    private static int[] withModrm(InstructionTable.Row row, int modrm) {
        int[] opcode = row.opcode(0);
        int[] bytes = java.util.Arrays.copyOf(opcode, opcode.length + 1);
        bytes[opcode.length] = modrm;
        return bytes;
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
        return Encoding.op(LEA).operandSize(dst.size()).reg(dst).rm(st.operand(1), ctx).bytes(ctx);
    }

    /** LIDT m: the 10-byte pseudo-descriptor (limit, base) at a memory operand. */
    private static byte[] lidt(Statement st, EncodeContext ctx) {
        Operands.arity(st, 1);
        if (!Operands.isMem(st.operand(0))) {
            throw Operands.badCombination(st);
        }
        return Encoding.op(LIDT).ext(LIDT.digit()).rm(st.operand(0), ctx).bytes(ctx);
    }

    private static void fixed(Map<String, InstructionEncoder> table, String name,
                              java.util.function.Supplier<Encoding> encoding) {
        table.put(name, (st, ctx) -> {
            Operands.arity(st, 0);
            return encoding.get().bytes(ctx);
        });
    }

    /** The operandless forms only; SSE movsd (two operands) is not in the subset. */
    private static void stringMove(Map<String, InstructionEncoder> table, String name, int size,
                                   InstructionTable.Row row, int w) {
        table.put(name, new InstructionEncoder() {
            @Override
            public byte[] encode(Statement st, EncodeContext ctx) {
                if (st.arity() != 0) {
                    throw new AsmError("'" + name + "' is the string move and takes no operands"
                            + (name.equals("movsd") ? " (SSE movsd is not supported)" : ""));
                }
                Encoding e = Encoding.op(row, w).operandSize(size);
                return ("rep".equals(st.prefix()) ? e.rep() : e).bytes(ctx);
            }

            @Override
            public boolean allowsRep() {
                return true;
            }
        });
    }
}
