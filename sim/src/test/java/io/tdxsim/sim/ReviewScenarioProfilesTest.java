package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vcpu.Fault;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.VcpuResult;
import io.tdxsim.vmm.DeviceStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The review scenarios under each handler profile: what today's kernel, the reviewed patch and
 * the CPU itself make of the same guest code, as each scenario's header describes it.
 */
class ReviewScenarioProfilesTest {

    private static RunResult run(String file, String handler) {
        RunResult r = SimRun.run(ScenarioLoader.load(ShippedScenarios.file(file), List.of("guest.handler=" + handler)));
        assertTrue(r.complete(), "run did not finish");
        return r;
    }

    private static long state(RunResult r, String device, String key) {
        DeviceStats d = r.devices().stream().filter(s -> s.name.equals(device)).findFirst().orElseThrow();
        return ((Number) d.state.get(key)).longValue();
    }

    private static VcpuResult vcpu(RunResult r, int index) {
        return r.sample().stream().filter(v -> v.index() == index).findFirst().orElseThrow();
    }

    // review-page-crossing: mov word [last byte of RAM], 0x1234 running into the device's page

    @Test
    void linuxOopsesOnAStoreThatCrossesFromRamIntoMmio() {
        RunResult r = run("review-page-crossing.conf", "linux");
        assertEquals(Map.of("OOPS", 1L), r.outcomes());
        assertTrue(vcpu(r, 0).detail().contains("splits pages"), vcpu(r, 0).detail());
        assertEquals(0, state(r, "mmio", "writes"));
        assertEquals(0, state(r, "probe", "writes"));
    }

    @Test
    void rfcV2SendsTheWholeWordToTheDeviceAndLeavesRamUntouched() {
        RunResult r = run("review-page-crossing.conf", "rfc-v2");
        assertEquals(Map.of("HALTED", 1L), r.outcomes());
        assertEquals(0x1234, state(r, "mmio", "q0"));
        assertEquals(1, state(r, "mmio", "writes"));
        assertEquals(0, state(r, "probe", "q0"), "RAM's byte was never written");
        assertEquals(0, vcpu(r, 0).gprs()[Gpr.RAX.number()]);
    }

    @Test
    void architecturalSplitsTheStoreBetweenRamAndTheDevice() {
        RunResult r = run("review-page-crossing.conf", "architectural");
        assertEquals(Map.of("HALTED", 1L), r.outcomes());
        assertEquals(0x12, state(r, "mmio", "q0"), "the high byte lands at the device's offset 0");
        assertEquals(1, state(r, "mmio", "writes"));
        assertEquals(0x34, state(r, "probe", "q0"), "the low byte stays in RAM");
        assertEquals(0x34, vcpu(r, 0).gprs()[Gpr.RAX.number()]);
    }

    // review-user-mode: 4 user-mode vCPUs (uio0) beside 2 kernel vCPUs (kdev)

    @Test
    void linuxKillsUserModeMmioWithSigsegv() {
        RunResult r = run("review-user-mode.conf", "linux");
        assertEquals(Map.of("HALTED", 2L, "SIGSEGV", 4L), r.outcomes());
        assertEquals(0, state(r, "uio0", "writes") + state(r, "uio0", "reads"));
        assertEquals(16, state(r, "kdev", "writes"));
    }

    @Test
    void rfcV2SendsSigbusAndLogsEveryUserModeAccess() {
        RunResult r = run("review-user-mode.conf", "rfc-v2");
        assertEquals(Map.of("HALTED", 2L, "SIGBUS", 4L), r.outcomes());
        for (int i = 0; i < 4; i++) {
            assertEquals(Fault.SIGBUS, vcpu(r, i).fault());
            assertEquals("Unexpected user-mode MMIO access.", vcpu(r, i).log());
        }
        assertEquals(0, state(r, "uio0", "writes") + state(r, "uio0", "reads"));
    }

    @Test
    void architecturalLetsUserModeReachTheDevice() {
        RunResult r = run("review-user-mode.conf", "architectural");
        assertEquals(Map.of("HALTED", 6L), r.outcomes());
        assertEquals(32, state(r, "uio0", "writes"));
        assertEquals(32, state(r, "uio0", "reads"));
        assertEquals(16, state(r, "kdev", "writes"));
    }

    // review-undecodable: vCPU 0 cmp dword [status], 7; vCPU 1 or dword [ctrl], 4; vCPU 2 add [stats], eax

    @Test
    void linuxOopsesOnCompareAndAluInstructionsOnMmio() {
        RunResult r = run("review-undecodable.conf", "linux");
        assertEquals(Map.of("OOPS", 3L), r.outcomes());
        assertEquals(0x7, state(r, "status", "q0"));
        assertEquals(0x11, state(r, "ctrl", "q0"));
        assertEquals(0x100, state(r, "stats", "q0"));
    }

    @Test
    void rfcV2BugsOnTheCompareAndTurnsReadModifyWritesIntoPlainWrites() {
        RunResult r = run("review-undecodable.conf", "rfc-v2");
        assertEquals(Map.of("BUG", 1L, "HALTED", 2L), r.outcomes());
        assertEquals(Fault.BUG, vcpu(r, 0).fault());
        assertEquals(0x7, state(r, "status", "q0"));
        assertEquals(0x4, state(r, "ctrl", "q0"), "the immediate replaced the register");
        assertEquals(0x5, state(r, "stats", "q0"), "EAX replaced the sum");
    }

    @Test
    void architecturalExecutesCompareAndAluInstructionsOnMmio() {
        RunResult r = run("review-undecodable.conf", "architectural");
        assertEquals(Map.of("HALTED", 3L), r.outcomes());
        assertEquals(0x1_0000_0007L, state(r, "status", "q0"), "the compare matched");
        assertEquals(0x15, state(r, "ctrl", "q0"));
        assertEquals(0x105, state(r, "stats", "q0"));
    }

    // review-movs: rep movsb of 8 bytes into fifo, then movsd of 4 bytes into tail

    @Test
    void linuxOopsesOnMovsIntoMmio() {
        RunResult r = run("review-movs.conf", "linux");
        assertEquals(Map.of("OOPS", 1L), r.outcomes());
        assertTrue(vcpu(r, 0).detail().contains("MOVS"), vcpu(r, 0).detail());
        assertEquals(0, r.totalExits());
    }

    @Test
    void rfcV2BugsOnMovsForWantOfAModrmByte() {
        RunResult r = run("review-movs.conf", "rfc-v2");
        assertEquals(Map.of("BUG", 1L), r.outcomes());
        assertTrue(vcpu(r, 0).detail().contains("inat_has_modrm"), vcpu(r, 0).detail());
        assertEquals(0, r.totalExits());
    }

    @Test
    void architecturalCopiesEveryByteAsItsOwnWrite() {
        RunResult r = run("review-movs.conf", "architectural");
        assertEquals(Map.of("HALTED", 1L), r.outcomes());
        assertEquals(8, state(r, "fifo", "writes"));
        assertEquals(0x8877_6655_4433_2211L, state(r, "fifo", "q0"));
        assertEquals(1, state(r, "tail", "writes"));
        assertEquals(0xddcc_bbaaL, state(r, "tail", "q0"));
        assertEquals(9, r.totalExits());
    }

    // review-user-address: get_user() in kernel code on a user pointer into MMIO

    @Test
    void sinceV612TheUserPointerReadWarnsAndTakesGetUsersFixup() {
        for (String kernel : List.of("linux", "linux-6.12")) {
            RunResult r = run("review-user-address.conf", kernel);
            assertEquals(Map.of("HALTED", 1L), r.outcomes(), kernel);
            assertEquals(1, r.fixups(), kernel);
            assertEquals(0xfffffff2L, vcpu(r, 0).gprs()[Gpr.RAX.number()], kernel + ": -EFAULT in EAX");
            assertTrue(vcpu(r, 0).log().contains("MMIO through a user address"), vcpu(r, 0).log());
            assertEquals(0, state(r, "uio0", "reads"), kernel);
        }
    }

    @Test
    void beforeV612TheKernelReadsTheDeviceOnTheUsersBehalf() {
        RunResult r = run("review-user-address.conf", "linux-6.6");
        assertEquals(0, r.fixups());
        assertEquals(0x600d, vcpu(r, 0).gprs()[Gpr.RAX.number()]);
        assertEquals(1, state(r, "uio0", "reads"));
    }

    // review-private-pages: an MMIO-to-RAM crossing, and a private page the TD never accepted

    @Test
    void linuxRefusesTheCrossingAndPanicsOnThePrivateGpa() {
        RunResult r = run("review-private-pages.conf", "linux");
        assertEquals(Fault.OOPS, vcpu(r, 0).fault());
        assertTrue(vcpu(r, 0).detail().contains("splits pages"), vcpu(r, 0).detail());
        assertEquals(Fault.PANIC, vcpu(r, 1).fault());
        assertEquals("Unexpected EPT-violation on private memory.", vcpu(r, 1).detail());
    }

    @Test
    void theCpuReadsAcrossFromTheDeviceIntoRam() {
        RunResult r = run("review-private-pages.conf", "architectural");
        assertEquals(0x4433221188776655L, vcpu(r, 0).gprs()[Gpr.RAX.number()]);
        assertEquals(Fault.PANIC, vcpu(r, 1).fault());
    }

    @Test
    void rfcV2SendsThePrivateGpaAndKvmRefusesIt() {
        RunResult r = run("review-private-pages.conf", "rfc-v2");
        assertEquals(Map.of("HALTED", 2L), r.outcomes());
        assertEquals(1, r.exits().total().failed.sum(), "INVALID_OPERAND for the private GPA, ignored");
    }
}
