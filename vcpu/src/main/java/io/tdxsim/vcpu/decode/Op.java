package io.tdxsim.vcpu.decode;

/**
 * What the interpreter does for a decoded instruction: one constant per row family of
 * {@link InstructionTable}. A decoded instruction's row carries it, and the decode cache keeps
 * it, so the interpreter dispatches on it without looking at opcode bytes again.
 */
public enum Op {
    /** Decodes, but the interpreter has no semantics for it (#UD in the simulator). */
    UNSUPPORTED,
    ALU_RM_REG, ALU_REG_RM, ALU_ACC_IMM, ALU_RM_IMM,
    TEST_RM_REG, TEST_ACC_IMM, TEST_RM_IMM,
    NOT, NEG, MUL, IMUL_ONE, DIV, IDIV, IMUL_REG_RM, IMUL_REG_RM_IMM,
    INC, DEC, SHIFT, SHIFT_DOUBLE,
    BT, BTS, BTR, BTC, BT_IMM, BSF, BSR, TZCNT, BSWAP,
    MOV_RM_REG, MOV_REG_RM, MOV_RM_IMM, MOV_REG_IMM8, MOV_REG_IMM, MOV_ACC_MOFFS, MOV_MOFFS_ACC,
    MOVZX, MOVSX, MOVSXD, LEA, CBW, CWD, SETCC, CMOVCC,
    XCHG_RM_REG, XCHG_ACC, XADD, CMPXCHG,
    PUSH_REG, POP_REG, PUSH_IMM, PUSH_RM, POP_RM, CALL_REL, CALL_RM, RET, RET_IMM, LEAVE,
    JMP_REL, JMP_RM, JCC, LOOP,
    PORT_IO, MOVS, STOS, NOP, HINT_NOP, FENCE, HLT, UD2,
    CPUID, RDTSC, RDTSCP, RDPID,
    CLI, STI, PUSHF, POPF, LIDT, IRETQ, WRMSR, TDCALL
}
