package io.tdxsim.vcpu.decode;

import io.tdxsim.vcpu.Gpr;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an objdump (Intel syntax) line means under the Linux MMIO rules: MOV between a general
 * register or an immediate and a ModRM memory operand, MOVZX/MOVSX from memory, and MOVS are
 * emulated; everything else is DECODE_FAILED. A ModRM memory operand is the one objdump prints
 * with a width keyword ("DWORD PTR"); the moffs forms (A0-A3) print without one and are not
 * classified by Linux either. VEX/EVEX instructions are classified by the opcode byte after
 * the prefix, as the kernel does: vshufps/pd (c6) and the EVEX expand/compress forms (88-8b).
 */
final class ObjdumpMeaning {

    /** The fields {@link DecodeLine} reports, as objdump's text implies them. */
    record Expected(MmioKind kind, Integer size, String register, String immediate) {
        static final Expected FAILED = new Expected(MmioKind.DECODE_FAILED, null, null, null);
    }

    /** Words objdump prints before the mnemonic. */
    private static final Set<String> PREFIX_WORDS = Set.of(
            "rep", "repz", "repe", "repnz", "repne", "lock", "data16", "data32", "addr32", "addr16",
            "cs", "ds", "es", "fs", "gs", "ss", "notrack", "bnd", "xacquire", "xrelease");

    private static final Pattern MEMORY = Pattern.compile("^(BYTE|WORD|DWORD|QWORD) PTR \\S+$");
    private static final Pattern IMMEDIATE = Pattern.compile("^0x[0-9a-f]+$");
    private static final Pattern VECTOR_MEMORY = Pattern.compile("^(XMM|YMM|ZMM)WORD PTR \\S+$");
    private static final Pattern VECTOR_REGISTER = Pattern.compile("^[xyz]mm(\\d+)$");

    private ObjdumpMeaning() {
    }

    static Expected of(String text) {
        String line = text.replaceFirst("\\s+#.*$", "").replaceFirst("\\s+<[^>]*>$", "").strip();
        String[] words = line.split("\\s+", -1);
        int i = 0;
        while (i < words.length && (PREFIX_WORDS.contains(words[i]) || words[i].startsWith("rex"))) {
            i++;
        }
        if (i == words.length) {
            return Expected.FAILED;
        }
        String mnemonic = words[i];
        String[] operands = String.join(" ", java.util.Arrays.copyOfRange(words, i + 1, words.length)).split(",");
        if ((mnemonic.equals("vshufps") || mnemonic.equals("vshufpd")) && operands.length == 4) {
            return shuffle(operands[2].strip(), operands[3].strip());
        }
        if (operands.length != 2) {
            return Expected.FAILED;
        }
        String dst = operands[0].strip();
        String src = operands[1].strip();
        return switch (mnemonic) {
            case "mov" -> mov(dst, src);
            case "movzx" -> extend(MmioKind.READ_ZERO_EXTEND, dst, src);
            case "movsx" -> extend(MmioKind.READ_SIGN_EXTEND, dst, src);
            case "movs" -> width(dst) == null ? Expected.FAILED
                    : new Expected(MmioKind.MOVS, width(dst), null, null);
            case "vexpandps", "vexpandpd" -> vectorPair(MmioKind.WRITE, 1, dst, src);        // 88
            case "vpexpandd" -> vectorPair(MmioKind.WRITE, 4, dst, src);                      // 89 W0
            case "vpexpandq" -> vectorPair(MmioKind.WRITE, 8, dst, src);                      // 89 W1
            case "vcompressps", "vcompresspd" -> vectorPair(MmioKind.READ, 1, src, dst);     // 8a
            case "vpcompressd" -> vectorPair(MmioKind.READ, 4, src, dst);                     // 8b W0
            case "vpcompressq" -> vectorPair(MmioKind.READ, 8, src, dst);                     // 8b W1
            default -> Expected.FAILED;
        };
    }

    /**
     * The kernel classifies VEX/EVEX by the opcode byte after the prefix, as if it were legacy:
     * VEX c6 (vshufps/pd) with a memory operand is WRITE_IMM of one byte, the immediate.
     */
    private static Expected shuffle(String memory, String immediate) {
        if (!VECTOR_MEMORY.matcher(memory).matches() || !IMMEDIATE.matcher(immediate).matches()) {
            return Expected.FAILED;
        }
        return new Expected(MmioKind.WRITE_IMM, 1, null, "0x" + Long.toHexString(Long.decode(immediate) & 0xFF));
    }

    /**
     * EVEX 0f38 88-8b (expand loads, compress stores), classified as MOV 88-8b are: the register
     * slot is the vector register's number, named as a general register of the access size (the
     * byte forms as with a REX prefix, since the EVEX prefix takes the REX's place).
     */
    private static Expected vectorPair(MmioKind kind, int size, String vector, String memory) {
        Matcher v = VECTOR_REGISTER.matcher(vector);
        if (!v.matches() || !VECTOR_MEMORY.matcher(memory).matches()) {
            return Expected.FAILED;
        }
        int number = Integer.parseInt(v.group(1));
        String name = size == 1 ? Gpr.byteRegisterName(number, true) : Gpr.of(number).name(size);
        return new Expected(kind, size, name, null);
    }

    private static Expected mov(String dst, String src) {
        Integer dstWidth = width(dst);
        Integer srcWidth = width(src);
        if (dstWidth != null && gprWidth(src) != null) {
            return sameWidth(new Expected(MmioKind.WRITE, dstWidth, src, null), gprWidth(src));
        }
        if (dstWidth != null && IMMEDIATE.matcher(src).matches()) {
            return new Expected(MmioKind.WRITE_IMM, dstWidth, null, src);
        }
        if (srcWidth != null && gprWidth(dst) != null) {
            return sameWidth(new Expected(MmioKind.READ, srcWidth, dst, null), gprWidth(dst));
        }
        return Expected.FAILED;
    }

    private static Expected extend(MmioKind kind, String dst, String src) {
        Integer srcWidth = width(src);
        return srcWidth != null && gprWidth(dst) != null ? new Expected(kind, srcWidth, dst, null) : Expected.FAILED;
    }

    /** A MOV whose register and memory widths differ would mean this reading of objdump is wrong. */
    private static Expected sameWidth(Expected e, int registerWidth) {
        if (e.size() != registerWidth) {
            throw new IllegalStateException("register and memory widths differ in " + e);
        }
        return e;
    }

    /** Width in bytes of a ModRM memory operand, or null if the operand is not one. */
    private static Integer width(String operand) {
        Matcher m = MEMORY.matcher(operand);
        if (!m.matches()) {
            return null;
        }
        return switch (m.group(1)) {
            case "BYTE" -> 1;
            case "WORD" -> 2;
            case "DWORD" -> 4;
            default -> 8;
        };
    }

    private static Integer gprWidth(String operand) {
        Gpr.Named named = Gpr.parse(operand);
        return named == null ? null : named.size();
    }
}
