package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.ScenarioLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stress mode's window bounds the virtual-time figures: a hot register read by many vCPUs at
 * once gives the elapsed time, utilisation and exit-latency percentiles of deterministic mode,
 * within 10%, on a dispatcher of several threads where arrival order is the host's.
 */
class StressWindowTest {

    private static RunResult run(String mode) {
        String text = """
                tdxsim {
                  name = hot-register
                  mode = %s
                  run.dispatcher-threads = 4
                  devices = [ { name = ctr, model = counter, base = 0xfe000000, service = 400ns } ]
                  vcpus = [ { count = 512, workload { targets = [ctr], offsets = [0], read = 100%%, sizes = [4], exits = 10 } } ]
                }
                """.formatted(mode);
        return SimRun.run(ScenarioLoader.fromText(text, "hot-register.conf"));
    }

    private static void within10Percent(String what, double expected, double actual) {
        assertTrue(Math.abs(actual - expected) <= 0.10 * expected,
                () -> what + ": stress " + actual + " against deterministic " + expected);
    }

    @Test
    void stressFiguresStayWithinTenPercentOfDeterministicMode() {
        RunResult det = run("deterministic");
        for (RunResult stress : List.of(run("stress"), run("stress"))) {
            assertEquals(5120, stress.totalExits());
            within10Percent("virtual elapsed", det.virtualNanos(), stress.virtualNanos());
            within10Percent("utilisation", det.devices().get(0).busyNs / (double) det.virtualNanos(),
                    stress.devices().get(0).busyNs / (double) stress.virtualNanos());
            for (double p : new double[] {50, 99}) {
                within10Percent("p" + (int) p, det.exits().total().latencyNs.getValueAtPercentile(p),
                        stress.exits().total().latencyNs.getValueAtPercentile(p));
            }
            assertTrue(stress.vmm().distortion.maxNs() <= 500, "never overtaken by more than the window");
        }
    }
}
