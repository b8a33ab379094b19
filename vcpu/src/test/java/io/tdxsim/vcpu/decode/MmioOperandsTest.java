package io.tdxsim.vcpu.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MmioOperandsTest {

    private static Insn decode(String hex) {
        byte[] code = DecodeLine.parseHex(hex);
        Insn insn = new Insn();
        X86Decoder.decode(code, 0, code.length, insn);
        return insn;
    }

    private static String register(String hex) {
        Insn insn = decode(hex);
        return MmioOperands.registerName(insn, MmioKind.of(insn));
    }

    @ParameterizedTest
    @CsvSource({
        "8b 07, eax", "44 8b 07, r8d", "66 8b 07, ax", "48 8b 07, rax", "66 44 8b 3f, r15w",
        "8a 27, ah", "8a 2f, ch", "8a 37, dh", "8a 3f, bh",
        "40 8a 27, spl", "40 8a 37, sil", "41 8a 3f, dil", "44 8a 3f, r15b",
        "0f b6 07, eax", "48 0f b7 07, rax", "66 0f be 07, ax", "4c 0f bf 1f, r11",
        "88 07, al", "4c 89 3c 24, r15"})
    void registerIsTheIntelNameOfTheEncodedOperand(String hex, String name) {
        assertEquals(name, register(hex));
    }

    @ParameterizedTest
    @CsvSource({"c7 07 01 00 00 00", "a5", "3b 07", "0f b6 c0"})
    void kindsWithoutARegisterOperandHaveNone(String hex) {
        assertNull(register(hex));
    }

    @ParameterizedTest
    @CsvSource({
        "c6 07 ab, 1, 0xab", "c6 07 00, 1, 0x0", "66 c7 07 00 80, 2, 0x8000",
        "c7 07 00 00 00 80, 4, 0x80000000", "48 c7 07 00 00 00 80, 8, 0xffffffff80000000",
        "48 c7 07 01 00 00 00, 8, 0x1"})
    void immediateIsTruncatedToTheAccessSize(String hex, int size, String expected) {
        assertEquals(expected, MmioOperands.immediateHex(decode(hex), size));
    }

    @Test
    void immediateSizeMustBeAnAccessSize() {
        assertThrows(IllegalArgumentException.class, () -> MmioOperands.immediateHex(decode("c6 07 ab"), 3));
    }
}
