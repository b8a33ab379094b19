package io.tdxsim.vcpu.asm;

/** Range rules for immediates and displacements. */
final class Immediates {
    private Immediates() {
    }

    static boolean fitsInt8(long v) {
        return v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
    }

    static boolean fitsInt32(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
    }

    /** v truncated to an operand of {@code size} bytes, then sign-extended, fits the 8-bit imm forms. */
    static boolean fitsSignExtendedByte(long v, int size) {
        return switch (size) {
            case 1 -> true;
            case 2 -> fitsInt8((short) v);
            case 4 -> fitsInt8((int) v);
            default -> fitsInt8(v);
        };
    }

    /**
     * An immediate for an operand of {@code size} bytes may be written signed or unsigned
     * (0xff and -1 are both a byte); a 64-bit operand takes a sign-extended 32-bit immediate.
     */
    static void check(Value v, int size, EncodeContext ctx) {
        if (!ctx.checks(v)) {
            return;
        }
        long x = v.value();
        boolean ok = switch (size) {
            case 1 -> x >= -0x80 && x <= 0xff;
            case 2 -> x >= -0x8000 && x <= 0xffff;
            case 4 -> x >= Integer.MIN_VALUE && x <= 0xffffffffL;
            default -> fitsInt32(x);
        };
        if (!ok) {
            throw new AsmError(size == 8
                    ? "immediate " + show(x) + " out of range: a 64-bit operand takes a sign-extended 32-bit immediate"
                    : "immediate " + show(x) + " out of range for a " + sizeName(size) + " operand");
        }
    }

    static String sizeName(int size) {
        return switch (size) {
            case 1 -> "byte";
            case 2 -> "word";
            case 4 -> "dword";
            default -> "qword";
        };
    }

    static String show(long v) {
        return v > -0x10000 && v < 0x10000 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }
}
