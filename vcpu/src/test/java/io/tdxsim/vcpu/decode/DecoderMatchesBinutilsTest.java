package io.tdxsim.vcpu.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against GNU binutils: thousands of seeded random instructions, MMIO forms
 * and others, must get the same length from the decoder as from objdump, and {@link DecodeLine}
 * must report what objdump's text implies under the Linux MMIO rules.
 */
class DecoderMatchesBinutilsTest {

    private static final long SEED = 0x7D5_1A5EL;
    private static final int COUNT = 4000;
    /** objdump rejecting more than this share means the generator has drifted from real encodings. */
    private static final double MAX_BAD_SHARE = 0.02;
    /** Each Linux class must be exercised at least this often, or the generator has lost a form. */
    private static final int MIN_PER_KIND = 100;
    private static final int SHOWN = 25;

    private static final Pattern FIELD =
            Pattern.compile("\"(length|kind|size|register|immediate)\":(null|\"([^\"]*)\"|(\\d+))");

    @Test
    void decoderAgreesWithObjdumpOnLengthAndMmioMeaning(@TempDir Path dir) throws Exception {
        InstructionGenerator generator = new InstructionGenerator(SEED);
        List<InstructionGenerator.Generated> generated = new ArrayList<>();
        List<byte[]> fragments = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            InstructionGenerator.Generated g = generator.next();
            generated.add(g);
            fragments.add(g.bytes());
        }
        List<Binutils.Disassembled> objdump = Binutils.firstInstructions(fragments, dir);

        int bad = 0;
        Map<String, Integer> checked = new TreeMap<>();
        Map<MmioKind, Integer> kinds = new EnumMap<>(MmioKind.class);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            InstructionGenerator.Generated g = generated.get(i);
            Binutils.Disassembled d = objdump.get(i);
            if (d.bad()) {
                bad++;
                continue;
            }
            checked.merge(g.family(), 1, Integer::sum);
            kinds.merge(ObjdumpMeaning.of(d.text()).kind(), 1, Integer::sum);
            String problem = compare(g.bytes(), d);
            if (problem != null) {
                mismatches.add(g.family() + " " + hex(g.bytes()) + " [objdump: " + d.text() + "] " + problem);
            }
        }

        assertTrue(bad <= MAX_BAD_SHARE * COUNT, bad + " of " + COUNT
                + " generated instructions are not instructions to objdump; fix the generator");
        for (MmioKind kind : MmioKind.values()) {
            assertTrue(kinds.getOrDefault(kind, 0) >= MIN_PER_KIND,
                    () -> "too few " + kind + " instructions generated: " + kinds);
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " of " + (COUNT - bad) + " instructions disagree with objdump"
                    + " (checked per family: " + checked + "):\n  "
                    + String.join("\n  ", mismatches.subList(0, Math.min(SHOWN, mismatches.size()))));
        }
    }

    @Test
    void generatorIsReproducibleFromItsSeed() {
        InstructionGenerator a = new InstructionGenerator(SEED);
        InstructionGenerator b = new InstructionGenerator(SEED);
        for (int i = 0; i < 200; i++) {
            assertArrayEquals(a.next().bytes(), b.next().bytes());
        }
    }

    /** Null when the decoder and objdump agree, otherwise what differs. */
    private static String compare(byte[] fragment, Binutils.Disassembled d) {
        Insn insn = new Insn();
        byte[] code = Binutils.padded(fragment);
        if (!X86Decoder.decode(code, 0, code.length, insn)) {
            return "decoder failed: " + insn.error;
        }
        if (insn.length != d.length()) {
            return "length: decoder " + insn.length + ", objdump " + d.length();
        }
        if (d.length() != fragment.length) {
            return "generator meant " + fragment.length + " bytes but both decoders read " + d.length();
        }
        String line = DecodeLine.describe(hex(fragment));
        Map<String, String> actual = fields(line);
        if (!insn.hasMemoryOperand() && !"MOVS".equals(actual.get("kind"))) {
            // a register form: the kernel classifies it by opcode alone, and objdump's text does
            // not show the encoding (89 c8 and 8b c1 both print "mov eax,ecx"); length only
            return actual.get("length").equals(Integer.toString(d.length())) ? null : "describe " + line;
        }
        ObjdumpMeaning.Expected e = ObjdumpMeaning.of(d.text());
        Map<String, String> expected = Map.of(
                "length", Integer.toString(d.length()),
                "kind", e.kind().name(),
                "size", String.valueOf(e.size()),
                "register", String.valueOf(e.register()),
                "immediate", String.valueOf(e.immediate()));
        return expected.equals(actual) ? null : "describe " + line + " but objdump implies " + e;
    }

    private static Map<String, String> fields(String json) {
        Map<String, String> fields = new TreeMap<>();
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            String value = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : "null";
            fields.put(m.group(1), value);
        }
        return fields;
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(s.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xFF));
        }
        return s.toString();
    }
}
