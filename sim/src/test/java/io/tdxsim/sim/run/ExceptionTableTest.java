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

/** load_unaligned_zeropad(): the page-crossing #VE that the kernel's exception table recovers. */
class ExceptionTableTest {

    private static Scenario zeropad(String handler) {
        return ScenarioLoader.load(Path.of("../conf/review-zeropad.conf"), List.of("guest.handler=" + handler));
    }

    @Test
    void aFixupLabelBecomesAnExceptionTableEntry() {
        List<List<GuestCode>> code = ProgramBuilder.build(zeropad("linux"), new Problems());
        assertEquals(2, code.get(0).get(0).extable().length, "one (faulting RIP, fixup RIP) pair");
        io.tdxsim.vcpu.VcpuSpec spec = SimRun.wire(zeropad("linux")).vcpus().get(0);
        assertEquals(code.get(0).get(0).extable()[1], spec.fixupFor(code.get(0).get(0).extable()[0]));
    }

    @Test
    void linuxFixesUpTheSplitPageFaultInsteadOfOopsing() {
        RunResult r = SimRun.run(zeropad("linux"));
        VcpuResult v = r.sample().get(0);
        assertEquals("HALTED", v.outcome(), () -> v.detail() + " / " + v.log());
        assertEquals(1, v.fixups());
        assertEquals(1, r.fixups());
        assertEquals(0xff, v.gprs()[Gpr.RAX.number()]);
        assertTrue(v.log().startsWith("fixup at"), v.log());
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
