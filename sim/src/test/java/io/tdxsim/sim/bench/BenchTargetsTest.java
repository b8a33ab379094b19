package io.tdxsim.sim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.run.DispatcherSetting;
import io.tdxsim.sim.scenario.DispatcherExecutor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench measures against the best dispatcher it found and grades the issue's targets. */
class BenchTargetsTest {

    private static DispatcherSweep.Entry entry(DispatcherSetting s, double rate) {
        Series series = new Series(s.label());
        series.add((long) rate, 1_000_000_000L, null);
        return new DispatcherSweep.Entry(s, series);
    }

    private static final DispatcherSetting FAST = new DispatcherSetting(DispatcherExecutor.AFFINITY_POOL, 4, 1000);

    private static DispatcherSweep.Result sweep(int senders, double shippedRate) {
        return new DispatcherSweep.Result(senders, List.of(entry(FAST, 1_000_000),
                entry(DispatcherSetting.shippedFor(senders), shippedRate)));
    }

    @Test
    void eachRowsLimitRunsOnTheBestSettingOfTheNearestSweptCountBelowIt() {
        DispatcherSweep.Result at64 = new DispatcherSweep.Result(64, List.of(entry(FAST, 2e6)));
        DispatcherSetting other = new DispatcherSetting(DispatcherExecutor.THREAD_POOL, 2, 5);
        DispatcherSweep.Result at4096 = new DispatcherSweep.Result(4096, List.of(entry(other, 1e6)));
        List<DispatcherSweep.Result> sweeps = List.of(at64, at4096);
        assertEquals(FAST, Bench.limitSetting(sweeps, 1));
        assertEquals(FAST, Bench.limitSetting(sweeps, 64));
        assertEquals(other, Bench.limitSetting(sweeps, 4096));
        assertEquals(other, Bench.limitSetting(sweeps, 65536));
        assertEquals(DispatcherSetting.shippedFor(64), Bench.limitSetting(List.of(), 64));
    }

    @Test
    void aRowAtACountTheSweepSkippedAlsoTimesTheShippedSettingForItsLimit() {
        DispatcherSetting other = new DispatcherSetting(DispatcherExecutor.THREAD_POOL, 2, 5);
        List<DispatcherSweep.Result> sweeps = List.of(new DispatcherSweep.Result(4096, List.of(entry(other, 1e6))));
        assertEquals(List.of(other), Bench.limitSettings(sweeps, 4096));
        assertEquals(List.of(other, DispatcherSetting.shippedFor(64)), Bench.limitSettings(sweeps, 64));
        assertEquals(List.of(other, DispatcherSetting.shippedFor(65536)), Bench.limitSettings(sweeps, 65536));
        DispatcherSetting shipped = DispatcherSetting.shippedFor(4096);
        List<DispatcherSweep.Result> shippedBest = List.of(new DispatcherSweep.Result(4096, List.of(entry(shipped, 1e6))));
        assertEquals(List.of(shipped), Bench.limitSettings(shippedBest, 65536), "the best is what ships there");
        // what ships for one vCPU has no serving thread, so it is timed beside the 4,096 best
        assertEquals(List.of(shipped, DispatcherSetting.shippedFor(1)), Bench.limitSettings(shippedBest, 1));
    }

    @Test
    void aShippedDispatcherFarBelowTheBestIsAMissedTarget() {
        Targets.Check slow = shippedCheck(sweep(4096, 600_000));
        assertTrue(slow.measured());
        assertFalse(slow.met(), "60% of the best");
        assertEquals(2, sweep(4096, 600_000).shippedRank());
        assertTrue(shippedCheck(sweep(4096, 950_000)).met(), "within noise of the best");
    }

    private static Targets.Check shippedCheck(DispatcherSweep.Result sweep) {
        return Targets.check(List.of(), List.of(sweep), List.of(), Map.of(), null, false).stream()
                .filter(c -> c.name().startsWith("shipped dispatcher")).findFirst().orElseThrow();
    }

    @Test
    void theShippedDispatcherIsAlsoGradedOnTdxsimsOwnExits() {
        DispatcherSweep.Result simulated = sweep(4096, 700_000);
        List<Targets.Check> checks = Targets.check(List.of(), List.of(sweep(4096, 990_000)), List.of(simulated), Map.of(),
                null, false);
        Targets.Check raw = checks.stream().filter(c -> c.name().endsWith("of the best raw")).findFirst().orElseThrow();
        Targets.Check own = checks.stream().filter(c -> c.name().contains("windowed stress at 4096")
                && c.name().startsWith("shipped")).findFirst().orElseThrow();
        assertTrue(raw.met());
        assertEquals(0.7, own.actual(), 1e-9);
        assertFalse(own.met(), "70% of tdxsim's best setting");
    }

    @Test
    void heapAndMillionSpawnTargetsAreTheIssues() {
        BenchRow million = new BenchRow(BenchPlan.MILLION);
        million.footprint = new IdleFootprint.Result(BenchPlan.MILLION, 1500, 7_000_000_000L, 800, 6_000_000_000L);
        List<Targets.Check> checks = Targets.check(List.of(million), List.of(), List.of(), Map.of(), null, true);
        Targets.Check heap = checks.stream().filter(c -> c.name().startsWith("heap per idle")).findFirst().orElseThrow();
        Targets.Check spawn = checks.stream().filter(c -> c.name().endsWith("spawned")).findFirst().orElseThrow();
        assertEquals(1024, heap.required());
        assertFalse(heap.met());
        assertEquals(7.0, spawn.actual(), 1e-9);
        assertFalse(spawn.met(), "7 s is over 5 s");
    }

    private static BenchRow row(int vcpus, double stress, CoreHandOff.Span handOff) {
        BenchRow r = new BenchRow(vcpus);
        r.stress.add((long) stress, 1_000_000_000L, null);
        r.deterministic.add((long) stress, 1_000_000_000L, null);
        r.raw.add(2_000_000, 1_000_000_000L, null);
        r.handOff = handOff;
        return r;
    }

    private static Targets.Check named(List<Targets.Check> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void rowsRunAtDifferentCrossCoreHandOffsAreComparedWithACaveat() {
        CoreHandOff.Span near = new CoreHandOff.Span(70, 72);
        CoreHandOff.Span apart = new CoreHandOff.Span(330, 366);
        List<Targets.Check> moved = Targets.check(List.of(row(64, 1.7e6, near), row(65536, 0.8e6, apart)), List.of(),
                List.of(), Map.of(), null, false);
        Targets.Check scale = named(moved, "stress at 65536 vCPUs, of stress at 64");
        assertFalse(scale.met());
        assertEquals("rows ran at cross-core hand-offs of 330-366 ns (65536 vCPUs) and 70-72 ns (64)", scale.caveat());
        assertNull(named(moved, "windowed stress at 64 vCPUs, of raw limit").caveat(), "the row itself held still");
        List<Targets.Check> still = Targets.check(List.of(row(64, 1.7e6, near), row(65536, 0.8e6, new CoreHandOff.Span(75, 80))),
                List.of(), List.of(), Map.of(), null, false);
        assertNull(named(still, "stress at 65536 vCPUs, of stress at 64").caveat());
    }

    @Test
    void aSweepDuringWhichTheHandOffMovedSaysSo() {
        Targets.Check moved = Targets.check(List.of(), List.of(sweep(64, 400_000)), List.of(),
                Map.of(64, new CoreHandOff.Span(71, 340)), null, false).get(0);
        assertEquals("cross-core hand-off moved (71-340 ns) during the sweep", moved.caveat());
        Targets.Check steady = Targets.check(List.of(), List.of(sweep(64, 400_000)), List.of(),
                Map.of(64, new CoreHandOff.Span(71, 74)), null, false).get(0);
        assertNull(steady.caveat());
    }

    @Test
    void theHandOffProbeTimesARealRoundTripBetweenTwoThreads() {
        double ns = CoreHandOff.measure();
        assertTrue(ns > 1 && ns < 1e6, "a round trip of " + ns + " ns");
    }

    private static String handOffLine(double atStart, CoreHandOff.Span row) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        BenchTable.handOff(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), atStart,
                Map.of(4096, new CoreHandOff.Span(74, 76)), List.of(row(64, 1e6, row)));
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theHandOffLineSaysWhenTheHostMovedTheProcessorsDuringTheBench() {
        String steady = handOffLine(75, new CoreHandOff.Span(73, 80));
        assertTrue(steady.contains("75 ns at the start; sweep at 4,096 74-76 ns; 64 vCPUs 73-80 ns"), steady);
        assertFalse(steady.contains("moved"), steady);
        String moved = handOffLine(75, new CoreHandOff.Span(74, 330));
        assertTrue(moved.contains("64 vCPUs 74-330 ns -- the host moved this machine's processors"), moved);
    }
}
