package io.tdxsim.sim.bench;

import io.tdxsim.vcpu.asm.AsmException;
import io.tdxsim.vcpu.asm.Assembler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A mix of instructions as a guest stream shows them: MMIO accessors (MOV, MOVZX, MOVSX, MOV
 * immediate, with and without SIB, displacement and REX) interleaved with ordinary integer code.
 */
public final class InstructionMix {

    /** Instructions in the mix (a constant, for JMH's operations per invocation). */
    public static final int SIZE = 24;

    private static final String TEXT = """
            mov eax, dword [rdi + 0x10]
            mov dword [rdi + 0x10], ecx
            mov rdx, qword [rsi]
            mov qword [rsi + rcx*8 + 0x40], rdx
            movzx eax, byte [rdi + 3]
            movzx ecx, word [r8 + 0x100]
            movsx rax, word [rdi]
            mov byte [r9], 0x1
            mov dword [rdi], 0x12345678
            mov al, byte [rdi + r10*4]
            mov word [r11 + 2], ax
            mov r12, qword [rbx + rsi*2 + 0x7ff0]
            add rax, rcx
            inc rdx
            dec ecx
            xor eax, eax
            cmp rdx, 0x40
            mov rbx, 0x1122334455667788
            lea rsi, [rdi + rcx*4 + 8]
            shl rax, 3
            test eax, eax
            nop
            mov ecx, 100
            sub rsp, 0x28
            """;

    private InstructionMix() {
    }

    /** Each instruction's bytes, in order. */
    public static List<byte[]> instructions() {
        List<byte[]> all = new ArrayList<>();
        for (String line : TEXT.strip().split("\n")) {
            try {
                all.add(Assembler.assemble(line.strip(), Map.of(), 0).code());
            } catch (AsmException e) {
                throw new IllegalStateException("instruction mix: " + line.strip() + ": " + e.getMessage(), e);
            }
        }
        if (all.size() != SIZE) {
            throw new IllegalStateException("instruction mix has " + all.size() + " instructions, SIZE says " + SIZE);
        }
        return all;
    }

    /** The instructions back to back; {@code offsets} receives where each starts. */
    public static byte[] stream(int[] offsets) {
        List<byte[]> all = instructions();
        int total = all.stream().mapToInt(b -> b.length).sum();
        byte[] code = new byte[total];
        int at = 0;
        for (int i = 0; i < all.size(); i++) {
            offsets[i] = at;
            System.arraycopy(all.get(i), 0, code, at, all.get(i).length);
            at += all.get(i).length;
        }
        return code;
    }

    public static int size() {
        return SIZE;
    }
}
