package io.tdxsim.vcpu;

/**
 * The sixteen general-purpose registers in encoding order (ModRM/SIB number 0..15) with their
 * Intel-syntax names per operand size. This is the project's one register table.
 */
public enum Gpr {
    RAX("rax", "eax", "ax", "al"),
    RCX("rcx", "ecx", "cx", "cl"),
    RDX("rdx", "edx", "dx", "dl"),
    RBX("rbx", "ebx", "bx", "bl"),
    RSP("rsp", "esp", "sp", "spl"),
    RBP("rbp", "ebp", "bp", "bpl"),
    RSI("rsi", "esi", "si", "sil"),
    RDI("rdi", "edi", "di", "dil"),
    R8("r8", "r8d", "r8w", "r8b"),
    R9("r9", "r9d", "r9w", "r9b"),
    R10("r10", "r10d", "r10w", "r10b"),
    R11("r11", "r11d", "r11w", "r11b"),
    R12("r12", "r12d", "r12w", "r12b"),
    R13("r13", "r13d", "r13w", "r13b"),
    R14("r14", "r14d", "r14w", "r14b"),
    R15("r15", "r15d", "r15w", "r15b");

    /** Byte registers 4..7 without a REX prefix: bits 15:8 of RAX, RCX, RDX, RBX. */
    private static final String[] HIGH_BYTE = {"ah", "ch", "dh", "bh"};

    private static final Gpr[] BY_NUMBER = values();

    private final String q;
    private final String d;
    private final String w;
    private final String b;

    Gpr(String q, String d, String w, String b) {
        this.q = q;
        this.d = d;
        this.w = w;
        this.b = b;
    }

    public static Gpr of(int number) {
        return BY_NUMBER[number];
    }

    public int number() {
        return ordinal();
    }

    /** Name of this register at {@code size} bytes (1 means the low byte: al, sil, r8b). */
    public String name(int size) {
        return switch (size) {
            case 8 -> q;
            case 4 -> d;
            case 2 -> w;
            case 1 -> b;
            default -> throw new IllegalArgumentException("register size " + size);
        };
    }

    public String name64() {
        return q;
    }

    /**
     * Name of byte register number {@code number} as encoded: without any REX prefix, 4..7 mean
     * AH, CH, DH, BH; with one, SPL, BPL, SIL, DIL.
     */
    public static String byteRegisterName(int number, boolean rexPresent) {
        if (!rexPresent && number >= 4 && number < 8) {
            return HIGH_BYTE[number - 4];
        }
        return of(number).b;
    }

    /** An operand named in assembly: the register, its width, and whether it is AH..BH. */
    public record Named(Gpr gpr, int size, boolean highByte) { }

    /** Looks up an Intel-syntax register name (case-insensitive); null if it is not one. */
    public static Named parse(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < HIGH_BYTE.length; i++) {
            if (HIGH_BYTE[i].equals(n)) {
                return new Named(of(i), 1, true);
            }
        }
        for (Gpr r : BY_NUMBER) {
            if (r.q.equals(n)) {
                return new Named(r, 8, false);
            }
            if (r.d.equals(n)) {
                return new Named(r, 4, false);
            }
            if (r.w.equals(n)) {
                return new Named(r, 2, false);
            }
            if (r.b.equals(n)) {
                return new Named(r, 1, false);
            }
        }
        return null;
    }
}
