package io.tdxsim.vcpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.vcpu.handler.DecodeVerdict;
import io.tdxsim.vcpu.handler.HandlerProfile;
import io.tdxsim.vcpu.handler.VeDecision;
import io.tdxsim.vcpu.handler.VeHandler;
import io.tdxsim.vmm.Ghci;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The #VE an instruction raises on MMIO reports the access the CPU reports: RMW counts as a write. */
class ReadModifyWriteExitTest {

    private static final AddressSpace SPACE = new AddressSpace(48, 64L << 20);
    private static final long MMIO_VA = SPACE.linearOf(0xfe000000L, false);

    private static Interpreter stoppedAt(String hex) {
        RegisterFile regs = new RegisterFile();
        Interpreter cpu = new Interpreter(SPACE, Code.start().hex(hex).hlt().bytes(), false, false, regs);
        regs.set(Gpr.RDI, MMIO_VA);
        regs.set(Gpr.RAX, 5);
        assertEquals(Interpreter.Stop.VE, cpu.step());
        return cpu;
    }

    @ParameterizedTest(name = "{0} ({2})")
    @CsvSource({
        "01 07,       3, add [rdi] eax",
        "83 0f 04,    3, or dword [rdi] 4",
        "ff 07,       3, inc dword [rdi]",
        "f7 1f,       3, neg dword [rdi]",
        "d1 27,       3, shl dword [rdi] 1",
        "87 07,       3, xchg [rdi] eax",
        "83 3f 07,    1, cmp dword [rdi] 7",
        "39 07,       1, cmp [rdi] eax",
        "85 07,       1, test [rdi] eax",
        "8b 07,       1, mov eax [rdi]",
        "89 07,       2, mov [rdi] eax",
    })
    void exitQualificationHasTheWriteBitForEveryInstructionThatStoresBack(String hex, long qual, String what) {
        Interpreter cpu = stoppedAt(hex);
        assertEquals(qual, cpu.veInfo().exitQualification(), what);
    }

    @Test
    void rfcV2TurnsAnAddToMmioIntoAWriteOfTheRegister() {
        Interpreter cpu = stoppedAt("01 07");                  // add dword [rdi], eax
        VeHandler rfc = HandlerProfile.RFC_V2.handler(SPACE.sharedBit());
        VeDecision d = rfc.onVe(cpu.veInfo(), cpu, new VeDecision());
        assertNull(d.fault);
        assertTrue(d.write);
        assertEquals(4, d.size);
        assertEquals(5, d.data);
    }

    @Test
    void decodeCommandShowsRfcV2WritingTheRegisterForAnAdd() {
        byte[] add = {0x01, 0x07};                             // add dword [rdi], eax
        String json = DecodeVerdict.json(add, HandlerProfile.RFC_V2, 0x1122334455667788L, 0);
        assertEquals(",\"data\":\"0x55667788\"", json);
    }

    @Test
    void architecturalReplayStillLoadsThenStores() {
        RegisterFile regs = new RegisterFile();
        Interpreter cpu = new Interpreter(SPACE, Code.start().hex("01 07").hlt().bytes(), false, true, regs);
        regs.set(Gpr.RDI, MMIO_VA);
        regs.set(Gpr.RAX, 5);
        assertEquals(Interpreter.Stop.MMIO, cpu.step());
        assertEquals(false, cpu.pendingWrite(), "the first operation is the load");
        cpu.completeMmio(0x100);
        assertEquals(Interpreter.Stop.MMIO, cpu.step());
        assertTrue(cpu.pendingWrite());
        assertEquals(0x105, cpu.pendingData());
        assertEquals(Ghci.EXIT_QUAL_WRITE, cpu.veInfo().exitQualification());
    }
}
