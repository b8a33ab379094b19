package io.tdxsim.vcpu.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class X86DecoderTest {

    private static Insn decode(String hex) {
        byte[] code = DecodeLine.parseHex(hex);
        Insn insn = new Insn();
        X86Decoder.decode(code, 0, code.length, insn);
        return insn;
    }

    @ParameterizedTest
    @CsvSource({
        "c5 f9 70 07 1b, 5",           // vpshufd xmm0,[rdi],0x1b: VEX map 0F keeps the imm8
        "c5 f8 c2 07 00, 5",           // vcmpps
        "c4 e1 79 c5 c0 01, 6",        // vpextrw
        "62 f1 7d 48 70 07 1b, 7",     // EVEX vpshufd zmm
        "c5 f8 77, 3",                 // vzeroupper: no ModRM
        "c5 fc 77, 3",                 // vzeroall
        "c4 e3 fd 00 07 4e, 6"})       // vpermq: map 0F3A imm8
    void vexImmediatesFollowTheOpcodeMap(String hex, int length) {
        assertEquals(length, decode(hex + " cc cc cc cc cc cc cc cc").length);
    }

    @ParameterizedTest
    @CsvSource({"0f 20 04, 3", "0f 22 9c, 3", "0f 21 45, 3", "0f 23 05, 3", "44 0f 20 c0, 4"})
    void movToAndFromControlRegistersNeverHasAMemoryOperand(String hex, int length) {
        Insn insn = decode(hex + " 00 00 00 00 00 00 00 00");
        assertEquals(length, insn.length);
        assertFalse(insn.hasMemoryOperand());
    }
}
