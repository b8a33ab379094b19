package io.tdxsim.sim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.run.DispatcherSetting;
import io.tdxsim.sim.scenario.DispatcherExecutor;
import java.util.List;
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
        return Targets.check(List.of(), List.of(sweep), List.of(), null, false).stream()
                .filter(c -> c.name().startsWith("shipped dispatcher")).findFirst().orElseThrow();
    }

    @Test
    void theShippedDispatcherIsAlsoGradedOnTdxsimsOwnExits() {
        DispatcherSweep.Result simulated = sweep(4096, 700_000);
        List<Targets.Check> checks = Targets.check(List.of(), List.of(sweep(4096, 990_000)), List.of(simulated), null,
                false);
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
        List<Targets.Check> checks = Targets.check(List.of(million), List.of(), List.of(), null, true);
        Targets.Check heap = checks.stream().filter(c -> c.name().startsWith("heap per idle")).findFirst().orElseThrow();
        Targets.Check spawn = checks.stream().filter(c -> c.name().endsWith("spawned")).findFirst().orElseThrow();
        assertEquals(1024, heap.required());
        assertFalse(heap.met());
        assertEquals(7.0, spawn.actual(), 1e-9);
        assertFalse(spawn.met(), "7 s is over 5 s");
    }
}
