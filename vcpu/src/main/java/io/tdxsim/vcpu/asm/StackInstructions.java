package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.decode.InstructionTable;
import io.tdxsim.vcpu.decode.Op;
import java.util.Map;

/** PUSH, POP, CALL, RET and LEAVE: 64-bit stack operations, as gcc's function frames use them. */
final class StackInstructions {
    private StackInstructions() {
    }

    private static final InstructionTable.Row PUSH_IMM8 = InstructionTable.encoding(Op.PUSH_IMM, null, "imm8 (sign-extended)");
    private static final InstructionTable.Row PUSH_IMM32 = InstructionTable.encoding(Op.PUSH_IMM, null, "imm32 (sign-extended)");
    private static final InstructionTable.Row PUSH_REG = InstructionTable.encoding(Op.PUSH_REG);
    private static final InstructionTable.Row PUSH_RM = InstructionTable.encoding(Op.PUSH_RM);
    private static final InstructionTable.Row POP_REG = InstructionTable.encoding(Op.POP_REG);
    private static final InstructionTable.Row POP_RM = InstructionTable.encoding(Op.POP_RM);
    private static final InstructionTable.Row CALL_REL = InstructionTable.encoding(Op.CALL_REL);
    private static final InstructionTable.Row CALL_RM = InstructionTable.encoding(Op.CALL_RM);
    private static final InstructionTable.Row RET = InstructionTable.encoding(Op.RET);
    private static final InstructionTable.Row RET_IMM = InstructionTable.encoding(Op.RET_IMM);
    private static final InstructionTable.Row LEAVE = InstructionTable.encoding(Op.LEAVE);

    static void register(Map<String, InstructionEncoder> table) {
        table.put("push", StackInstructions::push);
        table.put("pop", StackInstructions::pop);
        table.put("call", StackInstructions::call);
        table.put("ret", StackInstructions::ret);
        table.put("leave", (st, ctx) -> {
            Operands.arity(st, 0);
            return Encoding.op(LEAVE).bytes(ctx);
        });
    }

    private static byte[] push(Statement st, EncodeContext ctx) {
        Operands.arity(st, 1);
        Operand op = st.operand(0);
        if (op instanceof Operand.Imm imm) {
            Value v = ctx.eval(imm.expr());
            Immediates.check(v, 8, ctx);
            if (!v.usesLabels() && Immediates.fitsInt8(v.value())) {
                return Encoding.op(PUSH_IMM8).imm(v.value(), 1).bytes(ctx);
            }
            return Encoding.op(PUSH_IMM32).imm(v.value(), 4).bytes(ctx);
        }
        return stackOperand(st, op, PUSH_REG, PUSH_RM, ctx);
    }

    private static byte[] pop(Statement st, EncodeContext ctx) {
        Operands.arity(st, 1);
        return stackOperand(st, st.operand(0), POP_REG, POP_RM, ctx);
    }

    /** A 64-bit register (opcode + r) or qword memory (opcode /digit): the stack's operand size is 64 bits by default. */
    private static byte[] stackOperand(Statement st, Operand op, InstructionTable.Row plusR, InstructionTable.Row rm,
                                       EncodeContext ctx) {
        if (op instanceof Operand.Reg r) {
            requireQword(st, op);
            return Encoding.op(plusR).opcodeRegister(r).bytes(ctx);
        }
        requireQword(st, op);
        return Encoding.op(rm).ext(rm.digit()).rm(op, ctx).bytes(ctx);
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
            return Encoding.op(CALL_REL).imm(rel, 4).bytes(ctx);
        }
        requireQword(st, op);
        return Encoding.op(CALL_RM).ext(CALL_RM.digit()).rm(op, ctx).bytes(ctx);
    }

    private static byte[] ret(Statement st, EncodeContext ctx) {
        if (st.arity() == 0) {
            return Encoding.op(RET).bytes(ctx);
        }
        Operands.arity(st, 1);
        if (!(st.operand(0) instanceof Operand.Imm imm)) {
            throw Operands.badCombination(st);
        }
        Value v = ctx.eval(imm.expr());
        Immediates.check(v, 2, ctx);
        return Encoding.op(RET_IMM).imm(v.value(), 2).bytes(ctx);
    }
}
