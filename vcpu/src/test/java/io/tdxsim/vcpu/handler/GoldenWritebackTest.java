package io.tdxsim.vcpu.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.vcpu.AddressSpace;
import io.tdxsim.vcpu.Fault;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.Interpreter;
import io.tdxsim.vcpu.RegisterFile;
import io.tdxsim.vcpu.VeInfo;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The read rows of the golden vectors: destination register before = 0x1122334455667788, the
 * device answers 0xCAFEBABEDEAD8081. Linux's write-back (by register slot) and the
 * architectural result (what the CPU itself writes) are checked separately.
 */
class GoldenWritebackTest {

    static final long OLD = 0x1122_3344_5566_7788L;
    static final long DEVICE = 0xCAFE_BABE_DEAD_8081L;
    static final long MMIO_GPA = 0xFEBF_0000L;
    static final AddressSpace SPACE = new AddressSpace(48, 64L << 20);
    static final long MMIO_VA = SPACE.linearOf(MMIO_GPA, false);

    private static Interpreter cpu(String hex, boolean emulate, Gpr base) {
        byte[] insn = HexFormat.of().parseHex(hex.replace(" ", ""));
        byte[] code = new byte[insn.length + 1];
        System.arraycopy(insn, 0, code, 0, insn.length);
        code[insn.length] = (byte) 0xF4;
        RegisterFile regs = new RegisterFile();
        java.util.Arrays.fill(regs.gpr, OLD);
        Interpreter cpu = new Interpreter(SPACE, code, false, emulate, regs);
        if (base != null) {
            regs.set(base, MMIO_VA);
        }
        return cpu;
    }

    @ParameterizedTest(name = "row {0}: {1}")
    @CsvSource({
        "19, 8a 07,                rdi, rax, 0x1122334455667781",
        "20, 8b 07,                rdi, rax, 0x00000000dead8081",
        "21, 66 8b 07,             rdi, rax, 0x1122334455668081",
        "22, 48 8b 07,             rdi, rax, 0xcafebabedead8081",
        "23, 44 8b 07,             rdi, r8,  0x00000000dead8081",
        "24, 41 8b 07,             r15, rax, 0x00000000dead8081",
        "25, 8b 47 10,             rdi, rax, 0x00000000dead8081",
        "26, 8b 87 00 01 00 00,    rdi, rax, 0x00000000dead8081",
        "27, 8b 04 25 00 10 00 00, ,    rax, 0x00000000dead8081",
        "28, 45 8b 0c 24,          r12, r9,  0x00000000dead8081",
        "29, 8a 27,                rdi, rsp, 0x1122334455667781",
        "30, 40 8a 37,             rdi, rsi, 0x1122334455667781",
        "31, 0f b6 07,             rdi, rax, 0x1122334400000081",
        "32, 48 0f b6 07,          rdi, rax, 0x0000000000000081",
        "33, 66 0f b6 07,          rdi, rax, 0x1122334455660081",
        "34, 0f b7 07,             rdi, rax, 0x1122334400008081",
        "35, 0f be 07,             rdi, rax, 0x11223344ffffff81",
        "36, 0f bf 07,             rdi, rax, 0x11223344ffff8081",
        "37, 48 0f bf 07,          rdi, rax, 0xffffffffffff8081",
        "38, 44 0f b6 47 01,       rdi, r8,  0x1122334400000081",
    })
    void linuxWritesBackIntoTheRegisterSlotItSelects(int row, String hex, String base, String slot, String expected) {
        Interpreter cpu = cpu(hex, false, base == null ? null : Gpr.valueOf(base.toUpperCase()));
        VeHandler linux = HandlerProfile.LINUX.handler(SPACE.sharedBit());
        VeInfo ve = new VeInfo(48, 1, MMIO_VA, MMIO_GPA | SPACE.sharedBit());
        VeDecision d = linux.onVe(ve, cpu, new VeDecision());
        assertNull(d.fault, () -> "row " + row + " faulted: " + d.detail);
        assertFalse(d.write);
        assertEquals(MMIO_GPA | SPACE.sharedBit(), d.gpa, "the GPA sent is the #VE's, shared bit included");
        long rip = cpu.registers().rip;

        linux.complete(d, 0, DEVICE, cpu.registers());

        assertEquals(Long.parseUnsignedLong(expected.substring(2), 16),
                cpu.registers().get(Gpr.valueOf(slot.toUpperCase())), "row " + row);
        assertEquals(rip + d.insn.length, cpu.registers().rip, "RIP advances by the decoded length");
    }

    @ParameterizedTest(name = "row {0}: {1}")
    @CsvSource({
        "19, 8a 07,                rdi, rax, 0x1122334455667781",
        "20, 8b 07,                rdi, rax, 0x00000000dead8081",
        "21, 66 8b 07,             rdi, rax, 0x1122334455668081",
        "22, 48 8b 07,             rdi, rax, 0xcafebabedead8081",
        "23, 44 8b 07,             rdi, r8,  0x00000000dead8081",
        "24, 41 8b 07,             r15, rax, 0x00000000dead8081",
        "25, 8b 47 10,             rdi, rax, 0x00000000dead8081",
        "26, 8b 87 00 01 00 00,    rdi, rax, 0x00000000dead8081",
        "28, 45 8b 0c 24,          r12, r9,  0x00000000dead8081",
        "29, 8a 27,                rdi, rax, 0x1122334455668188",
        "30, 40 8a 37,             rdi, rsi, 0x1122334455667781",
        "31, 0f b6 07,             rdi, rax, 0x0000000000000081",
        "32, 48 0f b6 07,          rdi, rax, 0x0000000000000081",
        "33, 66 0f b6 07,          rdi, rax, 0x1122334455660081",
        "34, 0f b7 07,             rdi, rax, 0x0000000000008081",
        "35, 0f be 07,             rdi, rax, 0x00000000ffffff81",
        "36, 0f bf 07,             rdi, rax, 0x00000000ffff8081",
        "37, 48 0f bf 07,          rdi, rax, 0xffffffffffff8081",
        "38, 44 0f b6 47 01,       rdi, r8,  0x0000000000000081",
    })
    void architecturalResultIsWhatTheSdmSays(int row, String hex, String base, String dest, String expected) {
        // Row 27 addresses absolute 0x1000, which is private RAM in tdxsim's guest layout, so it
        // cannot reach a device here; its Linux write-back is covered above.
        Interpreter cpu = cpu(hex, true, Gpr.valueOf(base.toUpperCase()));
        assertEquals(Interpreter.Stop.MMIO, cpu.step(), "the read goes to the device");
        assertFalse(cpu.pendingWrite());
        cpu.completeMmio(DEVICE & mask(cpu.pendingSize()));
        assertEquals(Interpreter.Stop.RETIRED, cpu.step(), "the replayed instruction retires");
        assertEquals(Long.parseUnsignedLong(expected.substring(2), 16),
                cpu.registers().get(Gpr.valueOf(dest.toUpperCase())), "row " + row);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0f b6 07, 4, 0x11223344dead8081",   // MOVZX reads opnd_bytes and does not extend
        "8b 07,    4, 0x11223344dead8081",   // 32-bit MOV does not zero-extend
        "8a 07,    1, 0x1122334455667781",
    })
    void rfcV2ReadsOperandSizeAndNeverExtends(String hex, int size, String expected) {
        Interpreter cpu = cpu(hex, false, Gpr.RDI);
        VeHandler rfc = HandlerProfile.RFC_V2.handler(SPACE.sharedBit());
        VeDecision d = rfc.onVe(new VeInfo(48, 1, MMIO_VA, MMIO_GPA | SPACE.sharedBit()), cpu, new VeDecision());
        assertNull(d.fault);
        assertEquals(size, d.size);
        rfc.complete(d, 0, DEVICE, cpu.registers());
        assertEquals(Long.parseUnsignedLong(expected.substring(2), 16), cpu.registers().get(Gpr.RAX));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "a5,                   OOPS",  // MOVS
        "3b 07,                OOPS",  // cmp eax, [rdi]
        "81 3f 76 69 72 74,    OOPS",  // cmp dword [rdi], imm32
        "87 07,                OOPS",  // xchg
    })
    void linuxOopsesOnWhatItCannotEmulate(String hex, Fault expected) {
        Interpreter cpu = cpu(hex, false, Gpr.RDI);
        VeDecision d = HandlerProfile.LINUX.handler(SPACE.sharedBit())
                .onVe(new VeInfo(48, 1, MMIO_VA, MMIO_GPA | SPACE.sharedBit()), cpu, new VeDecision());
        assertEquals(expected, d.fault);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "a5,                   1, BUG",   // no ModRM: BUG_ON(!inat_has_modrm)
        "81 3f 76 69 72 74,    1, BUG",   // a read with an immediate: BUG_ON(!write)
    })
    void rfcV2BugsOnFormsItCannotHandle(String hex, long qual, Fault expected) {
        Interpreter cpu = cpu(hex, false, Gpr.RDI);
        VeDecision d = HandlerProfile.RFC_V2.handler(SPACE.sharedBit())
                .onVe(new VeInfo(48, qual, MMIO_VA, MMIO_GPA | SPACE.sharedBit()), cpu, new VeDecision());
        assertEquals(expected, d.fault);
    }

    @org.junit.jupiter.api.Test
    void linuxPanicsOnAnEptViolationForAPrivateGpa() {
        Interpreter cpu = cpu("8b 07", false, Gpr.RDI);
        VeDecision d = HandlerProfile.LINUX.handler(SPACE.sharedBit())
                .onVe(new VeInfo(48, 1, MMIO_VA, MMIO_GPA), cpu, new VeDecision());
        assertEquals(Fault.PANIC, d.fault);
    }

    @org.junit.jupiter.api.Test
    void linuxSendsTheSignExtendedImmediateInR15() {
        Interpreter cpu = cpu("c6 07 ab", false, Gpr.RDI);
        VeDecision d = HandlerProfile.LINUX.handler(SPACE.sharedBit())
                .onVe(new VeInfo(48, 2, MMIO_VA, MMIO_GPA | SPACE.sharedBit()), cpu, new VeDecision());
        assertTrue(d.write);
        assertEquals(1, d.size);
        assertEquals(0xFFFF_FFFF_FFFF_FFABL, d.data);
    }

    private static long mask(int size) {
        return size == 8 ? -1L : (1L << (8 * size)) - 1;
    }
}
