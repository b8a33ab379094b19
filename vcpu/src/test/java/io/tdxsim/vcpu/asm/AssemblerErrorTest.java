package io.tdxsim.vcpu.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rejected program names the offending line and says why. */
class AssemblerErrorTest {

    private static final Map<String, Long> SYMBOLS = Map.of("uart0", 0xfe000000L, "bell", 0x1000L);

    static Stream<Arguments> badPrograms() {
        return Stream.of(
                bad("nop\nfrob eax, 1", 2, "unknown mnemonic 'frob'"),
                bad("mov eax, [rdi]\nlea rax, 5", 2, "bad operand combination for 'lea': rax, immediate"),
                bad("mov [rdi], [rsi]", 1, "bad operand combination for 'mov': memory, memory"),
                bad("mov 5, eax", 1, "bad operand combination for 'mov': immediate, eax"),
                bad("nop\n\nmov eax, [rdi + nowhere]", 3, "unknown label or symbol 'nowhere'"),
                bad("jne missing", 1, "unknown label or symbol 'missing'"),
                bad("mov rdi, Uart0", 1, "unknown label or symbol 'Uart0'"),
                bad("add al, 256", 1, "immediate 256 out of range for a byte operand"),
                bad("mov ax, 0x10000", 1, "immediate 0x10000 out of range for a word operand"),
                bad("mov eax, 0x100000000", 1, "immediate 0x100000000 out of range for a dword operand"),
                bad("add rax, 0xffffffff", 1,
                        "immediate 0xffffffff out of range: a 64-bit operand takes a sign-extended 32-bit immediate"),
                bad("mov qword ptr [rdi], 0x80000000", 1,
                        "immediate 0x80000000 out of range: a 64-bit operand takes a sign-extended 32-bit immediate"),
                bad("shl eax, 256", 1, "immediate 256 out of range for a byte operand"),
                bad("db 1, 300", 1, "immediate 300 out of range for a byte operand"),
                bad("top:\nnop\n top: hlt", 3, "duplicate label 'top' (first defined on line 1)"),
                bad("bell: nop", 1, "label 'bell' has the same name as a symbol"),
                bad("rax: nop", 1, "'rax' is a reserved word and cannot be a label"),
                bad("mov eax, bx", 1, "operand size mismatch for 'mov': 32-bit and 16-bit"),
                bad("add qword ptr [rdi], ecx", 1, "operand size mismatch for 'add': 64-bit and 32-bit"),
                bad("mov eax, byte ptr [rdi]", 1, "operand size mismatch for 'mov': 32-bit and 8-bit"),
                bad("movzx ax, word ptr [rdi]", 1,
                        "operand size mismatch for 'movzx': the destination (16-bit) must be wider than the source (16-bit)"),
                bad("nop\nmov [rdi], 5", 2,
                        "missing operand size for 'mov': write byte, word, dword or qword ptr [...]"),
                bad("inc [rdi]", 1, "missing operand size for 'inc': write byte, word, dword or qword ptr [...]"),
                bad("movzx eax, [rdi]", 1,
                        "missing operand size for 'movzx': write byte, word, dword or qword ptr [...]"),
                bad("add [rip + x], 1\nx: nop", 1,
                        "missing operand size for 'add': write byte, word, dword or qword ptr [...]"),
                bad("mov sil, ah", 1,
                        "can't encode register 'ah' in an instruction requiring a REX prefix (because of 'sil')"),
                bad("mov ah, byte ptr [r8]", 1, "can't encode register 'ah' in an instruction requiring a REX prefix"),
                bad("movzx rax, ah", 1, "can't encode register 'ah' in an instruction requiring a REX prefix"),
                bad("mov eax, [uart0]", 1, "absolute address 0xfe000000 does not fit a signed 32-bit displacement"),
                bad("mov eax, [rdi + 0x80000000]", 1,
                        "displacement 0x80000000 does not fit a signed 32-bit displacement"),
                bad("mov eax, [rsp*2]", 1, "rsp cannot be an index register"),
                bad("mov eax, [rax + rbx + rcx]", 1, "too many registers in memory operand"),
                bad("mov eax, [rdi*3]", 1, "scale must be 1, 2, 4 or 8, not 3"),
                bad("mov eax, [ecx]", 1, "address register must be 64-bit, not 'ecx'"),
                bad("mov eax, [rip + rax]", 1, "rip must be the only register in a memory operand"),
                bad("mov eax, [rbx - rcx]", 1, "register 'rcx' cannot be subtracted"),
                bad("mov eax, [rdi", 1, "missing ']'"),
                bad("mov eax, dword ptr rdi", 1, "size keyword 'dword' must precede a memory operand [...]"),
                bad("mov eax, rip", 1, "rip can only be used inside [...]"),
                bad("mov eax, 1 +", 1, "expression ends with an operator"),
                bad("mov eax, 12ab", 1, "bad number '12ab'"),
                bad("mov rax, 0x10000000000000000", 1, "number '0x10000000000000000' does not fit 64 bits"),
                bad("mov eax, ebx,", 1, "missing operand"),
                bad("mov eax, 1 2", 1, "expected '+' or '-' before '2'"),
                bad("mov eax, ds:[0x10]", 1, "unexpected ':' (segment overrides are not supported)"),
                bad("mov eax, 'a'", 1, "unexpected character '''"),
                bad("nop eax", 1, "'nop' takes no operands, not 1"),
                bad("inc", 1, "'inc' takes 1 operand, not 0"),
                bad("rep mov eax, ebx", 1, "'rep' cannot prefix 'mov'"),
                bad("rep", 1, "'rep' must be followed by an instruction on the same line"),
                bad("movsd xmm0, qword ptr [rdi]", 1,
                        "'movsd' is the string move and takes no operands (SSE movsd is not supported)"),
                bad("a: nop\nb: jmp b - a", 2, "'jmp' target must be a label"),
                bad("jmp rax", 1, "'jmp' takes a label (indirect jumps are not supported)"),
                bad("shl eax, dl", 1, "'shl' shifts by an immediate or by cl, not by 'dl'"),
                bad("movabs eax, 5", 1, "'movabs' with an immediate needs a 64-bit register, not 'eax'"),
                bad("movabs rbx, [0x10]", 1, "'movabs' with a memory operand needs al, ax, eax or rax, not 'rbx'"),
                bad("lea al, [rdi]", 1, "'lea' needs a 16-, 32- or 64-bit destination, not 'al'"),
                bad("mov eax, eax\n  ; fine\nmov rax, rsp + 1", 3, "register 'rsp' cannot be used in an immediate"));
    }

    private static Arguments bad(String source, int line, String reason) {
        return Arguments.of(source, line, reason);
    }

    @ParameterizedTest(name = "[{index}] line {1}: {2}")
    @MethodSource("badPrograms")
    void rejectsWithLineAndReason(String source, int line, String reason) {
        AsmException e = assertThrows(AsmException.class, () -> Assembler.assemble(source, SYMBOLS, 0x1000));
        assertEquals(reason, e.reason());
        assertEquals(line, e.line());
        assertEquals("line " + line + ": " + reason, e.getMessage());
    }
}
