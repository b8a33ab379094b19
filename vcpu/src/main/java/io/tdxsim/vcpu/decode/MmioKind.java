package io.tdxsim.vcpu.decode;

/**
 * The instruction classes of the Linux MMIO decoder (insn_decode_mmio), in its enum order, and
 * the access size each sends in R12.
 */
public enum MmioKind {
    DECODE_FAILED,
    WRITE,
    WRITE_IMM,
    READ,
    READ_ZERO_EXTEND,
    READ_SIGN_EXTEND,
    MOVS;

    /**
     * Linux's classification, opcode only: like the kernel it does not look at ModRM.mod, so
     * register forms such as {@code movzx eax, al} are classified too, nor at a VEX/EVEX prefix,
     * so VEX {@code c6} (vshufps) is WRITE_IMM and EVEX {@code 8a} in map 0f38 (vcompressps, a
     * store) is READ.
     */
    public static MmioKind linuxClass(Insn insn) {
        if (!insn.valid) {
            return DECODE_FAILED;
        }
        return switch (insn.kernelOpcodeKey()) {
            case 0x88, 0x89 -> WRITE;
            case 0xC6, 0xC7 -> WRITE_IMM;
            case 0x8A, 0x8B -> READ;
            case 0xA4, 0xA5 -> MOVS;
            case 0x0FB6, 0x0FB7 -> READ_ZERO_EXTEND;
            case 0x0FBE, 0x0FBF -> READ_SIGN_EXTEND;
            default -> DECODE_FAILED;
        };
    }

    /**
     * What the handler can see of an instruction that faulted on MMIO: an instruction without a
     * memory operand cannot have faulted, so it is DECODE_FAILED whatever its opcode.
     */
    public static MmioKind of(Insn insn) {
        MmioKind kind = linuxClass(insn);
        if (kind == MOVS || kind == DECODE_FAILED) {
            return kind;
        }
        return insn.hasMemoryOperand() ? kind : DECODE_FAILED;
    }

    /** Bytes sent in R12 for this class; 0 for DECODE_FAILED. */
    public int size(Insn insn) {
        return switch (this) {
            case DECODE_FAILED -> 0;
            case WRITE, WRITE_IMM, READ, MOVS -> (insn.opcode & 1) == 0 ? 1 : insn.opndBytes;
            case READ_ZERO_EXTEND, READ_SIGN_EXTEND -> (insn.opcode & 1) == 0 ? 1 : 2;
        };
    }

    public boolean isRead() {
        return this == READ || this == READ_ZERO_EXTEND || this == READ_SIGN_EXTEND;
    }
}
