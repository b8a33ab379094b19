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
 * classified by Linux either.
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
            default -> Expected.FAILED;
        };
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
