package io.tdxsim.vcpu.asm;

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
        string(table, "insb", 1, 0x6c);
        string(table, "insw", 2, 0x6d);
        string(table, "insd", 4, 0x6d);
        string(table, "outsb", 1, 0x6e);
        string(table, "outsw", 2, 0x6f);
        string(table, "outsd", 4, 0x6f);
    }

    /** IN: E4/E5 imm8, EC/ED dx. OUT: E6/E7 imm8, EE/EF dx. */
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
            return Encoding.op((in ? 0xec : 0xee) + wide).operandSize(size).bytes(ctx);
        }
        if (!(port instanceof Operand.Imm imm)) {
            throw new AsmError("the port of '" + st.mnemonic() + "' is an imm8 or dx");
        }
        Value v = ctx.eval(imm.expr());
        if (ctx.checks(v) && (v.value() < 0 || v.value() > 0xff)) {
            throw new AsmError("port " + Immediates.show(v.value()) + " does not fit an imm8 (0..255): put it in dx");
        }
        return Encoding.op((in ? 0xe4 : 0xe6) + wide).operandSize(size).imm(v.value(), 1).bytes(ctx);
    }

    private static String describe(Operand op) {
        return op instanceof Operand.Reg r ? r.name() : op instanceof Operand.Mem ? "a memory operand" : "an immediate";
    }

    private static void string(Map<String, InstructionEncoder> table, String name, int size, int opcode) {
        table.put(name, new InstructionEncoder() {
            @Override
            public byte[] encode(Statement st, EncodeContext ctx) {
                Operands.arity(st, 0);
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
