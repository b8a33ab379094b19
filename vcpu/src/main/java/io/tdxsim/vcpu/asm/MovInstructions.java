package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.decode.InstructionTable;
import io.tdxsim.vcpu.decode.Op;
import java.util.Map;

/** MOV in all its general-purpose forms, and MOVABS (imm64 and moffs64). */
final class MovInstructions {
    private static final InstructionTable.Row REG_IMM = InstructionTable.encoding(Op.MOV_REG_IMM);
    private static final InstructionTable.Row REG_IMM8 = InstructionTable.encoding(Op.MOV_REG_IMM8);
    private static final InstructionTable.Row RM_IMM = InstructionTable.encoding(Op.MOV_RM_IMM);
    private static final InstructionTable.Row RM_REG = InstructionTable.encoding(Op.MOV_RM_REG);
    private static final InstructionTable.Row REG_RM = InstructionTable.encoding(Op.MOV_REG_RM);
    private static final InstructionTable.Row ACC_MOFFS = InstructionTable.encoding(Op.MOV_ACC_MOFFS);
    private static final InstructionTable.Row MOFFS_ACC = InstructionTable.encoding(Op.MOV_MOFFS_ACC);

    private MovInstructions() {
    }

    static void register(Map<String, InstructionEncoder> table) {
        table.put("mov", MovInstructions::mov);
        table.put("movabs", MovInstructions::movabs);
    }

    private static byte[] mov(Statement st, EncodeContext ctx) {
        Operands.arity(st, 2);
        Operand dst = st.operand(0);
        Operand src = st.operand(1);
        if (dst instanceof Operand.Reg r && Operands.isImm(src)) {
            Value v = ctx.eval(((Operand.Imm) src).expr());
            int size = r.size();
            if (size == 8) {
                // GNU as without -O: C7 /0 when a sign-extended imm32 holds the value, else B8+r imm64.
                boolean imm32 = v.usesLabels() ? ctx.labelsFitInt32() : Immediates.fitsInt32(v.value());
                if (!imm32) {
                    return Encoding.op(REG_IMM).operandSize(8).opcodeRegister(r).imm(v.value(), 8).bytes(ctx);
                }
                Immediates.check(v, 8, ctx);
                return Encoding.op(RM_IMM, 1).operandSize(8).ext(0).rm(r, ctx).imm(v.value(), 4).bytes(ctx);
            }
            Immediates.check(v, size, ctx);
            return Encoding.op(size == 1 ? REG_IMM8 : REG_IMM).operandSize(size).opcodeRegister(r).imm(v.value(), size)
                    .bytes(ctx);
        }
        if (Operands.isMem(dst) && Operands.isImm(src)) {
            int size = Operands.requireSize(st, dst.size());
            Value v = ctx.eval(((Operand.Imm) src).expr());
            Immediates.check(v, size, ctx);
            return Encoding.op(RM_IMM, size == 1 ? 0 : 1).operandSize(size).ext(0).rm(dst, ctx)
                    .imm(v.value(), AluInstructions.fullImmSize(size)).bytes(ctx);
        }
        if (Operands.isRm(dst) && Operands.isReg(src)) {
            int size = Operands.commonSize(st, dst, src);
            return Encoding.op(RM_REG, size == 1 ? 0 : 1).operandSize(size).reg((Operand.Reg) src).rm(dst, ctx)
                    .bytes(ctx);
        }
        if (Operands.isReg(dst) && Operands.isMem(src)) {
            int size = Operands.commonSize(st, dst, src);
            return Encoding.op(REG_RM, size == 1 ? 0 : 1).operandSize(size).reg((Operand.Reg) dst).rm(src, ctx)
                    .bytes(ctx);
        }
        throw Operands.badCombination(st);
    }

    /** movabs r64, imm64 / movabs acc, [moffs64] / movabs [moffs64], acc. */
    private static byte[] movabs(Statement st, EncodeContext ctx) {
        Operands.arity(st, 2);
        Operand dst = st.operand(0);
        Operand src = st.operand(1);
        if (dst instanceof Operand.Reg r && Operands.isImm(src)) {
            if (r.size() != 8) {
                throw new AsmError("'movabs' with an immediate needs a 64-bit register, not '" + r.name() + "'");
            }
            Value v = ctx.eval(((Operand.Imm) src).expr());
            return Encoding.op(REG_IMM).operandSize(8).opcodeRegister(r).imm(v.value(), 8).bytes(ctx);
        }
        boolean store = Operands.isMem(dst);
        Operand regOp = store ? src : dst;
        Operand memOp = store ? dst : src;
        if (!(regOp instanceof Operand.Reg r) || !(memOp instanceof Operand.Mem m)) {
            throw Operands.badCombination(st);
        }
        if (!r.isAccumulator()) {
            throw new AsmError("'movabs' with a memory operand needs al, ax, eax or rax, not '" + r.name() + "'");
        }
        if (m.base() != null || m.index() != null || m.rip()) {
            throw new AsmError("'movabs' takes an absolute address [addr], without registers");
        }
        int size = Operands.commonSize(st, dst, src);
        long address = ctx.eval(m.disp()).value();
        return Encoding.op(store ? MOFFS_ACC : ACC_MOFFS, size == 1 ? 0 : 1).operandSize(size).imm(address, 8)
                .bytes(ctx);
    }
}
