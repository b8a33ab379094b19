package io.tdxsim.vcpu.asm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Byte-for-byte agreement with GNU as on a generated corpus of every supported form. */
class GnuAsDifferentialTest {

    @TestFactory
    Stream<DynamicTest> everyInstructionFormEncodesLikeGnuAs() {
        return InstructionCorpus.groups().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertSameAsGnu(InstructionCorpus.frame(e.getValue()))));
    }

    @Test
    void everyJumpMnemonicShortAndLongEncodesLikeGnuAs() throws AsmException {
        assertSameAsGnu(InstructionCorpus.jumps());
    }

    @TestFactory
    Stream<DynamicTest> jumpsAtTheRel8BoundaryRelaxLikeGnuAs() {
        return InstructionCorpus.relaxation().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertSameAsGnu(e.getValue())));
    }

    @Test
    void corpusIsLargeEnoughToMeanSomething() {
        int total = InstructionCorpus.groups().values().stream().mapToInt(List::size).sum();
        assertTrue(total > 1000, "corpus has only " + total + " instructions");
    }

    private static void assertSameAsGnu(String body) throws AsmException {
        Program mine = Assembler.assemble(body, InstructionCorpus.SYMBOLS, 0);
        byte[] gnu = GnuAs.assemble(InstructionCorpus.gasPrelude() + body);
        byte[] code = mine.code();
        int n = Math.min(code.length, gnu.length);
        int at = 0;
        while (at < n && code[at] == gnu[at]) {
            at++;
        }
        if (at == n && code.length == gnu.length) {
            return;
        }
        fail(describeMismatch(body, mine, gnu, at));
    }

    /** Names the first differing source line and shows both encodings from its first byte. */
    private static String describeMismatch(String body, Program mine, byte[] gnu, int at) {
        byte[] code = mine.code();
        if (at >= code.length) {
            return "tdxsim produced " + code.length + " bytes, GNU as " + gnu.length;
        }
        int line = mine.lineOfOffset()[at];
        int start = at;
        while (start > 0 && mine.lineOfOffset()[start - 1] == line) {
            start--;
        }
        int end = at;
        while (end < code.length && mine.lineOfOffset()[end] == line) {
            end++;
        }
        String[] lines = body.split("\n", -1);
        HexFormat hex = HexFormat.ofDelimiter(" ");
        List<String> report = new ArrayList<>();
        report.add("first difference at offset " + at + ", line " + line + ": " + lines[line - 1].trim());
        report.add("  tdxsim: " + hex.formatHex(code, start, end));
        report.add("  GNU as: " + hex.formatHex(gnu, start, Math.min(gnu.length, end + 4)) + " ...");
        return String.join("\n", report);
    }
}
