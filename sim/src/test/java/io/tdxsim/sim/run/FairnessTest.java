package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vmm.DeviceStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class FairnessTest {

    private static DeviceStats served(String name, long... perVcpu) {
        DeviceStats d = new DeviceStats(name);
        for (int v = 0; v < perVcpu.length; v++) {
            for (long seq = 1; seq <= perVcpu[v]; seq++) {
                d.order.serve(v, seq);
            }
        }
        d.waitNs.recordValue(1234);
        return d;
    }

    private static Fairness.PerVcpu waits(long[] exits, long[] wait) {
        return new Fairness.PerVcpu(exits, wait, wait.clone());
    }

    @Test
    void jainsIndexIsOneForEqualSharesAndOneOverNWhenOneVcpuTakesAll() {
        Fairness f = new Fairness(waits(new long[4], new long[4]), List.of(served("even", 5, 5, 5, 5),
                served("hog", 0, 20, 0, 0, 0), served("half", 2, 1, 0, 0), served("idle")));
        assertEquals(1.0, f.devices().get(0).jain(), 1e-9);
        assertEquals(1.0, f.devices().get(1).jain(), 1e-9, "over the vCPUs it served: only one");
        assertEquals(9.0 / 10, f.devices().get(2).jain(), 1e-9, "(2+1)^2 / (2 * (4+1))");
        assertEquals(2, f.devices().get(2).vcpus());
        assertEquals(1234, f.devices().get(0).longestWaitNs(), 1);
        assertEquals(0, f.devices().get(3).vcpus());
    }

    @Test
    void theSpreadOfMeanWaitsAndTheMostWaitingVcpu() {
        long[] exits = {10, 10, 10, 0};
        long[] wait = {100, 3000, 500, 0};
        Fairness f = new Fairness(waits(exits, wait), List.of());
        assertEquals(300, f.meanWaitPercentileNs(100));
        assertEquals(10, f.meanWaitPercentileNs(50));
        assertEquals(1, f.mostWaiting());
        assertEquals(0, f.perVcpu().meanWaitNs(3), "no exits, no wait");
    }

    @Test
    void aRunCountsEveryVcpuNotASample() {
        String text = """
                tdxsim {
                  name = many
                  mode = deterministic
                  devices = [ { name = ctr, model = counter, base = 0xfe000000, service = 400ns } ]
                  vcpus = [ { count = 300, workload { targets = [ctr], offsets = [0], read = 100%, sizes = [4], exits = 3 } } ]
                }
                """;
        RunResult r = SimRun.run(ScenarioLoader.fromText(text, "many.conf"));
        Fairness f = r.fairness();
        assertEquals(300, f.perVcpu().size());
        for (int v = 0; v < 300; v++) {
            assertEquals(3, f.perVcpu().exits()[v], "vcpu " + v);
        }
        assertEquals(300, f.devices().get(0).vcpus());
        assertEquals(1.0, f.devices().get(0).jain(), 1e-9, "every vCPU read three times");
        // one register at 400ns for 300 vCPUs: the last in line waits about 300 x 400ns
        assertEquals(true, f.meanWaitPercentileNs(100) > 100_000, () -> "max mean wait " + f.meanWaitPercentileNs(100));
    }
}
