package io.tdxsim.vcpu.decode;

import io.tdxsim.vcpu.Gpr;

/** The operands of an MMIO instruction as a user reads them: register name and immediate. */
public final class MmioOperands {

    private MmioOperands() {
    }

    /**
     * Intel name (lower case) of the register the instruction moves to or from memory, or null
     * when it has none ({@code WRITE_IMM}, {@code MOVS}, {@code DECODE_FAILED}). Byte forms name
     * the register as encoded ({@code 8a 27} is {@code ah}, {@code 40 8a 37} is {@code sil}),
     * even though Linux resolves the former to RSP's slot. MOVZX/MOVSX name the destination at
     * the operand size.
     */
    public static String registerName(Insn insn, MmioKind kind) {
        return switch (kind) {
            case WRITE, READ -> kind.size(insn) == 1
                    ? Gpr.byteRegisterName(insn.reg, insn.rex != 0)
                    : Gpr.of(insn.reg).name(insn.opndBytes);
            case READ_ZERO_EXTEND, READ_SIGN_EXTEND -> Gpr.of(insn.reg).name(insn.opndBytes);
            case WRITE_IMM, MOVS, DECODE_FAILED -> null;
        };
    }

    /**
     * The stored (sign-extended) immediate truncated to {@code size} bytes, as "0x" and lower-case
     * hex without leading zeros: the value the device receives.
     */
    public static String immediateHex(Insn insn, int size) {
        long value = switch (size) {
            case 1 -> insn.imm & 0xFFL;
            case 2 -> insn.imm & 0xFFFFL;
            case 4 -> insn.imm & 0xFFFF_FFFFL;
            case 8 -> insn.imm;
            default -> throw new IllegalArgumentException("immediate size must be 1, 2, 4 or 8, not " + size);
        };
        return "0x" + Long.toHexString(value);
    }
}
