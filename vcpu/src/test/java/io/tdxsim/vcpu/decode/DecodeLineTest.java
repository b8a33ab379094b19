package io.tdxsim.vcpu.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecodeLineTest {

    @Test
    void spacedAndPackedHexGiveTheSameLine() {
        assertEquals(DecodeLine.describe("8b07"), DecodeLine.describe("8b 07"));
        assertEquals(DecodeLine.describe("8b07"), DecodeLine.describe("  8B\t07 \n"));
    }

    @Test
    void keysComeInTheDocumentedOrder() {
        assertEquals("{\"hex\":\"448b07\",\"length\":3,\"kind\":\"READ\",\"size\":4,\"register\":\"r8d\","
                + "\"immediate\":null}", DecodeLine.describe("44 8b 07"));
    }

    @Test
    void writeImmReportsTheImmediateAtTheAccessSize() {
        assertEquals("{\"hex\":\"66c7070080\",\"length\":5,\"kind\":\"WRITE_IMM\",\"size\":2,\"register\":null,"
                + "\"immediate\":\"0x8000\"}", DecodeLine.describe("66 c7 07 00 80"));
    }

    @Test
    void byteRegistersDependOnAnyRexBeingPresent() {
        assertTrue(DecodeLine.describe("8a 27").contains("\"register\":\"ah\""));
        assertTrue(DecodeLine.describe("40 8a 27").contains("\"register\":\"spl\""));
        assertTrue(DecodeLine.describe("44 88 3f").contains("\"register\":\"r15b\""));
    }

    @Test
    void rexFollowedByALegacyPrefixEndsTheKernelsDecodeAtThatPrefix() {
        // The CPU drops such a REX (this is mov ah); the kernel takes the REX and reads 66 as the opcode.
        assertEquals("{\"hex\":\"40668a27\",\"length\":2,\"kind\":\"DECODE_FAILED\",\"size\":null,"
                + "\"register\":null,\"immediate\":null}", DecodeLine.describe("40 66 8a 27"));
    }

    @Test
    void registerFormsAreClassifiedAsTheKernelDoes() {
        assertEquals("{\"hex\":\"c6f805\",\"length\":3,\"kind\":\"WRITE_IMM\",\"size\":1,\"register\":null,"
                + "\"immediate\":\"0x5\"}", DecodeLine.describe("c6 f8 05"));             // xabort 5
    }

    @Test
    void vexIsClassifiedByTheOpcodeByteAfterThePrefix() {
        assertEquals("{\"hex\":\"c5f0c60e05\",\"length\":5,\"kind\":\"WRITE_IMM\",\"size\":1,\"register\":null,"
                + "\"immediate\":\"0x5\"}", DecodeLine.describe("c5 f0 c6 0e 05"));       // vshufps
        assertEquals("{\"hex\":\"62f27d088a07\",\"length\":6,\"kind\":\"READ\",\"size\":1,\"register\":\"al\","
                + "\"immediate\":null}", DecodeLine.describe("62 f2 7d 08 8a 07"));        // vcompressps
    }

    @Test
    void movsHasASizeButNoRegister() {
        assertEquals("{\"hex\":\"f348a5\",\"length\":3,\"kind\":\"MOVS\",\"size\":8,\"register\":null,"
                + "\"immediate\":null}", DecodeLine.describe("f3 48 a5"));
    }

    @Test
    void decodableButUnsupportedInstructionKeepsItsLength() {
        assertEquals("{\"hex\":\"813f76697274\",\"length\":6,\"kind\":\"DECODE_FAILED\",\"size\":null,"
                + "\"register\":null,\"immediate\":null}", DecodeLine.describe("81 3f 76 69 72 74"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8b", "c7 07 78 56", "06", "0f 04"})
    void truncatedOrInvalidBytesHaveNoLength(String hex) {
        String line = DecodeLine.describe(hex);
        assertTrue(line.contains("\"length\":null,\"kind\":\"DECODE_FAILED\",\"size\":null"), line);
    }

    @Test
    void bytesAfterACompleteInstructionAreIgnored() {
        assertTrue(DecodeLine.describe("0f 0b 0f").contains("\"hex\":\"0f0b0f\",\"length\":2,"));
    }

    @Test
    void fifteenBytesAreAccepted() {
        assertTrue(DecodeLine.describe("66 66 66 66 66 66 66 66 66 66 66 c7 07 00 80")
                .contains("\"length\":15"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "8b 0", "8b0", "8 b07", "8b 0g", "0x8b", "8b,07", "８b07",
                            "90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90"})
    void badHexIsRejectedWithAOneLineMessage(String hex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DecodeLine.describe(hex));
        assertFalse(e.getMessage().isBlank());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void nullIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> DecodeLine.describe(null));
    }

    @Test
    void badHexMessageNamesTheProblem() {
        assertEquals("bad hex \"8b 0g\": 'g' is not a hex digit",
                assertThrows(IllegalArgumentException.class, () -> DecodeLine.describe("8b 0g")).getMessage());
        assertEquals("bad hex \"8b 0\": \"0\" has an odd number of digits",
                assertThrows(IllegalArgumentException.class, () -> DecodeLine.describe("8b 0")).getMessage());
    }

    @Test
    void jsonStringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", DecodeLine.quote("a\"b\\c\n\u0001"));
        assertEquals("null", DecodeLine.quote(null));
    }
}
