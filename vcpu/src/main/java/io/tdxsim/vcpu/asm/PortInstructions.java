package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.decode.InstructionTable;
import io.tdxsim.vcpu.decode.Op;
import io.tdxsim.vcpu.Gpr;
import java.util.Map;

/**
 * Port I/O in GNU as's Intel syntax: {@code in al|ax|eax, imm8|dx}, {@code out imm8|dx, al|ax|eax}
 * and the string forms insb/insw/insd, outsb/outsw/outsd (with rep).
 */
final class PortInstructions {
    private PortInstructions() {
    }

    static void register(Map<String, InstructionEncoder> table) {
        table.put("in", (st, ctx) -> transfer(st, ctx, true));
        table.put("out", (st, ctx) -> transfer(st, ctx, false));
        InstructionTable.Row ins = InstructionTable.encoding(Op.PORT_IO, "insb", null);
        InstructionTable.Row outs = InstructionTable.encoding(Op.PORT_IO, "outsb", null);
        string(table, "insb", 1, ins, 0);
        string(table, "insw", 2, ins, 1);
        string(table, "insd", 4, ins, 1);
        string(table, "outsb", 1, outs, 0);
        string(table, "outsw", 2, outs, 1);
        string(table, "outsd", 4, outs, 1);
    }

    private static final InstructionTable.Row IN_IMM = InstructionTable.encoding(Op.PORT_IO, "in", "al/ax/eax, imm8 (a #VE with exit reason 30)");
    private static final InstructionTable.Row OUT_IMM = InstructionTable.encoding(Op.PORT_IO, "out", "imm8, al/ax/eax");
    private static final InstructionTable.Row IN_DX = InstructionTable.encoding(Op.PORT_IO, "in", "al/ax/eax, dx");
    private static final InstructionTable.Row OUT_DX = InstructionTable.encoding(Op.PORT_IO, "out", "dx, al/ax/eax");

    /** IN and OUT with an imm8 port or dx. */
    private static byte[] transfer(Statement st, EncodeContext ctx, boolean in) {
        Operands.arity(st, 2);
        Operand data = st.operand(in ? 0 : 1);
        Operand port = st.operand(in ? 1 : 0);
        if (!(data instanceof Operand.Reg acc) || !acc.isAccumulator() || acc.size() == 8) {
            throw new AsmError("'" + st.mnemonic() + "' moves al, ax or eax" + (in ? ", got '" : " and cannot take '")
                    + describe(data) + "'");
        }
        int size = acc.size();
        int wide = size == 1 ? 0 : 1;
        if (port instanceof Operand.Reg r) {
            if (r.gpr() != Gpr.RDX || r.size() != 2) {
                throw new AsmError("the port of '" + st.mnemonic() + "' is an imm8 or dx, not '" + r.name() + "'");
            }
            return Encoding.op(in ? IN_DX : OUT_DX, wide).operandSize(size).bytes(ctx);
        }
        if (!(port instanceof Operand.Imm imm)) {
            throw new AsmError("the port of '" + st.mnemonic() + "' is an imm8 or dx");
        }
        Value v = ctx.eval(imm.expr());
        if (ctx.checks(v) && (v.value() < 0 || v.value() > 0xff)) {
            throw new AsmError("port " + Immediates.show(v.value()) + " does not fit an imm8 (0..255): put it in dx");
        }
        return Encoding.op(in ? IN_IMM : OUT_IMM, wide).operandSize(size).imm(v.value(), 1).bytes(ctx);
    }

    private static String describe(Operand op) {
        return op instanceof Operand.Reg r ? r.name() : op instanceof Operand.Mem ? "a memory operand" : "an immediate";
    }

    private static void string(Map<String, InstructionEncoder> table, String name, int size, InstructionTable.Row row,
                               int w) {
        table.put(name, new InstructionEncoder() {
            @Override
            public byte[] encode(Statement st, EncodeContext ctx) {
                Operands.arity(st, 0);
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
