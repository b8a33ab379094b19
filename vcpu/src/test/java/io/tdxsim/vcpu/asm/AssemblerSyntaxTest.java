package io.tdxsim.vcpu.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Source-level behaviour: comments, labels, symbols, expressions, size keywords, line mapping. */
class AssemblerSyntaxTest {

    private static final Map<String, Long> DEVICES = Map.of("uart0", 0x3f8000L, "bell", 0xfe000000L);

    private static String hex(String source) throws AsmException {
        return hex(source, 0x1000);
    }

    private static String hex(String source, long origin) throws AsmException {
        return HexFormat.ofDelimiter(" ").formatHex(Assembler.assemble(source, DEVICES, origin).code());
    }

    @Test
    void commentsBlankLinesAndCaseDoNotMatter() throws AsmException {
        String src = """
                ; a comment line
                # another one

                    MOV EAX, DWORD PTR [RDI]   ; trailing
                    Mov Ecx, Ebx               # trailing
                """;
        assertEquals("8b 07 89 d9", hex(src));
    }

    @Test
    void programWithoutInstructionsIsEmpty() throws AsmException {
        Program p = Assembler.assemble("; nothing\n\nonly_a_label:\n", Map.of(), 0x2000);
        assertEquals(0, p.code().length);
        assertEquals(Map.of("only_a_label", 0x2000L), p.labels());
    }

    @Test
    void labelsMayStandAloneOrPrecedeAnInstructionAndAreCaseSensitive() throws AsmException {
        Program p = Assembler.assemble("a:\nb: c: nop\nA: hlt\n", Map.of(), 0x400000);
        assertEquals(List.of("a", "b", "c", "A"), List.copyOf(p.labels().keySet()));
        assertEquals(0x400000L, p.labels().get("a"));
        assertEquals(0x400000L, p.labels().get("c"));
        assertEquals(0x400001L, p.labels().get("A"));
    }

    @Test
    void lineOfOffsetMapsEveryByteToItsSourceLine() throws AsmException {
        Program p = Assembler.assemble("start:\n  mov eax, 1\n\n  ; skip\n  nop\n  jmp start\r\n", Map.of(), 0);
        assertArrayEquals(new int[] {2, 2, 2, 2, 2, 5, 6, 6}, p.lineOfOffset());
    }

    @Test
    void symbolsWorkAsImmediatesAndDisplacementsWithSimpleArithmetic() throws AsmException {
        assertEquals("48 c7 c7 05 80 3f 00", hex("mov rdi, uart0+5"));
        assertEquals("8b 04 25 fc 7f 3f 00", hex("mov eax, [uart0 - 4]"));
        assertEquals("8b 87 10 80 3f 00", hex("mov eax, [rdi + uart0 + 0x10]"));
        // 0xfe000000 does not fit a sign-extended imm32, so like GNU as this is movabs
        assertEquals("48 bf 00 00 00 fe 00 00 00 00", hex("mov rdi, bell"));
        assertEquals("bf 00 00 00 fe", hex("mov edi, bell"));
    }

    @Test
    void numbersAreDecimalHexOrBinaryAndMayBeNegative() throws AsmException {
        assertEquals("b8 0a 00 00 00 b8 1f 00 00 00 b8 05 00 00 00 b8 fe ff ff ff",
                hex("mov eax, 10\nmov eax, 0X1f\nmov eax, 0b101\nmov eax, -2"));
        assertEquals("48 c7 c0 ff ff ff ff", hex("mov rax, 0xffffffffffffffff"));
        assertEquals("83 c0 03", hex("add eax, 10 - 8 + 1"));
    }

    @Test
    void bracketedLabelIsRipRelativeLikeExplicitRip() throws AsmException {
        String expected = "8b 05 01 00 00 00 90 90";
        assertEquals(expected, hex("mov eax, [data]\nnop\ndata: nop"));
        assertEquals(expected, hex("mov eax, [rip + data]\nnop\ndata: nop"));
        assertEquals(expected, hex("mov eax, dword ptr [data]\nnop\ndata: nop"));
    }

    @Test
    void ripPlusNumberIsARawDisplacement() throws AsmException {
        assertEquals("8b 05 00 10 00 00", hex("mov eax, [rip + 0x1000]"));
    }

    @Test
    void labelDifferenceIsALayoutConstantNotAnAddress() throws AsmException {
        // end - start = 6 + 5 = 11 bytes, used as a plain number
        String src = "start: mov eax, [rip + end - start]\nmov ecx, end - start\nend:";
        assertEquals("8b 05 0b 00 00 00 b9 0b 00 00 00", hex(src));
    }

    @Test
    void labelAsImmediateIsItsAddressAndFollowsTheOrigin() throws AsmException {
        assertEquals("48 c7 c0 07 00 40 00 90", hex("mov rax, here\nhere: nop", 0x400000));
        // a kernel-style address is a sign-extended imm32 too
        assertEquals("48 c7 c0 07 00 00 81 90", hex("mov rax, here\nhere: nop", 0xffffffff81000000L));
        // above 2 GiB the label needs movabs
        assertEquals("48 b8 0a 00 00 00 01 00 00 00 90", hex("mov rax, here\nhere: nop", 0x100000000L));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "mov dword [rdi], 1        | mov dword ptr [rdi], 1",
        "movzx eax, byte [rdi]     | movzx eax, byte ptr [rdi]",
        "mov [rdi], eax            | mov dword ptr [rdi], eax",
        "mov al, [rdi]             | mov al, byte ptr [rdi]",
        "lea rax, qword ptr [rdi]  | lea rax, [rdi]",
        "test [rdi], eax           | test eax, [rdi]",
        "mov eax, [rbx + 2*rcx]    | mov eax, [rcx*2 + rbx]",
        "mov eax, [rax + rsp]      | mov eax, [rsp + rax]",
        "mov eax, [rdi + 4 - 4]    | mov eax, [rdi]",
        "db 0x0f, 0xb6, 0x07       | movzx eax, byte ptr [rdi]",
        ".byte 0x90, 0xf4          | nop; comment\\nhlt",
        "movabs rax, 5             | db 0x48, 0xb8, 5, 0, 0, 0, 0, 0, 0, 0",
        "jz l\\nl:                 | je l\\nl:",
        "jnae l\\nl:               | jc l\\nl:",
        "jpe l\\nl:                | jp l\\nl:",
    })
    void equivalentSpellingsEncodeTheSame(String a, String b) throws AsmException {
        assertEquals(hex(b.replace("\\n", "\n")), hex(a.replace("\\n", "\n")));
    }

    /** A few entries of the project's MMIO golden vectors (reference/golden-vectors.md). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "mov byte ptr [rdi], al              | 88 07",
        "mov word ptr [rdi], ax              | 66 89 07",
        "mov qword ptr [rsp], r15            | 4c 89 3c 24",
        "mov dword ptr [rip + 0x1000], eax   | 89 05 00 10 00 00",
        "mov word ptr [rdi], 0x8000          | 66 c7 07 00 80",
        "mov qword ptr [rdi], -1             | 48 c7 07 ff ff ff ff",
        "mov eax, dword ptr [0x1000]         | 8b 04 25 00 10 00 00",
        "mov r9d, dword ptr [r12]            | 45 8b 0c 24",
        "mov ah, byte ptr [rdi]              | 8a 27",
        "mov sil, byte ptr [rdi]             | 40 8a 37",
        "movzx r8d, byte ptr [rdi + 1]       | 44 0f b6 47 01",
        "movsx rax, word ptr [rdi]           | 48 0f bf 07",
        "rep movsq                           | f3 48 a5",
        "movsw                               | 66 a5",
        "cmp dword ptr [rdi], 0x74726976     | 81 3f 76 69 72 74",
        "movabs eax, [0x1000]                | a1 00 10 00 00 00 00 00 00",
        "movzx eax, al                       | 0f b6 c0",
    })
    void encodesTheGoldenMmioVectors(String source, String bytes) throws AsmException {
        assertEquals(bytes, hex(source));
    }

    @Test
    void nullSymbolsMeansNone() throws AsmException {
        assertEquals(1, Assembler.assemble("nop", null, 0).code().length);
        assertThrows(AsmException.class, () -> Assembler.assemble("mov eax, uart0", null, 0));
    }
}
