package io.tdxsim.vcpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.vcpu.handler.HandlerProfile;
import io.tdxsim.vcpu.handler.VeDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pages with a shared/private attribute beyond guest.ram, as the vCPU sees them. */
class PageAttributesTest {

    static final AddressSpace SPACE = new AddressSpace(48, 64L << 20);
    static final long DEVICE = 0xfe00_0000L;
    static final PageAttributes PAGES = new PageAttributes(List.of(
            new PageAttributes.Range(DEVICE + 0x1000, 4096, PageAttributes.Attribute.PRIVATE),
            new PageAttributes.Range(DEVICE + 0x2000, 4096, PageAttributes.Attribute.UNACCEPTED),
            new PageAttributes.Range(DEVICE + 0x3000, 4096, PageAttributes.Attribute.SHARED)));

    private static Interpreter cpu(String hex, long rdi, boolean emulate) {
        byte[] code = java.util.HexFormat.of().parseHex((hex + "f4").replace(" ", ""));
        RegisterFile regs = new RegisterFile();
        regs.set(Gpr.RDI, SPACE.linearOf(rdi, false));
        return new Interpreter(SPACE, new TdMemory(1, PAGES), 0, false, code, false, emulate, regs);
    }

    @Test
    void privateAndSharedPagesAreMemory() {
        for (long page : new long[] {DEVICE + 0x1000, DEVICE + 0x3000}) {
            Interpreter cpu = cpu("c7 07 78 56 34 12 8b 0f", page, false);     // mov [rdi], imm32; mov ecx, [rdi]
            assertEquals(Interpreter.Stop.RETIRED, cpu.step());
            assertEquals(Interpreter.Stop.RETIRED, cpu.step());
            assertEquals(0x12345678, cpu.registers().get(Gpr.RCX));
        }
    }

    @Test
    void anUnacceptedPageTrapsWithAPrivateGpaAndLinuxPanics() {
        Interpreter cpu = cpu("8b 07", DEVICE + 0x2000, false);
        assertEquals(Interpreter.Stop.VE, cpu.step());
        assertEquals(DEVICE + 0x2000, cpu.veInfo().gpa(), "the shared bit is clear");
        VeDecision d = HandlerProfile.LINUX.handler(SPACE.sharedBit()).onVe(cpu.veInfo(), cpu, new VeDecision());
        assertEquals(Fault.PANIC, d.fault);
        assertEquals("Unexpected EPT-violation on private memory.", d.detail);

        Interpreter mmio = cpu("8b 07", DEVICE, false);
        mmio.step();
        assertEquals(DEVICE | SPACE.sharedBit(), mmio.veInfo().gpa(), "an MMIO page's GPA carries the shared bit");
    }

    @Test
    void aLoadFromTheLastMmioWordIntoRamAboveTrapsOnTheMmioPart() {
        Interpreter cpu = cpu("48 8b 87 fc 0f 00 00", DEVICE, false);     // mov rax, [rdi + 0xffc]
        assertEquals(Interpreter.Stop.VE, cpu.step());
        assertEquals(DEVICE + 0xffc | SPACE.sharedBit(), cpu.veInfo().gpa());
        VeDecision d = HandlerProfile.LINUX.handler(SPACE.sharedBit()).onVe(cpu.veInfo(), cpu, new VeDecision());
        assertEquals(Fault.OOPS, d.fault);
        assertTrue(d.detail.contains("splits pages"), d.detail);
    }

    @Test
    void theCpuSplitsTheLoadBetweenTheDeviceAndRam() {
        Interpreter cpu = cpu("c7 87 00 10 00 00 11 22 33 44 48 8b 87 fc 0f 00 00", DEVICE, true);
        assertEquals(Interpreter.Stop.RETIRED, cpu.step());
        assertEquals(Interpreter.Stop.MMIO, cpu.step());
        assertEquals(4, cpu.pendingSize());
        assertEquals(DEVICE + 0xffc | SPACE.sharedBit(), cpu.pendingGpa());
        cpu.completeMmio(0x88776655L);
        assertEquals(Interpreter.Stop.RETIRED, cpu.step());
        assertEquals(0x4433221188776655L, cpu.registers().get(Gpr.RAX));
    }

    @Test
    void theCpuCannotCompleteAnUnacceptedAccess() {
        Interpreter cpu = cpu("8b 07", DEVICE + 0x2000, true);
        assertEquals(Interpreter.Stop.FAULT, cpu.step());
        assertEquals(Fault.PANIC, cpu.fault());
    }
}
