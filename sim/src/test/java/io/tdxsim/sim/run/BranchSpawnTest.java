package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vcpu.VcpuSpawner;
import org.junit.jupiter.api.Test;

/** A run of more vCPUs than one branch spawns: every vCPU runs and is counted once, however the run ends. */
class BranchSpawnTest {

    private static final int VCPUS = 2 * VcpuSpawner.PER_BRANCH + 500;

    private static RunResult run(String end, long exits) {
        String text = """
                tdxsim {
                  name = branches
                  run.timeout = 30s
                  %s
                  devices = [ { name = dev, model = scratch, base = 0xfe000000 } ]
                  vcpus = [ { count = %d, workload { targets = [dev], exits = %d } } ]
                }
                """.formatted(end, VCPUS, exits);
        return SimRun.run(ScenarioLoader.fromText(text, "branches.conf"));
    }

    @Test
    void everyVcpuOfEveryBranchRunsToItsEnd() {
        RunResult r = run("", 3);
        assertTrue(r.complete());
        assertEquals((long) VCPUS, r.outcomes().get("HALTED"));
        assertEquals(3L * VCPUS, r.totalExits());
        assertTrue(r.accounting().exact(), () -> r.accounting().mismatches().toString());
    }

    @Test
    void aRunStoppedWhileBranchesMaySpawnStillCountsEachVcpuOnce() {
        // a wall-clock stop after 1 ms: some branches may not have answered with their vCPUs yet
        RunResult r = run("run.duration = 1ms\n  run.max-instructions = 100000000000", 10_000_000);
        assertEquals(VCPUS, r.outcomes().values().stream().mapToLong(Long::longValue).sum(), r.outcomes()::toString);
        assertFalse(r.outcomes().containsKey("HALTED"), r.outcomes()::toString);
        assertTrue(r.accounting().exact(), () -> r.accounting().mismatches().toString());
        assertEquals(r.accounting().issued(),
                r.accounting().answered() + r.accounting().lateAnswers() + r.accounting().inFlight());
    }
}
