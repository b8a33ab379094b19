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
import io.tdxsim.vmm.Ghci;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Port I/O from the instruction to the register: the #VE the CPU raises (exit reason 30 and its
 * qualification), what each kernel's handler asks the VMM, and how it writes the answer back.
 * RAX before is 0x1122334455667788 (bit 8, AH's bit 0, is set); the device answers 0x81 per byte.
 */
class PortIoTest {

    static final long OLD = 0x1122_3344_5566_7788L;
    static final AddressSpace SPACE = new AddressSpace(48, 64L << 20);

    private static Interpreter cpu(String hex, boolean emulate, boolean userMode) {
        byte[] insn = HexFormat.of().parseHex(hex.replace(" ", ""));
        byte[] code = new byte[insn.length + 1];
        System.arraycopy(insn, 0, code, 0, insn.length);
        code[insn.length] = (byte) 0xF4;
        RegisterFile regs = new RegisterFile();
        java.util.Arrays.fill(regs.gpr, OLD);
        regs.set(Gpr.RDX, 0x3f8);
        regs.set(Gpr.RCX, 2);
        return new Interpreter(SPACE, code, userMode, emulate, regs);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "in al imm8,   e4 60,    2, 0x60,  1, true,  false, 0x00600048",
        "in ax imm8,   66 e5 60, 3, 0x60,  2, true,  false, 0x00600049",
        "in eax dx,    ed,       1, 0x3f8, 4, true,  false, 0x03f8000b",
        "out dx al,    ee,       1, 0x3f8, 1, false, false, 0x03f80000",
        "out imm8 eax, e7 80,    2, 0x80,  4, false, false, 0x00800043",
        "insb,         6c,       1, 0x3f8, 1, true,  true,  0x03f80018",
        "rep outsd,    f3 6f,    2, 0x3f8, 4, false, true,  0x03f80033",
    })
    void theCpuRaisesAnIoInstructionVe(String name, String hex, int length, String port, int size, boolean in,
                                      boolean string, String qualification) {
        Interpreter cpu = cpu(hex, false, false);
        assertEquals(Interpreter.Stop.VE, cpu.step());
        VeInfo ve = cpu.veInfo();
        assertEquals(Ghci.EXIT_REASON_IO_INSTRUCTION, ve.exitReason());
        assertEquals(Long.decode(qualification), ve.exitQualification());
        assertEquals(length, ve.instructionLength());
        assertEquals(Long.decode(port).intValue(), Ghci.ioPort(ve.exitQualification()));
        assertEquals(size, Ghci.ioSize(ve.exitQualification()));
        assertEquals(in, (ve.exitQualification() & Ghci.IO_QUAL_IN) != 0);
        assertEquals(string, (ve.exitQualification() & Ghci.IO_QUAL_STRING) != 0);
        assertEquals(OLD, cpu.registers().get(Gpr.RSI), "nothing moved before the #VE");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // before the 2026 fixes, GENMASK(8 * size, 0) also clears the bit above the operand
        "linux-6.12,    e4 60, 0x1122334455667681",
        "rfc-v2,        e4 60, 0x1122334455667681",
        "linux,         e4 60, 0x1122334455667781",
        "linux-6.12,    ed,    0x1122334400000081",
        "linux,         ed,    0x0000000000000081",
        "linux-6.12, 66 ed,    0x1122334455660081",
        "linux,      66 ed,    0x1122334455660081",
    })
    void eachKernelWritesTheInResultBackItsOwnWay(String profile, String hex, String expected) {
        Interpreter cpu = cpu(hex, false, false);
        assertEquals(Interpreter.Stop.VE, cpu.step());
        VeHandler h = HandlerProfile.parse(profile).handler(SPACE.sharedBit());
        VeDecision d = h.onVe(cpu.veInfo(), cpu, new VeDecision());
        assertNull(d.fault, () -> d.detail);
        assertTrue(d.port);
        assertFalse(d.write);
        long rip = cpu.registers().rip;
        long answer = 0x81;                       // KVM zero-extends the bytes the device gave
        h.complete(d, 0, answer, cpu.registers());
        assertEquals(Long.parseUnsignedLong(expected.substring(2), 16), cpu.registers().get(Gpr.RAX));
        assertEquals(rip + HexFormat.of().parseHex(hex.replace(" ", "")).length, cpu.registers().rip);
    }

    @Test
    void architecturalInWritesWhatTheCpuWrites() {
        for (String[] c : new String[][] {{"e4 60", "1122334455667781"}, {"ed", "0000000000000081"},
                {"66 ed", "1122334455660081"}}) {
            Interpreter cpu = cpu(c[0], true, false);
            assertEquals(Interpreter.Stop.MMIO, cpu.step());
            assertTrue(cpu.pendingPort());
            cpu.completeMmio(0x81);
            assertEquals(Interpreter.Stop.RETIRED, cpu.step());
            assertEquals(Long.parseUnsignedLong(c[1], 16), cpu.registers().get(Gpr.RAX), c[0]);
        }
    }

    @Test
    void outSendsRaxMaskedByEachKernel() {
        long[] sent = new long[3];
        String[] profiles = {"linux", "linux-6.12", "rfc-v2"};
        for (int i = 0; i < 3; i++) {
            Interpreter cpu = cpu("ee", false, false);
            cpu.step();
            VeDecision d = HandlerProfile.parse(profiles[i]).handler(SPACE.sharedBit())
                    .onVe(cpu.veInfo(), cpu, new VeDecision());
            assertTrue(d.write);
            assertEquals(0x3f8, d.gpa);
            sent[i] = d.data;
        }
        assertEquals(0x88, sent[0], "fixed: the byte");
        assertEquals(0x188, sent[1], "GENMASK(8, 0): nine bits");
        assertEquals(OLD, sent[2], "the RFC passes all of RAX");
    }

    @Test
    void stringFormsAreRefusedByTheKernelsAndRunOnTheCpu() {
        Interpreter linux = cpu("f3 6e", false, false);
        linux.step();
        assertEquals(Fault.OOPS, HandlerProfile.LINUX.handler(SPACE.sharedBit())
                .onVe(linux.veInfo(), linux, new VeDecision()).fault);
        Interpreter rfc = cpu("f3 6e", false, false);
        rfc.step();
        assertEquals(Fault.BUG, HandlerProfile.RFC_V2.handler(SPACE.sharedBit())
                .onVe(rfc.veInfo(), rfc, new VeDecision()).fault);

        // rep outsb from RAM: two elements, two port writes, RCX counts down, RIP stays until done
        Interpreter cpu = cpu("f3 6e", true, false);
        cpu.registers().set(Gpr.RSI, SPACE.linearOf(0x1000, false));
        for (int i = 0; i < 2; i++) {
            assertEquals(Interpreter.Stop.MMIO, cpu.step());
            assertTrue(cpu.pendingPort());
            assertTrue(cpu.pendingWrite());
            assertEquals(0x3f8, cpu.pendingGpa());
            cpu.completeMmio(0);
            assertEquals(Interpreter.Stop.RETIRED, cpu.step());
        }
        assertEquals(0, cpu.registers().get(Gpr.RCX));
        assertEquals(SPACE.linearOf(0x1002, false), cpu.registers().get(Gpr.RSI));
        assertEquals(Interpreter.Stop.HALTED, cpu.step());
    }

    @Test
    void aFailedInIsAnOopsForLinuxAndAllOnesForTheRfc() {
        Interpreter cpu = cpu("e4 60", false, false);
        cpu.step();
        VeHandler linux = HandlerProfile.LINUX.handler(SPACE.sharedBit());
        VeDecision d = linux.onVe(cpu.veInfo(), cpu, new VeDecision());
        linux.complete(d, 0x8000_0000_0000_0000L, 0, cpu.registers());
        assertEquals(Fault.OOPS, d.fault);

        Interpreter rfcCpu = cpu("e4 60", false, false);
        rfcCpu.step();
        VeHandler rfc = HandlerProfile.RFC_V2.handler(SPACE.sharedBit());
        VeDecision r = rfc.onVe(rfcCpu.veInfo(), rfcCpu, new VeDecision());
        rfc.complete(r, 0x8000_0000_0000_0000L, 0, rfcCpu.registers());
        assertNull(r.fault);
        assertEquals(0x11223344556677ffL | 0x100, rfcCpu.registers().get(Gpr.RAX), "UINT_MAX under the 9-bit mask");
    }

    @Test
    void userModePortIoIsAGeneralProtectionFault() {
        Interpreter cpu = cpu("ec", false, true);
        assertEquals(Interpreter.Stop.FAULT, cpu.step());
        assertEquals(Fault.SIGSEGV, cpu.fault());
    }
}
