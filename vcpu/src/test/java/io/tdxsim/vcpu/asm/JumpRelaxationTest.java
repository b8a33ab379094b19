package io.tdxsim.vcpu.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rel8 while the target is in reach, rel32 once it is not, in both directions and in chains. */
class JumpRelaxationTest {

    private static byte[] code(String source) throws AsmException {
        return Assembler.assemble(source, Map.of(), 0x1000).code();
    }

    private static String head(byte[] code, int n) {
        return HexFormat.ofDelimiter(" ").formatHex(code, 0, n);
    }

    private static String tail(byte[] code, int n) {
        return HexFormat.ofDelimiter(" ").formatHex(code, code.length - n, code.length);
    }

    private static String nops(int n) {
        return "nop\n".repeat(n);
    }

    @Test
    void forwardJumpOver127BytesStaysShort() throws AsmException {
        byte[] c = code("jmp f\n" + nops(127) + "f:\n");
        assertEquals("eb 7f", head(c, 2));
        assertEquals(129, c.length);
    }

    @Test
    void forwardJumpOver128BytesBecomesNear() throws AsmException {
        byte[] c = code("jmp f\n" + nops(128) + "f:\n");
        assertEquals("e9 80 00 00 00", head(c, 5));
    }

    @Test
    void forwardConditionalJumpOver128BytesUsesTwoByteOpcode() throws AsmException {
        assertEquals("0f 84 80 00 00 00", head(code("je f\n" + nops(128) + "f:\n"), 6));
        assertEquals("74 7f", head(code("jz f\n" + nops(127) + "f:\n"), 2));
    }

    @Test
    void backwardJumpReachingMinus128StaysShort() throws AsmException {
        // rel8 counts from the end of the 2-byte jump: 126 nops + 2 = 128 back
        assertEquals("eb 80", tail(code("b:\n" + nops(126) + "jmp b\n"), 2));
    }

    @Test
    void backwardJumpOneByteFurtherBecomesNearWithDisplacementFromItsOwnEnd() throws AsmException {
        // 127 nops + 5-byte jmp = 132 back
        assertEquals("e9 7c ff ff ff", tail(code("b:\n" + nops(127) + "jmp b\n"), 5));
        // 127 nops + 6-byte jne = 133 back
        assertEquals("0f 85 7b ff ff ff", tail(code("b:\n" + nops(127) + "jne b\n"), 6));
    }

    @Test
    void jumpThatFitsOnlyWhileALaterJumpIsShortGrowsWhenThatOneDoes() throws AsmException {
        // je spans 124 nops + 5 = 129 bytes, so it grows to 6 bytes; that pushes jmp a from 126 to 130.
        byte[] c = code("jmp a\nje b\n" + nops(124) + "a:\n" + nops(5) + "b:\nhlt\n");
        assertEquals("e9 82 00 00 00 0f 84 81 00 00 00", head(c, 11));
    }

    @Test
    void jumpsThatFitStayShortEvenWhenChained() throws AsmException {
        byte[] c = code("jmp a\nje b\n" + nops(120) + "a:\n" + nops(5) + "b:\nhlt\n");
        assertEquals("eb 7a 74 7d", head(c, 4));
    }

    @Test
    void jumpToItselfIsMinusTwo() throws AsmException {
        assertEquals("eb fe", head(code("spin: jmp spin"), 2));
    }

    @Test
    void jumpToTheEndOfTheProgramTargetsTheAddressAfterTheLastByte() throws AsmException {
        Program p = Assembler.assemble("jne done\nnop\ndone:", Map.of(), 0x1000);
        assertEquals("75 01 90", HexFormat.ofDelimiter(" ").formatHex(p.code()));
        assertEquals(0x1003L, p.labels().get("done"));
    }

    @Test
    void labelOffsetsAddToTheTargetAddress() throws AsmException {
        assertEquals("eb 01", head(code("jmp t + 1\nt: nop\nnop"), 2));
    }

    @Test
    void labelsAfterAGrownJumpMoveWithIt() throws AsmException {
        Program p = Assembler.assemble("jmp f\n" + nops(200) + "f: hlt", Map.of(), 0x400000);
        assertEquals(0x400000L + 5 + 200, p.labels().get("f"));
        assertEquals((byte) 0xf4, p.code()[205]);
    }

    @Test
    void ripRelativeReferencesFollowRelaxedLayout() throws AsmException {
        byte[] c = code("lea rax, [rip + f]\njmp f\n" + nops(128) + "f:\n");
        // lea is 7 bytes, jmp grew to 5: f is 7 + 5 + 128 = 140 from the start, 133 from lea's end
        assertEquals("48 8d 05 85 00 00 00 e9 80 00 00 00", head(c, 12));
    }

    @Test
    void jumpTargetsMustBeLabels() {
        AsmException e = assertThrows(AsmException.class, () -> code("nop\njmp 0x1000"));
        assertEquals(2, e.line());
        assertEquals("'jmp' target must be a label", e.reason());
    }
}
