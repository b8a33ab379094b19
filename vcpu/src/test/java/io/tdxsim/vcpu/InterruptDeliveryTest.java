package io.tdxsim.vcpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.vcpu.asm.Assembler;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IDT delivery, IRETQ, STI's shadow, the APIC's priority classes and the halting instructions. */
class InterruptDeliveryTest {

    private static final AddressSpace SPACE = new AddressSpace(48, 64L << 20);
    private static final long IDT = AddressSpace.KERNEL_DIRECT_MAP + 0x40000;

    /** Gate setup for vectors 0x40 and 0x50 (both to on_irq), then the body. */
    private static final String SETUP = """
              mov rdi, 0xffffc90000040000
              lea rax, [rip + on_irq]
              mov rdx, rax
              and edx, 0xffff
              mov rcx, rax
              shr rcx, 16
              shl rcx, 48
              or rdx, rcx
              mov rcx, 0x00008e0000100000
              or rdx, rcx
              mov qword [rdi + 0x400], rdx
              mov qword [rdi + 0x500], rdx
              shr rax, 32
              mov qword [rdi + 0x408], rax
              mov qword [rdi + 0x508], rax
              mov rsi, 0xffffc90000041000
              mov word [rsi], 0xfff
              mov qword [rsi + 2], rdi
              lidt [rsi]
              mov rsp, 0xffffc90000050008
            """;

    private static Interpreter cpu(String body, boolean userMode) throws Exception {
        long origin = userMode ? AddressSpace.USER_TEXT : AddressSpace.KERNEL_TEXT;
        byte[] code = Assembler.assemble(body, Map.of(), origin).code();
        return new Interpreter(SPACE, code, userMode, false, new RegisterFile());
    }

    private static void runUntil(Interpreter cpu, String label, long rip) {
        for (int i = 0; i < 200 && cpu.registers().rip != rip; i++) {
            assertEquals(Interpreter.Stop.RETIRED, cpu.step(), label);
        }
        assertEquals(rip, cpu.registers().rip, label);
    }

    @Test
    void anInterruptPushesItsFrameOnAnAlignedStackAndIretqReturns() throws Exception {
        Interpreter cpu = cpu(SETUP + """
                  sti
                  nop
                  mov eax, 1
              after:
                  hlt
              on_irq:
                  mov r15, 0x77
                  mov ecx, 0x80b
                  wrmsr
                  iretq
                """, false);
        RegisterFile r = cpu.registers();
        for (int i = 0; i < 20 && cpu.currentInstruction().op() != io.tdxsim.vcpu.decode.Op.LIDT; i++) {
            cpu.step();
        }
        cpu.step();                                      // mov rsp
        cpu.interrupts().post(0x40);
        assertEquals(Interpreter.Stop.RETIRED, cpu.step());    // sti: IF was clear, so the shadow holds
        long afterSti = r.rip;
        assertEquals(Interpreter.Stop.RETIRED, cpu.step());    // nop runs inside the shadow
        assertEquals(afterSti + 1, r.rip);
        long interrupted = r.rip;
        long flags = r.rflags;
        assertEquals(Interpreter.Stop.RETIRED, cpu.step());    // the delivery
        long sp = AddressSpace.KERNEL_DIRECT_MAP + 0x50000 - 40;  // RSP 0x...50008 aligned down to 0x...50000
        assertEquals(sp, r.gpr[4]);
        assertEquals(0, r.rflags & InterruptState.IF, "an interrupt gate clears IF");
        GuestMemoryView stack = new GuestMemoryView(cpu);
        assertEquals(interrupted, stack.q(sp));
        assertEquals(SystemOps.KERNEL_CS, stack.q(sp + 8));
        assertEquals(flags, stack.q(sp + 16));
        assertEquals(AddressSpace.KERNEL_DIRECT_MAP + 0x50008, stack.q(sp + 24));
        assertEquals(SystemOps.KERNEL_SS, stack.q(sp + 32));
        assertEquals(1, cpu.interrupts().taken());
        for (int i = 0; i < 3; i++) {
            assertEquals(Interpreter.Stop.RETIRED, cpu.step());   // mov r15, mov ecx, wrmsr
        }
        assertEquals(1, cpu.interrupts().endsOfInterrupt());
        assertEquals(Interpreter.Stop.RETIRED, cpu.step());       // iretq
        assertEquals(interrupted, r.rip);
        assertEquals(flags, r.rflags);
        assertEquals(AddressSpace.KERNEL_DIRECT_MAP + 0x50008, r.gpr[4]);
        assertEquals(0x77, r.gpr[15]);
    }

    @Test
    void aVectorInServiceHoldsBackItsOwnClassButNotAHigherOne() throws Exception {
        Interpreter cpu = cpu(SETUP + """
                  sti
                  nop
                  nop
                  hlt
              on_irq:
                  nop
                  nop
                  hlt
                """, false);
        while (cpu.currentInstruction().op() != io.tdxsim.vcpu.decode.Op.STI) {
            cpu.step();
        }
        cpu.step();                                       // nop in the shadow
        cpu.interrupts().post(0x40);
        cpu.step();                                       // takes 0x40; IF now clear
        cpu.registers().rflags |= InterruptState.IF;      // as a handler that re-enables interrupts
        cpu.interrupts().post(0x41);
        long rip = cpu.registers().rip;
        cpu.step();
        assertEquals(rip + 1, cpu.registers().rip, "0x41 is of 0x40's class: it waits for the EOI");
        assertFalse(cpu.interrupts().pendingForHalt(), "a vector held back until the EOI lets HLT sleep");
        cpu.interrupts().post(0x50);
        assertTrue(cpu.interrupts().pendingForHalt(), "one of a higher class keeps HLT awake");
        cpu.step();
        assertEquals(2, cpu.interrupts().taken(), "0x50 is of a higher class: it preempts");
    }

    @Test
    void hltWithInterruptsEnabledAsksTheVmmAndTdcallCarriesTheBlockedFlag() throws Exception {
        Interpreter ended = cpu("hlt", false);
        assertEquals(Interpreter.Stop.HALTED, ended.step(), "IF clear: the vCPU ends, as before");

        Interpreter sleeps = cpu("sti\nhlt\nnop", false);
        sleeps.step();
        long hlt = sleeps.registers().rip;
        assertEquals(Interpreter.Stop.HALT_CALL, sleeps.step());
        assertTrue(sleeps.haltViaVe());
        assertFalse(sleeps.haltBlocked());
        assertEquals(hlt, sleeps.registers().rip, "RIP moves only when the VMM answers");
        sleeps.completeHalt(0);
        assertEquals(hlt + 1, sleeps.registers().rip);

        Interpreter tdcall = cpu("xor eax, eax\nxor r10d, r10d\nmov r11d, 12\nmov r12d, 1\ntdcall\nsti", false);
        for (int i = 0; i < 4; i++) {
            tdcall.step();
        }
        assertEquals(Interpreter.Stop.HALT_CALL, tdcall.step());
        assertFalse(tdcall.haltViaVe());
        assertTrue(tdcall.haltBlocked());
        tdcall.completeHalt(0);
        assertEquals(0, tdcall.registers().gpr[10]);
    }

    @Test
    void userModeCannotTouchInterruptsAndPopfKeepsIf() throws Exception {
        Interpreter cli = cpu("cli", true);
        assertEquals(Interpreter.Stop.FAULT, cli.step());
        assertEquals(Fault.SIGSEGV, cli.fault());

        Interpreter popf = cpu("mov qword [rsp], 0x201\npopfq", true);
        popf.registers().gpr[4] = AddressSpace.USER_MAP + 0x50000;
        popf.step();
        popf.step();
        assertEquals(RegisterFile.FIXED | 1, popf.registers().rflags, "CF restored, IF not");
    }

    @Test
    void aMissingGateIsAnOops() throws Exception {
        Interpreter cpu = cpu("sti\nnop\nnop", false);
        cpu.step();
        cpu.step();
        cpu.interrupts().post(0x60);
        assertEquals(Interpreter.Stop.FAULT, cpu.step());
        assertEquals(Fault.OOPS, cpu.fault());
        assertTrue(cpu.faultDetail().contains("vector 0x60"), cpu.faultDetail());
    }

    /** Reads and writes the interpreter's RAM by linear address, as the guest would. */
    private record GuestMemoryView(Interpreter cpu) {
        long q(long gla) {
            return cpu.readRam(gla, 8).orElseThrow();
        }

    }
}
