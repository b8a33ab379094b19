package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.Problems;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.VcpuResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** load_unaligned_zeropad(): the page-crossing #VE that the kernel's exception table recovers. */
class ExceptionTableTest {

    private static Scenario zeropad(String handler) {
        return ScenarioLoader.load(Path.of("../conf/review-zeropad.conf"), List.of("guest.handler=" + handler));
    }

    @Test
    void aZeropadFixupLabelBecomesAZeropadExceptionTableEntry() {
        List<List<GuestCode>> code = ProgramBuilder.build(zeropad("linux"), new Problems());
        long[] extable = code.get(0).get(0).extable();
        assertEquals(3, extable.length, "one (faulting RIP, fixup RIP, type) entry");
        io.tdxsim.vcpu.VcpuSpec spec = SimRun.wire(zeropad("linux")).vcpus().get(0);
        assertEquals(extable[1], spec.fixupFor(extable[0]));
        assertEquals(io.tdxsim.vcpu.VcpuSpec.EX_ZEROPAD, spec.fixupType(extable[0]));
    }

    @Test
    void linuxFixesUpTheSplitPageFaultWithTheZeroPaddedWord() {
        RunResult r = SimRun.run(zeropad("linux"));
        VcpuResult v = r.sample().get(0);
        assertEquals("HALTED", v.outcome(), () -> v.detail() + " / " + v.log());
        assertEquals(1, v.fixups());
        assertEquals(1, r.fixups());
        assertEquals(0xabcdefL, v.gprs()[Gpr.RAX.number()], "the RAM bytes of the aligned word, zero-padded");
        assertTrue(v.log().startsWith("fixup at"), v.log());
        assertEquals(0, r.devices().get(0).reads, "the device saw no read");
    }

    /**
     * Deterministic mode: the #VE comes in the load's memory turn and the fixup reads the aligned
     * word before the turn ends. Read after it, guest memory refuses the read (the vCPU dies and
     * the run never ends: the timeout fails the test).
     */
    @Test
    @Timeout(60)
    void deterministicModeReadsTheZeropadWordInsideTheLoadsTurn() {
        RunResult r = SimRun.run(ScenarioLoader.load(Path.of("../conf/review-zeropad.conf"),
                List.of("mode=deterministic")));
        VcpuResult v = r.sample().get(0);
        assertEquals("HALTED", v.outcome(), () -> v.detail() + " / " + v.log());
        assertEquals(1, v.fixups());
        assertEquals(0xabcdefL, v.gprs()[Gpr.RAX.number()]);
        assertEquals(2, r.vmm().memoryTurns, "the store of the word and the load, nothing more");
    }

    @Test
    void aPlainFixupLabelOnlyJumps() {
        Scenario s = ScenarioLoader.load(Path.of("../conf/review-zeropad.conf"), List.of(
                "programs.zeropad = \"mov rdi, ram\\nadd rdi, 0x3fff000\\nxor eax, eax\\nload:\\n"
                        + "mov rax, qword [rdi + 0xffd]\\nhlt\\nfixup_load:\\nmov eax, 0xff\\nhlt\""));
        VcpuResult v = SimRun.run(s).sample().get(0);
        assertEquals("HALTED", v.outcome(), () -> v.detail() + " / " + v.log());
        assertEquals(0xff, v.gprs()[Gpr.RAX.number()]);
    }

    @Test
    void architecturalReadsTheRamBytesAndTheMmioBytesInNaturalSizes() {
        RunResult r = SimRun.run(zeropad("architectural"));
        VcpuResult v = r.sample().get(0);
        assertEquals(0x1111111111abcdefL, v.gprs()[Gpr.RAX.number()]);
        assertEquals(0, r.exits().total().failed.sum(), "5 MMIO bytes go as a 4-byte and a 1-byte access");
        assertEquals(2, r.devices().get(0).reads);
    }

    @Test
    void rfcV2ReadsAWholeWordAtTheMmioPageAndLosesTheRamBytes() {
        RunResult r = SimRun.run(zeropad("rfc-v2"));
        assertEquals(0x1111111111111111L, r.sample().get(0).gprs()[Gpr.RAX.number()]);
    }
}
