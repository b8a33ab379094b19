package io.tdxsim.vcpu.decode;

/**
 * Instructions that load their memory operand and store a result back to it (ALU ops but CMP,
 * shifts and rotates, NOT/NEG, INC/DEC, XCHG, XADD, CMPXCHG, BTS/BTR/BTC): the
 * {@link InstructionTable#RMW} rows. An EPT violation taken by one of them reports a data write
 * in the exit qualification even though the load comes first (SDM, exit qualification for EPT
 * violations); whether the read bit is also set is model-specific.
 */
public final class ReadModifyWrite {

    private ReadModifyWrite() {
    }

    /** Whether a LOCK prefix is allowed (SDM, LOCK): a {@link InstructionTable#LOCKABLE} row with a memory destination. */
    public static boolean lockable(Insn insn) {
        return memoryForm(insn) && insn.row().has(InstructionTable.LOCKABLE);
    }

    public static boolean is(Insn insn) {
        return memoryForm(insn) && insn.row().has(InstructionTable.RMW);
    }

    private static boolean memoryForm(Insn insn) {
        return insn.row() != null && insn.hasModrm && insn.mod != 3;
    }
}
