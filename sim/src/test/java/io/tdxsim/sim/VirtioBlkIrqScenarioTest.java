package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vmm.DeviceStats;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** conf/virtio-blk-irq.conf: 64 vCPUs share one virtqueue, each sleeping until its completion's MSI. */
class VirtioBlkIrqScenarioTest {

    private static final Path SCENARIO = ShippedScenarios.file("virtio-blk-irq.conf");

    private static RunResult run(String... overrides) {
        return SimRun.run(ScenarioLoader.load(SCENARIO, List.of(overrides)));
    }

    private static DeviceStats device(RunResult r, String name) {
        return r.devices().stream().filter(d -> d.name.equals(name)).findFirst().orElseThrow();
    }

    private static long state(RunResult r, String device, String key) {
        return ((Number) device(r, device).state.get(key)).longValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deterministic", "stress"})
    void everyRequestCompletesOn64Vcpus(String mode) {
        RunResult r = run("mode=" + mode);
        assertEquals(Map.of("HALTED", 64L), r.outcomes());
        assertEquals(128, state(r, "blk0", "requests"));
        assertEquals(64, state(r, "blk0", "blk-writes"));
        assertEquals(64, state(r, "blk0", "blk-reads"));
        assertEquals(64 * 512, state(r, "blk0", "blk-bytes-read"));
        assertEquals(0, state(r, "blk0", "blk-errors"));
        assertEquals(0, state(r, "blk0", "protocol-errors"));
        assertEquals(0, state(r, "blk0", "interrupt-status"), "every used-buffer interrupt acknowledged");
        assertEquals(64, state(r, "verified", "value"), "every vCPU read back what it wrote");
        DeviceStats blk0 = device(r, "blk0");
        assertEquals(0, blk0.dmaRefused);
        assertTrue(r.vmm().interruptsRaised > 0 && r.vmm().interruptsRaised < 128,
                "one MSI per drain of the queue, which serves every request made available by then: "
                        + r.vmm().interruptsRaised);
        assertEquals(0, blk0.timersPending, "no drain left due");
        assertTrue(r.vmm().halts > 0, "vCPUs slept in safe_halt()");
        assertEquals(0, r.vmm().lookaheadMisses);
        assertTrue(r.accounting().exact(), r.accounting().mismatches()::toString);
    }

    @Test
    void theSameBytesAtOneAndFourThreadsInDeterministicMode(@TempDir Path tmp) throws Exception {
        DeterminismAcrossThreads.check(SCENARIO, tmp);
    }

    /** The broken driver built with {@code flags}: the run's grade is FORBIDDEN (exit 1); its result. */
    private static RunResult forbiddenWith(String flags, Path out) {
        String cflags = "programs.driver.cflags=\"-O2 " + flags + "\"";
        Cli.Outcome o = Cli.execute("run", "--no-progress", "--out", out.toString(), "--set", cflags, SCENARIO.toString());
        assertEquals(1, o.exit(), o::toString);
        assertTrue(o.out().contains("FORBIDDEN"), o::toString);
        return run(cflags);
    }

    @Test
    void withoutTheLockRequestsAreLostAndTheirVcpusSleepForGood(@TempDir Path out) {
        RunResult r = forbiddenWith("-DNO_LOCK", out);
        assertTrue(state(r, "blk0", "requests") < 128, "racing submitters overwrite each other's ring entries");
        assertTrue(state(r, "verified", "value") < 64);
        assertTrue(r.accounting().exact(), r.accounting().mismatches()::toString);
    }

    /** As KVM lets a TD vCPU sleep whose only pending vector waits for an EOI, the waiters sleep for good. */
    @Test
    void withoutTheEoiLaterCompletionsAreNeverTakenAndTheirVcpusSleepForGood(@TempDir Path out) {
        RunResult r = forbiddenWith("-DNO_EOI", out);
        assertTrue(state(r, "verified", "value") < 64, "a vector left in service blocks the next one");
        assertEquals(128, state(r, "blk0", "requests"), "the device completed every request");
        assertEquals(Map.of("HALTED", 64L), r.outcomes(), "asleep in hlt, not spinning on a blocked vector");
    }

    /** Sectors in private memory: the device's DMA is refused, each request fails, each vCPU traps. */
    @Test
    void dataBuffersInPrivateMemoryAreRefusedAndReported(@TempDir Path out) {
        String pages = "guest.pages=[{base=0x8000000, size=16KiB, attribute=shared},"
                + " {base=0x8004000, size=32KiB, attribute=private}]";
        Cli.Outcome o = Cli.execute("run", "--no-progress", "--out", out.toString(), "--set", pages, SCENARIO.toString());
        assertEquals(1, o.exit(), o::toString);
        assertTrue(o.out().contains(" 64 refused (a private or MMIO page)"), o::toString);
        RunResult r = run(pages);
        assertEquals(Map.of("INVALID_OPCODE", 64L), r.outcomes(), "a failed status is a trap");
        assertEquals(64, device(r, "blk0").dmaRefused);
        assertEquals(64, state(r, "blk0", "blk-errors"));
        assertEquals(0, state(r, "blk0", "blk-bytes-written"));
        assertEquals(0, state(r, "verified", "value"));
    }

    /** A lone vCPU sleeps while the device's timer is pending: the timer must still fire and wake it. */
    @Test
    void aLoneVcpuIsWokenByTheDrainItWaitsFor() {
        RunResult r = run("vcpus=[{count=1, program=driver}]");
        assertEquals(Map.of("HALTED", 1L), r.outcomes());
        assertEquals(2, state(r, "blk0", "requests"));
        assertEquals(1, state(r, "verified", "value"));
        assertEquals(2, r.vmm().interruptsDelivered);
        assertEquals(0, device(r, "blk0").timersPending);
    }

    @Test
    void theDriverRunsAtEveryOptimisationLevel() {
        for (String level : List.of("-O0", "-O1", "-O3", "-Os")) {
            RunResult r = run("programs.driver.cflags=\"" + level + "\"", "vcpus=[{count=8, program=driver}]");
            assertEquals(Map.of("HALTED", 8L), r.outcomes(), level);
            assertEquals(16, state(r, "blk0", "requests"), level);
            assertEquals(8, state(r, "verified", "value"), level);
        }
    }
}
