package io.tdxsim.vcpu.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One instruction, given as hex text, described as a single-line JSON object with the keys
 * {@code hex, length, kind, size, register, immediate} in that order, as the Linux kernel's
 * decoder and insn_decode_mmio() see it: kernel prefix rules, and no check of ModRM.mod, so a
 * register form such as {@code movzx eax, al} is classified although it cannot fault. What the
 * {@code decode} command prints.
 */
public final class DecodeLine {

    private DecodeLine() {
    }

    /**
     * Describes the instruction at the start of {@code hexText} ("8b 07" or "8b07"; trailing
     * bytes are allowed and ignored, as the handler ignores what follows the instruction).
     *
     * @throws IllegalArgumentException if the text is not 1 to 15 bytes of hex
     */
    public static String describe(String hexText) {
        byte[] code = parseHex(hexText);
        Insn insn = new Insn();
        boolean decoded = X86Decoder.decodeLinux(code, 0, code.length, insn);
        MmioKind kind = MmioKind.linuxClass(insn);
        Integer size = kind == MmioKind.DECODE_FAILED ? null : kind.size(insn);

        StringBuilder json = new StringBuilder(128).append('{');
        field(json, "hex", quote(toHex(code))).append(',');
        field(json, "length", decoded ? Integer.toString(insn.length) : "null").append(',');
        field(json, "kind", quote(kind.name())).append(',');
        field(json, "size", size == null ? "null" : size.toString()).append(',');
        field(json, "register", quote(MmioOperands.registerName(insn, kind))).append(',');
        field(json, "immediate",
                quote(kind == MmioKind.WRITE_IMM ? MmioOperands.immediateHex(insn, size) : null));
        return json.append('}').toString();
    }

    /** Parses whitespace-separated groups of hex digit pairs into bytes. */
    static byte[] parseHex(String hexText) {
        if (hexText == null || hexText.isBlank()) {
            throw new IllegalArgumentException("no instruction bytes given");
        }
        List<String> groups = new ArrayList<>();
        for (String group : hexText.trim().split("\\s+")) {
            groups.add(group.toLowerCase(Locale.ROOT));
        }
        String shown = String.join(" ", groups);
        StringBuilder digits = new StringBuilder();
        for (String group : groups) {
            for (int i = 0; i < group.length(); i++) {
                char ch = group.charAt(i);
                if (!isHexDigit(ch)) {
                    throw new IllegalArgumentException(
                            "bad hex \"" + shown + "\": " + describeChar(ch) + " is not a hex digit");
                }
            }
            if (group.length() % 2 != 0) {
                throw new IllegalArgumentException(
                        "bad hex \"" + shown + "\": \"" + group + "\" has an odd number of digits");
            }
            digits.append(group);
        }
        int count = digits.length() / 2;
        if (count > X86Decoder.MAX_LENGTH) {
            throw new IllegalArgumentException("bad hex \"" + shown + "\": " + count
                    + " bytes, but an x86 instruction is at most " + X86Decoder.MAX_LENGTH);
        }
        byte[] code = new byte[count];
        for (int i = 0; i < count; i++) {
            code[i] = (byte) Integer.parseInt(digits, 2 * i, 2 * i + 2, 16);
        }
        return code;
    }

    /** ASCII only: Character.digit would also accept e.g. full-width digits. */
    private static boolean isHexDigit(char ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
    }

    private static String describeChar(char ch) {
        return ch >= 0x20 && ch < 0x7F ? "'" + ch + "'" : String.format("U+%04X", (int) ch);
    }

    private static String toHex(byte[] code) {
        StringBuilder hex = new StringBuilder(2 * code.length);
        for (byte b : code) {
            hex.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    private static StringBuilder field(StringBuilder json, String key, String value) {
        return json.append(quote(key)).append(':').append(value);
    }

    /** A JSON string literal, or {@code null}. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == 0x2028 || ch == 0x2029) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
