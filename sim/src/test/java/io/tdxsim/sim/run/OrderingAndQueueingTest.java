package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vmm.DeviceStats;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderingAndQueueingTest {

    private static final String RACE = """
            tdxsim {
              name = race
              mode = %s
              devices = [ { name = counter0, model = counter, base = 0xfe000000 } ]
              vcpus = [ { count = 8, program = inc } ]
              programs.inc = \"\"\"
                  mov rdi, counter0
                  mov ecx, 50
              again:
                  mov rax, qword [rdi]
                  inc rax
                  mov qword [rdi], rax
                  dec ecx
                  jnz again
                  hlt
              \"\"\"
              outcomes {
                key = "{counter0.value}"
                repeat = %d
                grades = [
                  { id = "400", grade = ACCEPTABLE, desc = "no update lost" }
                  { id = ".*", grade = ACCEPTABLE_INTERESTING, desc = "updates lost" }
                ]
              }
              run.dispatcher-threads = %d
            }
            """;

    private static Scenario race(String mode, int repeat, int threads) {
        return ScenarioLoader.fromText(RACE.formatted(mode, repeat, threads), "race.conf");
    }

    /** Everything a deterministic run must reproduce exactly: final state, stats and every exit's timing. */
    private static String fingerprint(RunResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.virtualNanos()).append(r.outcomes()).append('\n');
        for (DeviceStats d : r.devices()) {
            sb.append(d.name).append(d.state).append(d.reads).append('/').append(d.writes).append('/')
                    .append(d.busyNs).append('/').append(d.waitNs.getMean()).append('\n');
        }
        ExitLog log = r.exits().log();
        java.util.List<ExitLog.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            rows.add(log.row(i));
        }
        rows.sort(java.util.Comparator.comparingLong(ExitLog.Row::exitVt).thenComparingInt(ExitLog.Row::vcpu)
                .thenComparingLong(ExitLog.Row::seq));
        rows.forEach(row -> sb.append(row).append('\n'));
        r.sample().forEach(v -> sb.append(java.util.Arrays.toString(v.gprs())).append(v.vt()).append('\n'));
        return sb.toString();
    }

    @Test
    void deterministicModeGivesIdenticalResultsRunToRunAndAtAnyDispatcherSize() {
        String first = fingerprint(SimRun.run(race("deterministic", 1, 1)));
        String again = fingerprint(SimRun.run(race("deterministic", 1, 1)));
        String wide = fingerprint(SimRun.run(race("deterministic", 1, 4)));
        assertEquals(first, again);
        assertEquals(first, wide);
    }

    @Test
    void stressCounterRaceLosesUpdatesAndReplayReproducesTheFinalCounter(@TempDir Path dir) throws Exception {
        Campaign c = SimRun.campaign(race("stress", 20, 2));
        Campaign.Sample lost = c.samples().stream()
                .filter(s -> s.grade() == Scenario.Grade.ACCEPTABLE_INTERESTING && s.schedules() != null)
                .findFirst().orElse(null);
        assertNotNull(lost, () -> "no lost update in 20 stress runs: " + c.tallies());
        assertTrue(Long.parseLong(lost.key()) < 400);

        List<Path> files;
        try (io.tdxsim.sim.report.StagedOutput out = io.tdxsim.sim.report.StagedOutput.open(dir)) {
            for (var file : ReplayRecording.contents(c).entrySet()) {
                out.stage(file.getKey(), file.getValue()::write);
            }
            files = out.commit();
        }
        ReplayRecording.Recorded rec = ReplayRecording.read(dir.resolve(ReplayRecording.fileName(lost.run())));
        assertTrue(files.contains(dir.resolve(ReplayRecording.fileName(lost.run()))));
        Scenario reloaded = ScenarioLoader.load(dir.resolve(ReplayRecording.SCENARIO_FILE), List.of());
        for (int i = 0; i < 3; i++) {
            RunResult replayed = SimRun.replay(reloaded, rec.schedules());
            assertEquals(lost.key(), Campaign.lookupValue(replayed, "counter0.value"),
                    "replay serves each device in the recorded order, so the counter ends the same");
        }
    }

    @Test
    void singleServerWithFixedServiceTimeQueuesAsTheoryPredicts() {
        int k = 4;
        int n = 25;
        long service = 1000;
        String text = """
                tdxsim {
                  name = queue
                  mode = deterministic
                  costs { instruction = 0ns, ve = 0ns, tdvmcall = 0ns, vmm = 0ns }
                  devices = [ { name = dev, model = scratch, base = 0xfe000000, service = %dns } ]
                  vcpus = [ { count = %d, workload { targets = [dev], read = 100%%, sizes = [4], exits = %d } } ]
                }
                """.formatted(service, k, n);
        RunResult r = SimRun.run(ScenarioLoader.fromText(text, "queue.conf"));
        DeviceStats dev = r.devices().get(0);
        assertEquals((long) k * n, dev.accesses());
        assertEquals(k * n * service, dev.busyNs, "the device is never idle: one call always waits");
        assertEquals(k * n * service, r.virtualNanos(), "throughput is one call per service time");
        // back to back, each vCPU waits for the other k-1 once the queue is full: latency k*S
        var latency = r.exits().device(0).latencyNs;
        assertEquals(k * service, latency.lowestEquivalentValue(latency.getValueAtPercentile(50)));
        assertEquals((k - 1) * service, dev.waitNs.lowestEquivalentValue(dev.waitNs.getValueAtPercentile(50)));
    }

    @Test
    void aConcurrentDeviceServesEveryCallOnArrivalAndKeepsEachVcpusOrder() {
        int k = 4;
        int n = 25;
        long service = 1000;
        String text = """
                tdxsim {
                  name = lockless
                  mode = deterministic
                  costs { instruction = 0ns, ve = 0ns, tdvmcall = 0ns, vmm = 0ns }
                  devices = [ { name = dev, model = scratch, base = 0xfe000000, service = %dns,
                                params { concurrent = true } } ]
                  vcpus = [ { count = %d, workload { targets = [dev], read = 50%%, sizes = [4], exits = %d } } ]
                }
                """.formatted(service, k, n);
        RunResult r = SimRun.run(ScenarioLoader.fromText(text, "lockless.conf"));
        DeviceStats dev = r.devices().get(0);
        assertEquals((long) k * n, dev.accesses(), "the pool's figures add up to every call");
        assertEquals(0, dev.waitNs.getMaxValue(), "nobody waits for a lockless device");
        assertEquals(n * service, r.virtualNanos(), "k vCPUs proceed in parallel in virtual time");
        assertEquals(0, dev.order.violations);
        assertTrue(r.accounting().exact(), () -> r.accounting().mismatches().toString());
    }
}
