package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vmm.DeviceStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/device-timers.conf: device timers fire at their virtual time in a run, and a run ends with later ones pending. */
class DeviceTimersScenarioTest {

    private static DeviceStats device(RunResult r, String name) {
        return r.devices().stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
    }

    private static RunResult run(String... overrides) {
        return SimRun.run(ScenarioLoader.load(ShippedScenarios.file("device-timers.conf"), List.of(overrides)));
    }

    @Test
    void comparatorMatchesAndFactorialsHappenAtTheirTimeUpToTheRunsEnd() {
        RunResult r = run();
        assertTrue(r.complete());
        DeviceStats hpet = device(r, "hpet0");
        long matches = (Long) hpet.state.get("interrupts-t0");
        long counter = (Long) hpet.state.get("counter");
        assertEquals(matches, counter / 100, "one match per 100 ticks the counter ran, none lagging");
        assertEquals(matches, hpet.timersFired);
        assertEquals(1, hpet.timersPending, "the next period, due after the last vCPU halted");
        // the counter ran from the enable to the run's end: its 10ns ticks span all but the first exits
        assertTrue(counter * 10 > r.virtualNanos() - 30_000 && counter * 10 <= r.virtualNanos(), counter + " ticks, end " + r.virtualNanos());
        DeviceStats edu2 = device(r, "edu2");
        assertEquals(11L, edu2.state.get("factorials"), "the last factorial finished though no one looked");
        assertEquals(0L, edu2.state.get("status"));
        assertEquals(720L, edu2.state.get("factorial"));
        assertEquals(3628800L, device(r, "edu1").state.get("factorial"));
        assertEquals(0, r.vmm().lookaheadMisses);
    }

    @Test
    void aTimerDueAfterTheLastVcpuHaltedIsLeftPending() {
        RunResult r = run("vcpus=[{count=1, program=fact2}]");
        DeviceStats edu2 = device(r, "edu2");
        assertEquals(10L, edu2.state.get("factorials"));
        assertEquals(1L, edu2.state.get("status"), "still computing at the end");
        assertEquals(1, edu2.timersPending);
    }

    @Test
    void stressModeFiresTheSameTimersAsTheVcpusGetThere() {
        RunResult r = run("mode=stress");
        assertEquals(11L, device(r, "edu2").state.get("factorials"));
        DeviceStats hpet = device(r, "hpet0");
        assertEquals((Long) hpet.state.get("counter") / 100, hpet.state.get("interrupts-t0"));
    }

    @Test
    void firingsAreInTheReportAndOnTheDeviceTrackOfTheTrace(@TempDir Path out) throws Exception {
        Cli.Outcome o = Cli.execute("run", "--no-progress", "--out", out.toString(),
                ShippedScenarios.file("device-timers.conf").toString());
        assertEquals(0, o.exit(), o::toString);
        assertTrue(o.out().contains("edu1: timers 10 fired, 0 still pending at the end"), o::toString);
        JsonNode devices = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("devices");
        assertEquals(10, devices.get(1).get("timers").get("fired").asLong());
        assertEquals(0, devices.get(1).get("timers").get("pending").asLong());
        long traced = Files.readAllLines(out.resolve("trace.json")).stream()
                .filter(l -> l.contains("\"name\":\"timer\"")).count();
        long fired = 0;
        for (JsonNode d : devices) {
            fired += d.get("timers").get("fired").asLong();
        }
        assertEquals(fired, traced);
    }
}
