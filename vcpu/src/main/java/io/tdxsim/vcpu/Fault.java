package io.tdxsim.vcpu;

/** How a vCPU stopped when it did not simply halt. Each is a result in the report. */
public enum Fault {
    /** Kernel oops: die() after a fault nobody fixed up. */
    OOPS,
    /** Kernel panic. */
    PANIC,
    /** Kernel BUG()/BUG_ON(). */
    BUG,
    /** User process killed by SIGSEGV. */
    SIGSEGV,
    /** User process killed by SIGBUS. */
    SIGBUS,
    /** User process killed by SIGFPE (a divide error, #DE). */
    SIGFPE,
    /** #UD: the interpreter does not implement the instruction or it is invalid. */
    INVALID_OPCODE,
    /** The configured instruction budget ran out before HLT. */
    LIMIT
}
