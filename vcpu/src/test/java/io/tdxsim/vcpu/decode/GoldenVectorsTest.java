package io.tdxsim.vcpu.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.vcpu.Gpr;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 53 golden vectors of reference/golden-vectors.md: decoded length, Linux class, R12 size,
 * opnd_bytes, the pt_regs slot Linux picks, the register as Intel names it, and the R15 value of
 * WRITE_IMM. Row 52, the only register form, has its own test.
 */
class GoldenVectorsTest {

    /** Which fields a row has; "-" where the reference has none. */
    record Row(int no, String hex, int length, MmioKind kind, String size, String opndBytes,
               String slot, String register, String immediate, String r15) {

        byte[] bytes() {
            return DecodeLine.parseHex(hex);
        }

        @Override
        public String toString() {
            return no + ": " + hex;
        }
    }

    // no | bytes | len | class | R12 | opnd_bytes | slot | register | immediate | R15
    private static final String TABLE = """
            1  | 88 07                       | 2 | WRITE             | 1 | 4 | rax | al   | -          | -
            2  | 89 37                       | 2 | WRITE             | 4 | 4 | rsi | esi  | -          | -
            3  | 66 89 07                    | 3 | WRITE             | 2 | 2 | rax | ax   | -          | -
            4  | 48 89 07                    | 3 | WRITE             | 8 | 8 | rax | rax  | -          | -
            5  | 44 89 07                    | 3 | WRITE             | 4 | 4 | r8  | r8d  | -          | -
            6  | 41 89 07                    | 3 | WRITE             | 4 | 4 | rax | eax  | -          | -
            7  | 89 47 10                    | 3 | WRITE             | 4 | 4 | rax | eax  | -          | -
            8  | 89 87 00 01 00 00           | 6 | WRITE             | 4 | 4 | rax | eax  | -          | -
            9  | 89 04 8f                    | 3 | WRITE             | 4 | 4 | rax | eax  | -          | -
            10 | 89 44 24 08                 | 4 | WRITE             | 4 | 4 | rax | eax  | -          | -
            11 | 89 05 00 10 00 00           | 6 | WRITE             | 4 | 4 | rax | eax  | -          | -
            12 | 4c 89 3c 24                 | 4 | WRITE             | 8 | 8 | r15 | r15  | -          | -
            13 | c6 07 ab                    | 3 | WRITE_IMM         | 1 | 4 | -   | -    | 0xab       | 0xffffffffffffffab
            14 | 66 c7 07 00 80              | 5 | WRITE_IMM         | 2 | 2 | -   | -    | 0x8000     | 0xffffffffffff8000
            15 | c7 07 78 56 34 12           | 6 | WRITE_IMM         | 4 | 4 | -   | -    | 0x12345678 | 0x0000000012345678
            16 | 48 c7 07 ff ff ff ff        | 7 | WRITE_IMM         | 8 | 8 | -   | -    | 0xffffffffffffffff | 0xffffffffffffffff
            17 | 48 c7 07 00 00 00 80        | 7 | WRITE_IMM         | 8 | 8 | -   | -    | 0xffffffff80000000 | 0xffffffff80000000
            18 | c7 47 10 01 00 00 00        | 7 | WRITE_IMM         | 4 | 4 | -   | -    | 0x1        | 0x0000000000000001
            19 | 8a 07                       | 2 | READ              | 1 | 4 | rax | al   | -          | -
            20 | 8b 07                       | 2 | READ              | 4 | 4 | rax | eax  | -          | -
            21 | 66 8b 07                    | 3 | READ              | 2 | 2 | rax | ax   | -          | -
            22 | 48 8b 07                    | 3 | READ              | 8 | 8 | rax | rax  | -          | -
            23 | 44 8b 07                    | 3 | READ              | 4 | 4 | r8  | r8d  | -          | -
            24 | 41 8b 07                    | 3 | READ              | 4 | 4 | rax | eax  | -          | -
            25 | 8b 47 10                    | 3 | READ              | 4 | 4 | rax | eax  | -          | -
            26 | 8b 87 00 01 00 00           | 6 | READ              | 4 | 4 | rax | eax  | -          | -
            27 | 8b 04 25 00 10 00 00        | 7 | READ              | 4 | 4 | rax | eax  | -          | -
            28 | 45 8b 0c 24                 | 4 | READ              | 4 | 4 | r9  | r9d  | -          | -
            29 | 8a 27                       | 2 | READ              | 1 | 4 | rsp | ah   | -          | -
            30 | 40 8a 37                    | 3 | READ              | 1 | 4 | rsi | sil  | -          | -
            31 | 0f b6 07                    | 3 | READ_ZERO_EXTEND  | 1 | 4 | rax | eax  | -          | -
            32 | 48 0f b6 07                 | 4 | READ_ZERO_EXTEND  | 1 | 8 | rax | rax  | -          | -
            33 | 66 0f b6 07                 | 4 | READ_ZERO_EXTEND  | 1 | 2 | rax | ax   | -          | -
            34 | 0f b7 07                    | 3 | READ_ZERO_EXTEND  | 2 | 4 | rax | eax  | -          | -
            35 | 0f be 07                    | 3 | READ_SIGN_EXTEND  | 1 | 4 | rax | eax  | -          | -
            36 | 0f bf 07                    | 3 | READ_SIGN_EXTEND  | 2 | 4 | rax | eax  | -          | -
            37 | 48 0f bf 07                 | 4 | READ_SIGN_EXTEND  | 2 | 8 | rax | rax  | -          | -
            38 | 44 0f b6 47 01              | 5 | READ_ZERO_EXTEND  | 1 | 4 | r8  | r8d  | -          | -
            39 | a4                          | 1 | MOVS              | 1 | 4 | -   | -    | -          | -
            40 | a5                          | 1 | MOVS              | 4 | 4 | -   | -    | -          | -
            41 | 66 a5                       | 2 | MOVS              | 2 | 2 | -   | -    | -          | -
            42 | 48 a5                       | 2 | MOVS              | 8 | 8 | -   | -    | -          | -
            43 | f3 a5                       | 2 | MOVS              | 4 | 4 | -   | -    | -          | -
            44 | f3 48 a5                    | 3 | MOVS              | 8 | 8 | -   | -    | -          | -
            45 | 3b 07                       | 2 | DECODE_FAILED     | - | 4 | -   | -    | -          | -
            46 | 81 3f 76 69 72 74           | 6 | DECODE_FAILED     | - | 4 | -   | -    | -          | -
            47 | a1 00 10 00 00 00 00 00 00  | 9 | DECODE_FAILED     | - | 4 | -   | -    | -          | -
            48 | 87 07                       | 2 | DECODE_FAILED     | - | 4 | -   | -    | -          | -
            49 | f0 0f b1 0f                 | 4 | DECODE_FAILED     | - | 4 | -   | -    | -          | -
            50 | 66 0f 6f 07                 | 4 | DECODE_FAILED     | - | 2 | -   | -    | -          | -
            51 | c5 fa 6f 07                 | 4 | DECODE_FAILED     | - | - | -   | -    | -          | -
            53 | 8b 07 90 90                 | 2 | READ              | 4 | 4 | rax | eax  | -          | -
            """;

    static Stream<Row> memoryForms() {
        return TABLE.lines().map(line -> Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new))
                .map(c -> new Row(Integer.parseInt(c[0]), c[1], Integer.parseInt(c[2]), MmioKind.valueOf(c[3]),
                        c[4], c[5], c[6], c[7], c[8], c[9]));
    }

    private static Insn decode(byte[] code) {
        Insn insn = new Insn();
        assertTrue(X86Decoder.decode(code, 0, code.length, insn), () -> "does not decode: " + insn.error);
        return insn;
    }

    @Test
    void tableHoldsEveryGoldenRowButTheRegisterForm() {
        assertEquals(52, memoryForms().count());
    }

    @ParameterizedTest
    @MethodSource("memoryForms")
    void lengthIsWhatTheCpuConsumesIgnoringTrailingBytes(Row row) {
        assertEquals(row.length(), decode(row.bytes()).length);
    }

    @ParameterizedTest
    @MethodSource("memoryForms")
    void classMatchesLinuxAndTheFaultingView(Row row) {
        Insn insn = decode(row.bytes());
        assertEquals(row.kind(), MmioKind.linuxClass(insn));
        assertEquals(row.kind(), MmioKind.of(insn));
    }

    @ParameterizedTest
    @MethodSource("memoryForms")
    void r12SizeFollowsOpcodeAndOperandSize(Row row) {
        Insn insn = decode(row.bytes());
        MmioKind kind = MmioKind.of(insn);
        int expected = row.size().equals("-") ? 0 : Integer.parseInt(row.size());
        assertEquals(expected, kind.size(insn));
    }

    @ParameterizedTest
    @MethodSource("memoryForms")
    void operandSizeFollowsPrefixesLikeLinux(Row row) {
        if (row.opndBytes().equals("-")) {
            return;  // the reference gives no operand size for VEX-encoded instructions
        }
        assertEquals(Integer.parseInt(row.opndBytes()), decode(row.bytes()).opndBytes);
    }

    @ParameterizedTest
    @MethodSource("memoryForms")
    void linuxPicksThePtRegsSlotFromModrmRegAndRexR(Row row) {
        if (row.slot().equals("-")) {
            return;
        }
        assertEquals(row.slot(), Gpr.of(decode(row.bytes()).reg).name64());
    }

    @ParameterizedTest
    @MethodSource("memoryForms")
    void registerIsNamedAsIntelSyntaxDoes(Row row) {
        Insn insn = decode(row.bytes());
        String expected = row.register().equals("-") ? null : row.register();
        assertEquals(expected, MmioOperands.registerName(insn, MmioKind.of(insn)));
    }

    @ParameterizedTest
    @MethodSource("memoryForms")
    void writeImmSendsTheSignExtendedImmediateInR15(Row row) {
        if (row.kind() != MmioKind.WRITE_IMM) {
            return;
        }
        Insn insn = decode(row.bytes());
        assertEquals(Long.parseUnsignedLong(row.r15().substring(2), 16), insn.imm);
        assertEquals(row.immediate(), MmioOperands.immediateHex(insn, MmioKind.of(insn).size(insn)));
    }

    @ParameterizedTest
    @MethodSource("memoryForms")
    void describeLineAgreesWithTheRow(Row row) {
        String size = row.size().equals("-") ? "null" : row.size();
        String expected = "{\"hex\":" + DecodeLine.quote(row.hex().replace(" ", ""))
                + ",\"length\":" + row.length()
                + ",\"kind\":\"" + row.kind() + "\""
                + ",\"size\":" + size
                + ",\"register\":" + DecodeLine.quote(row.register().equals("-") ? null : row.register())
                + ",\"immediate\":" + DecodeLine.quote(row.immediate().equals("-") ? null : row.immediate())
                + "}";
        assertEquals(expected, DecodeLine.describe(row.hex()));
    }

    /** Row 52: {@code movzx eax, al}. */
    @Test
    void registerFormIsClassifiedByLinuxButCannotFault() {
        Insn insn = decode(DecodeLine.parseHex("0f b6 c0"));
        assertEquals(3, insn.length);
        assertEquals(MmioKind.READ_ZERO_EXTEND, MmioKind.linuxClass(insn));
        assertEquals(1, MmioKind.READ_ZERO_EXTEND.size(insn));
        assertEquals(4, insn.opndBytes);
        assertEquals(Gpr.RAX, Gpr.of(insn.reg));
        assertEquals(MmioKind.DECODE_FAILED, MmioKind.of(insn));
        assertEquals("{\"hex\":\"0fb6c0\",\"length\":3,\"kind\":\"READ_ZERO_EXTEND\",\"size\":1,"
                + "\"register\":\"eax\",\"immediate\":null}", DecodeLine.describe("0f b6 c0"),
                "decode shows the kernel's classification, as the write-back it prints");
    }
}
