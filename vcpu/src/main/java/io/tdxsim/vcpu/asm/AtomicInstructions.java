package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.decode.InstructionTable;
import io.tdxsim.vcpu.decode.Op;
import java.util.Map;

/** XCHG, XADD and CMPXCHG: the exchanges spinlocks and atomics are built from. */
final class AtomicInstructions {
    private AtomicInstructions() {
    }

    private static final InstructionTable.Row XCHG = InstructionTable.encoding(Op.XCHG_RM_REG);
    /** 90+r: the table's row starts at 91, since 90 with no register is NOP. */
    private static final int XCHG_ACC = InstructionTable.encoding(Op.XCHG_ACC).low() & ~7;

    static void register(Map<String, InstructionEncoder> table) {
        table.put("xchg", AtomicInstructions::xchg);
        InstructionTable.Row xadd = InstructionTable.encoding(Op.XADD);
        InstructionTable.Row cmpxchg = InstructionTable.encoding(Op.CMPXCHG);
        table.put("xadd", (st, ctx) -> exchange(st, ctx, xadd));
        table.put("cmpxchg", (st, ctx) -> exchange(st, ctx, cmpxchg));
    }

    private static byte[] xchg(Statement st, EncodeContext ctx) {
        Operands.arity(st, 2);
        Operand a = st.operand(0);
        Operand b = st.operand(1);
        if (a instanceof Operand.Reg ra && b instanceof Operand.Reg rb) {
            int size = Operands.commonSize(st, a, b);
            if (size > 1 && (ra.isAccumulator() || rb.isAccumulator())) {
                Operand.Reg other = ra.isAccumulator() ? rb : ra;
                if (other.isAccumulator() && size == 4) {
                    // 90 would be NOP, which leaves RAX's upper half alone; GNU as spells it out
                    return Encoding.op(XCHG, 1).operandSize(4).reg(rb).rm(ra, ctx).bytes(ctx);
                }
                // GNU as drops REX.W for xchg rax, rax: 90 is the same no-op
                return Encoding.op(XCHG_ACC).operandSize(other.isAccumulator() && size == 8 ? 4 : size)
                        .opcodeRegister(other).bytes(ctx);
            }
            return Encoding.op(XCHG, size == 1 ? 0 : 1).operandSize(size).reg(rb).rm(ra, ctx).bytes(ctx);
        }
        Operand.Reg reg = a instanceof Operand.Reg r ? r : b instanceof Operand.Reg r2 ? r2 : null;
        Operand mem = Operands.isMem(a) ? a : Operands.isMem(b) ? b : null;
        if (reg == null || mem == null) {
            throw Operands.badCombination(st);
        }
        int size = Operands.commonSize(st, a, b);
        return Encoding.op(XCHG, size == 1 ? 0 : 1).operandSize(size).reg(reg).rm(mem, ctx).bytes(ctx);
    }

    /** XADD / CMPXCHG r/m, reg (+1 for the full-size form). */
    private static byte[] exchange(Statement st, EncodeContext ctx, InstructionTable.Row row) {
        Operands.arity(st, 2);
        if (!Operands.isRm(st.operand(0)) || !(st.operand(1) instanceof Operand.Reg src)) {
            throw Operands.badCombination(st);
        }
        int size = Operands.commonSize(st, st.operand(0), src);
        return Encoding.op(row, size == 1 ? 0 : 1).operandSize(size).reg(src).rm(st.operand(0), ctx)
                .bytes(ctx);
    }
}
