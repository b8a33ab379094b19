package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vmm.DeviceStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * C drivers written against the README and tdxsim.h alone (test resources {@code outsider/}),
 * as someone new to tdxsim would write them: a spinlock around a device's read-modify-write
 * keeps the count exact in both modes; without it updates are lost, and deterministic mode
 * gives a seed's loss byte for byte; atomics on shared C globals hand out each ticket once.
 */
class OutsiderDriversTest {

    private static String driver(String name) throws IOException {
        try (InputStream in = OutsiderDriversTest.class.getResourceAsStream("/outsider/" + name + ".c")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** One group of {@code vcpus} running the driver, with the devices every driver here names. */
    private static String scenario(String driver, int vcpus, String mode, int rounds) throws IOException {
        return scenario(driver, vcpus, mode, rounds, "-O2");
    }

    private static String scenario(String driver, int vcpus, String mode, int rounds, String level) throws IOException {
        return "tdxsim {\n name = outsider-" + driver + "\n mode = " + mode + "\n"
                + " devices = [\n"
                + "  { name = scratch0, model = scratch, base = 0xfe000000 }\n"
                + "  { name = drawn0, model = scratch, base = 0xfe001000 }\n"
                + "  { name = wrong0, model = scratch, base = 0xfe002000 }\n ]\n"
                + " vcpus = [ { count = " + vcpus + ", program = driver } ]\n"
                + " programs.driver { cflags = \"" + level + " -DNR_VCPUS=" + vcpus + " -DROUNDS=" + rounds + "\", c = \"\"\"\n"
                + driver(driver) + "\"\"\" }\n}\n";
    }

    private static RunResult run(String driver, int vcpus, String mode, int rounds) throws IOException {
        return SimRun.run(ScenarioLoader.fromText(scenario(driver, vcpus, mode, rounds), driver + ".conf"));
    }

    private static long q0(RunResult r, String device) {
        DeviceStats d = r.devices().stream().filter(x -> x.name.equals(device)).findFirst().orElseThrow();
        return ((Number) d.state.get("q0")).longValue();
    }

    private static void allHalted(RunResult r, int vcpus) {
        assertEquals(Map.of("HALTED", (long) vcpus), r.outcomes(), () -> r.outcomes() + " " + r.sample());
    }

    /** gcc's code for each driver at every optimisation level runs, and counts, as at -O2. */
    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O1", "-O2", "-O3", "-Os"})
    void everyDriverRunsAtEveryLevel(String level) throws IOException {
        for (String driver : List.of("locked-counter", "unlocked-counter", "atomic-tickets")) {
            RunResult r = SimRun.run(ScenarioLoader.fromText(scenario(driver, 8, "deterministic", 3, level),
                    driver + ".conf"));
            allHalted(r, 8);
            switch (driver) {
                case "locked-counter" -> assertEquals(24, q0(r, "scratch0"), level);
                case "unlocked-counter" -> assertTrue(q0(r, "scratch0") < 24, level);
                default -> {
                    assertEquals(24, q0(r, "drawn0"), level);
                    assertEquals(0, q0(r, "wrong0"), level);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stress", "deterministic"})
    void theLockedCounterIsExactOn64Vcpus(String mode) throws IOException {
        RunResult r = run("locked-counter", 64, mode, 2);
        allHalted(r, 64);
        assertEquals(128, q0(r, "scratch0"), "no increment under the lock is lost");
    }

    /** 1,024 vCPUs on one lock: in deterministic mode the waiters are parked until the lock word changes. */
    @ParameterizedTest
    @ValueSource(strings = {"stress", "deterministic"})
    void theLockedCounterIsExactOn1024Vcpus(String mode) throws IOException {
        RunResult r = run("locked-counter", 1024, mode, 1);
        allHalted(r, 1024);
        assertEquals(1024, q0(r, "scratch0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stress", "deterministic"})
    void withoutTheLockUpdatesAreLost(String mode) throws IOException {
        for (int vcpus : new int[] {64, 1024}) {
            RunResult r = run("unlocked-counter", vcpus, mode, 2);
            allHalted(r, vcpus);
            long count = q0(r, "scratch0");
            assertTrue(count >= 2 && count < 2L * vcpus, vcpus + " vCPUs, " + mode + ": " + count);
            assertEquals(2L * vcpus, r.devices().get(0).writes, "every vCPU wrote back twice");
        }
    }

    /** A seed's schedule (host preemptions) sets the loss; the same seed gives the same bytes at any dispatcher size. */
    @Test
    void deterministicModeReproducesALossByteForByte(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("unlocked.conf");
        Files.writeString(file, scenario("unlocked-counter", 64, "deterministic", 4));
        List<String> preempt = List.of("schedule.preemptions=16", "schedule.preemption=100us", "schedule.within=1ms");
        long[] counts = new long[2];
        for (int seed = 2; seed <= 3; seed++) {
            Path out = tmp.resolve("seed-" + seed);
            String[] set = {"seed=" + seed, preempt.get(0), preempt.get(1), preempt.get(2)};
            DeterminismAcrossThreads.check(file, out, set);
            String q0 = new ObjectMapper().readTree(out.resolve("threads-1/report.json").toFile())
                    .get("devices").get(0).get("state").get("q0").asText();
            counts[seed - 2] = Long.decode(q0);
            assertTrue(counts[seed - 2] < 256, "seed " + seed + " lost updates: " + q0);
        }
        assertNotEquals(counts[0], counts[1], "two seeds, two interleavings, two losses");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stress", "deterministic"})
    void atomicTicketsAreEachDrawnOnce(String mode) throws IOException {
        for (int vcpus : new int[] {64, 1024}) {
            RunResult r = run("atomic-tickets", vcpus, mode, 2);
            allHalted(r, vcpus);
            assertEquals(2L * vcpus, q0(r, "drawn0"), vcpus + " vCPUs, " + mode);
            assertEquals(0, q0(r, "wrong0"), "every ticket marked exactly once");
            assertEquals(1, r.devices().get(2).writes, "one vCPU, the last, reported");
        }
    }
}
