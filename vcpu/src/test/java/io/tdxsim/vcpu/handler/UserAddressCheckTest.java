package io.tdxsim.vcpu.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tdxsim.vcpu.AddressSpace;
import io.tdxsim.vcpu.Fault;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.Interpreter;
import io.tdxsim.vcpu.RegisterFile;
import io.tdxsim.vcpu.VeInfo;
import org.junit.jupiter.api.Test;

/**
 * A kernel vCPU reading MMIO through a user address (get_user() on a UIO mapping): the #VE's GLA
 * is a user address. v6.12's check refuses it with a WARN; v6.6 emulates it as MMIO.
 */
class UserAddressCheckTest {

    static final AddressSpace SPACE = new AddressSpace(48, 64L << 20);
    static final long GPA = 0xfe00_0000L;

    private static Interpreter kernelReadingThroughAUserPointer() {
        RegisterFile regs = new RegisterFile();
        regs.set(Gpr.RSI, SPACE.linearOf(GPA, true));
        Interpreter cpu = new Interpreter(SPACE, new byte[] {(byte) 0x8b, 0x06, (byte) 0xf4}, false, false, regs);
        assertEquals(Interpreter.Stop.VE, cpu.step(), "the kernel reaches the user mapping; MMIO there traps");
        return cpu;
    }

    @Test
    void theKernelReachesTheUserMapping() {
        VeInfo ve = kernelReadingThroughAUserPointer().veInfo();
        assertEquals(SPACE.linearOf(GPA, true), ve.gla());
        assertEquals(GPA | SPACE.sharedBit(), ve.gpa());
    }

    @Test
    void sinceV612TheKernelWarnsAndRefuses() {
        for (HandlerProfile p : new HandlerProfile[] {HandlerProfile.LINUX, HandlerProfile.LINUX_6_12}) {
            Interpreter cpu = kernelReadingThroughAUserPointer();
            VeDecision d = p.handler(SPACE.sharedBit()).onVe(cpu.veInfo(), cpu, new VeDecision());
            assertEquals(Fault.OOPS, d.fault, p.id());
            assertEquals("Access to userspace address is not supported", d.log, p.id());
        }
    }

    @Test
    void v66EmulatesItAsMmio() {
        Interpreter cpu = kernelReadingThroughAUserPointer();
        VeHandler h = HandlerProfile.LINUX_6_6.handler(SPACE.sharedBit());
        VeDecision d = h.onVe(cpu.veInfo(), cpu, new VeDecision());
        assertNull(d.fault, () -> d.detail);
        assertEquals(GPA | SPACE.sharedBit(), d.gpa);
        assertEquals(4, d.size);
        h.complete(d, 0, 0x600d, cpu.registers());
        assertEquals(0x600d, cpu.registers().get(Gpr.RAX));
    }

    @Test
    void userCodeStillReachesOnlyItsOwnMapping() {
        assertEquals(-1, SPACE.translate(SPACE.linearOf(GPA, false), true));
        assertEquals(GPA, SPACE.translate(SPACE.linearOf(GPA, true), false));
    }
}
