package io.tdxsim.vcpu.asm;

import java.util.Map;

/** PUSH, POP, CALL, RET and LEAVE: 64-bit stack operations, as gcc's function frames use them. */
final class StackInstructions {
    private StackInstructions() {
    }

    static void register(Map<String, InstructionEncoder> table) {
        table.put("push", StackInstructions::push);
        table.put("pop", StackInstructions::pop);
        table.put("call", StackInstructions::call);
        table.put("ret", StackInstructions::ret);
        table.put("leave", (st, ctx) -> {
            Operands.arity(st, 0);
            return Encoding.op(0xc9).bytes(ctx);
        });
    }

    private static byte[] push(Statement st, EncodeContext ctx) {
        Operands.arity(st, 1);
        Operand op = st.operand(0);
        if (op instanceof Operand.Imm imm) {
            Value v = ctx.eval(imm.expr());
            Immediates.check(v, 8, ctx);
            if (!v.usesLabels() && Immediates.fitsInt8(v.value())) {
                return Encoding.op(0x6a).imm(v.value(), 1).bytes(ctx);
            }
            return Encoding.op(0x68).imm(v.value(), 4).bytes(ctx);
        }
        return stackOperand(st, op, 0x50, 0xff, 6, ctx);
    }

    private static byte[] pop(Statement st, EncodeContext ctx) {
        Operands.arity(st, 1);
        return stackOperand(st, st.operand(0), 0x58, 0x8f, 0, ctx);
    }

    /** A 64-bit register (opcode + r) or qword memory (opcode /digit): the stack's operand size is 64 bits by default. */
    private static byte[] stackOperand(Statement st, Operand op, int plusR, int memOpcode, int digit, EncodeContext ctx) {
        if (op instanceof Operand.Reg r) {
            requireQword(st, op);
            return Encoding.op(plusR).opcodeRegister(r).bytes(ctx);
        }
        requireQword(st, op);
        return Encoding.op(memOpcode).ext(digit).rm(op, ctx).bytes(ctx);
    }

    private static void requireQword(Statement st, Operand op) {
        if (op instanceof Operand.Reg r && r.size() != 8) {
            throw new AsmError("'" + st.mnemonic() + "' takes a 64-bit register, not '" + r.name() + "'");
        }
        if (op instanceof Operand.Mem m && m.size() != 0 && m.size() != 8) {
            throw new AsmError("'" + st.mnemonic() + "' takes qword memory, not " + Operands.bits(m.size()));
        }
        if (!Operands.isRm(op)) {
            throw Operands.badCombination(st);
        }
    }

    /** call label (E8 rel32), or through a 64-bit register or qword memory (FF /2). */
    private static byte[] call(Statement st, EncodeContext ctx) {
        Operands.arity(st, 1);
        Operand op = st.operand(0);
        if (op instanceof Operand.Imm imm) {
            Value v = ctx.eval(imm.expr());
            if (!v.isAddress()) {
                throw new AsmError("'call' target must be a label, a 64-bit register or qword memory");
            }
            long rel = v.value() - (ctx.address() + 5);
            if (ctx.strict() && !Immediates.fitsInt32(rel)) {
                throw new AsmError("call target is out of range");
            }
            return Encoding.op(0xe8).imm(rel, 4).bytes(ctx);
        }
        requireQword(st, op);
        return Encoding.op(0xff).ext(2).rm(op, ctx).bytes(ctx);
    }

    private static byte[] ret(Statement st, EncodeContext ctx) {
        if (st.arity() == 0) {
            return Encoding.op(0xc3).bytes(ctx);
        }
        Operands.arity(st, 1);
        if (!(st.operand(0) instanceof Operand.Imm imm)) {
            throw Operands.badCombination(st);
        }
        Value v = ctx.eval(imm.expr());
        Immediates.check(v, 2, ctx);
        return Encoding.op(0xc2).imm(v.value(), 2).bytes(ctx);
    }
}
