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
    @CsvSource({
        "c5 f8 10 07,          16, 4, 7",     // vmovups xmm0, [rdi]
        "c5 fc 10 07,          32, 4, 7",     // vmovups ymm0, [rdi]: VEX.L
        "c4 c1 fc 10 00,       32, 8, 8",     // vmovups ymm0, [r8]: VEX.B inverted, VEX.W
        "62 f2 fd 48 8b 07,    64, 8, 7",     // vpcompressq [rdi], zmm0: EVEX L'L, W
        "62 d2 7d 28 8a 04 24, 32, 4, 12"})   // vcompressps [r12], ymm0: EVEX.B inverted, SIB
    void vexOperandSizeVectorWidthAndBaseRegister(String hex, int vectorBytes, int opndBytes, int base) {
        Insn insn = decode(hex);
        assertEquals(vectorBytes, insn.vectorBytes);
        assertEquals(opndBytes, insn.opndBytes);
        assertEquals(base, insn.base);
        assertEquals(0, insn.reg, "VEX.R set means not extended");
    }

    @ParameterizedTest
    @CsvSource({
        "f2 f3 2e 3e 66 89 07, 7, false",    // the CPU takes all five prefixes
        "48 66 89 07,          4, false",    // and drops a REX a prefix follows
        "f2 f3 2e 3e 66 89 07, 5, true",     // the kernel reads the fifth distinct one as the opcode
        "48 66 89 07,          2, true"})    // and a prefix after a REX
    void kernelAndCpuPrefixRulesDiffer(String hex, int length, boolean kernel) {
        byte[] code = DecodeLine.parseHex(hex);
        Insn insn = new Insn();
        if (kernel) {
            X86Decoder.decodeLinux(code, 0, code.length, insn);
        } else {
            X86Decoder.decode(code, 0, code.length, insn);
        }
        assertEquals(length, insn.length);
        assertEquals(kernel, insn.strayPrefix);
        assertEquals(kernel ? 0x66 : 0x89, insn.opcode);
    }

    @ParameterizedTest
    @CsvSource({"0f 20 04, 3", "0f 22 9c, 3", "0f 21 45, 3", "0f 23 05, 3", "44 0f 20 c0, 4"})
    void movToAndFromControlRegistersNeverHasAMemoryOperand(String hex, int length) {
        Insn insn = decode(hex + " 00 00 00 00 00 00 00 00");
        assertEquals(length, insn.length);
        assertFalse(insn.hasMemoryOperand());
    }
}
