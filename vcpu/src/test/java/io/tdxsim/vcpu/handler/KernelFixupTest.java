package io.tdxsim.vcpu.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tdxsim.vcpu.AddressSpace;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.Interpreter;
import io.tdxsim.vcpu.RegisterFile;
import io.tdxsim.vcpu.VcpuSpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** ex_handler_zeropad(): which loads it recovers and what it puts in the register. */
class KernelFixupTest {

    private static final AddressSpace SPACE = new AddressSpace(48, 64L << 20);
    /** The last RAM page; MMIO starts right after it. */
    private static final long LAST_PAGE = SPACE.linearOf((64L << 20) - 4096, false);

    /** Stores 0xabcdef00 at the page's last dword, then runs {@code load} to its #VE. */
    private static Interpreter atVe(String load, long rdi) {
        byte[] store = HexFormat.of().parseHex("c7 87 fc 0f 00 00 00 ef cd ab".replace(" ", ""));
        byte[] insn = HexFormat.of().parseHex(load.replace(" ", ""));
        byte[] code = new byte[store.length + insn.length + 1];
        System.arraycopy(store, 0, code, 0, store.length);
        System.arraycopy(insn, 0, code, store.length, insn.length);
        code[code.length - 1] = (byte) 0xF4;
        RegisterFile regs = new RegisterFile();
        Interpreter cpu = new Interpreter(SPACE, code, false, false, regs);
        regs.set(Gpr.RDI, LAST_PAGE);
        assertEquals(Interpreter.Stop.RETIRED, cpu.step());
        regs.set(Gpr.RDI, rdi);
        regs.set(Gpr.RDX, 0x5555);
        assertEquals(Interpreter.Stop.VE, cpu.step());
        return cpu;
    }

    private static VcpuSpec spec(Interpreter cpu, int length, long type) {
        long rip = cpu.registers().rip;
        return new VcpuSpec(0, new byte[0], false, HandlerProfile.LINUX, 48, 64L << 20, null,
                new io.tdxsim.vmm.engine.CostModel(1, 1, 1, 1, false), 100, 10, new long[] {rip, rip + length, type});
    }

    @Test
    void theRegisterGetsTheAlignedWordShiftedByTheMisalignment() {
        Interpreter cpu = atVe("48 8b 57 05", LAST_PAGE + 0xff8);     // mov rdx, [rdi+5]: 3 RAM bytes
        long fixup = KernelFixup.resume(spec(cpu, 4, VcpuSpec.EX_ZEROPAD), cpu, cpu.veInfo().gla());
        assertEquals(cpu.registers().rip + 4, fixup);
        assertEquals(0xabcdefL, cpu.registers().get(Gpr.RDX));
    }

    @Test
    void theWordAZeropadFixupWillReadIsKnownBeforeItIsRead() {
        Interpreter cpu = atVe("48 8b 57 05", LAST_PAGE + 0xff8);
        assertEquals(LAST_PAGE + 0xff8, KernelFixup.readsAt(spec(cpu, 4, VcpuSpec.EX_ZEROPAD), cpu, cpu.veInfo().gla()));
        assertEquals(0x5555, cpu.registers().get(Gpr.RDX), "nothing written yet");
        assertEquals(KernelFixup.NO_READ, KernelFixup.readsAt(spec(cpu, 4, VcpuSpec.EX_DEFAULT), cpu, cpu.veInfo().gla()));
        assertEquals(KernelFixup.NO_READ, KernelFixup.readsAt(spec(cpu, 4, VcpuSpec.EX_ZEROPAD), cpu,
                cpu.veInfo().gla() + 8), "ex_handler_zeropad() refuses before it reads");
    }

    @Test
    void aDefaultEntryOnlyNamesTheFixup() {
        Interpreter cpu = atVe("48 8b 57 05", LAST_PAGE + 0xff8);
        KernelFixup.resume(spec(cpu, 4, VcpuSpec.EX_DEFAULT), cpu, cpu.veInfo().gla());
        assertEquals(0x5555, cpu.registers().get(Gpr.RDX));
    }

    @Test
    void zeropadRefusesWhatLoadUnalignedZeropadNeverIs() {
        Interpreter narrow = atVe("8b 57 05", LAST_PAGE + 0xff8);      // a 4-byte load
        assertEquals(VcpuSpec.NO_FIXUP, KernelFixup.resume(spec(narrow, 3, VcpuSpec.EX_ZEROPAD), narrow,
                narrow.veInfo().gla()));

        Interpreter notNext = atVe("48 8b 57 05", LAST_PAGE + 0xff8);  // fixup not right after the load
        assertEquals(VcpuSpec.NO_FIXUP, KernelFixup.resume(spec(notNext, 5, VcpuSpec.EX_ZEROPAD), notNext,
                notNext.veInfo().gla()));

        Interpreter elsewhere = atVe("48 8b 57 05", LAST_PAGE + 0xff8);  // fault address not the word's end
        assertEquals(VcpuSpec.NO_FIXUP, KernelFixup.resume(spec(elsewhere, 4, VcpuSpec.EX_ZEROPAD), elsewhere,
                elsewhere.veInfo().gla() + 8));
        assertEquals(0x5555, elsewhere.registers().get(Gpr.RDX));
    }
}
