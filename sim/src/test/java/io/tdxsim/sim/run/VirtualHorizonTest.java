package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vcpu.VcpuResult;
import org.junit.jupiter.api.Test;

/** A run cut at its virtual-time horizon has run at least that long, whatever its held vCPUs' clocks say. */
class VirtualHorizonTest {

    private static RunResult heldAt(String horizon) {
        return SimRun.run(ScenarioLoader.fromText("""
                tdxsim {
                  name = horizon
                  mode = deterministic
                  run.virtual-duration = %s
                  devices = [ { name = ctr, model = counter, base = 0xfe000000 } ]
                  vcpus = [ { count = 1, workload { targets = [ctr], offsets = [0], read = 100%%, sizes = [4],
                                                    exits = 1000000 } } ]
                }
                """.formatted(horizon), "horizon.conf"));
    }

    private static long clock(RunResult r) {
        return r.sample().stream().mapToLong(VcpuResult::vt).max().orElseThrow();
    }

    /** Its call sent at 22.4us arrives after 23us and is held: nothing was left to happen before 23us. */
    @Test
    void aVcpuHeldShortOfTheHorizonStillMeansTheRunReachedIt() {
        RunResult r = heldAt("23us");
        assertTrue(r.complete(), "ending at the horizon is the plan");
        assertEquals(1L, r.outcomes().get("RUNNING"), r.outcomes()::toString);
        assertTrue(clock(r) < 23_000, "the held vCPU's clock stops short of the horizon: " + clock(r));
        assertEquals(23_000, r.virtualNanos());
    }

    /** A vCPU that ran past the horizon before its next call was held: the run's time is its clock. */
    @Test
    void aVcpuThatRanPastTheHorizonSetsTheRunsTime() {
        RunResult r = heldAt("20us");
        assertTrue(clock(r) > 20_000, "the vCPU computed past the horizon before its call: " + clock(r));
        assertEquals(clock(r), r.virtualNanos());
    }
}
