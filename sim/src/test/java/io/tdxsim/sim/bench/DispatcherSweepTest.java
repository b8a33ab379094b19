package io.tdxsim.sim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tdxsim.sim.run.DispatcherSetting;
import io.tdxsim.sim.scenario.DispatcherExecutor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which dispatcher settings tdxsim itself is timed on after the raw sweep. */
class DispatcherSweepTest {

    private static DispatcherSweep.Entry entry(DispatcherExecutor executor, int throughput, double rate) {
        DispatcherSetting s = new DispatcherSetting(executor, 2, throughput);
        Series series = new Series(s.label());
        series.add((long) rate, 1_000_000_000L, null);
        return new DispatcherSweep.Entry(s, series);
    }

    @Test
    void tdxsimRunsOnTheBestThreeTheBestOfEveryOtherExecutorAndTheShippedSetting() {
        DispatcherSweep.Result raw = new DispatcherSweep.Result(4096, List.of(
                entry(DispatcherExecutor.FORK_JOIN, 1000, 9e5),
                entry(DispatcherExecutor.FORK_JOIN, 100, 8e5),
                entry(DispatcherExecutor.FORK_JOIN, 5, 7e5),
                entry(DispatcherExecutor.SPIN_POOL, 5, 6e5),
                entry(DispatcherExecutor.SPIN_POOL, 100, 5e5),
                entry(DispatcherExecutor.THREAD_POOL, 1000, 4e5),
                entry(DispatcherExecutor.AFFINITY_POOL, 100, 3e5),
                entry(DispatcherExecutor.THREAD_POOL, 100, 2e5)));
        List<DispatcherSetting> expected = List.of(raw.entries().get(0).setting(), raw.entries().get(1).setting(),
                raw.entries().get(2).setting(), raw.entries().get(3).setting(), raw.entries().get(5).setting(),
                raw.entries().get(6).setting());
        List<DispatcherSetting> simulated = DispatcherSweep.simulated(raw);
        assertEquals(expected, simulated.subList(0, expected.size()));
        DispatcherSetting shipped = DispatcherSetting.shippedFor(raw.senders());
        assertEquals(expected.contains(shipped) ? expected.size() : expected.size() + 1, simulated.size());
        assertEquals(shipped, simulated.stream().filter(shipped::equals).findFirst().orElse(null));
    }

    @Test
    void theSweepTriesTheShippedSettingQuickOrNot() {
        for (boolean quick : new boolean[] {true, false}) {
            List<DispatcherSetting> settings = DispatcherSweep.settings(quick);
            for (int senders : Bench.SWEPT) {
                assertEquals(true, settings.contains(DispatcherSetting.shippedFor(senders)), "quick " + quick);
            }
            assertEquals(settings.size(), new java.util.HashSet<>(settings).size(), "each setting once");
        }
    }

    @Test
    void theSweepTriesEveryExecutorOnOneThreadToo() {
        for (boolean quick : new boolean[] {true, false}) {
            for (DispatcherExecutor e : DispatcherExecutor.values()) {
                for (int throughput : DispatcherSweep.THROUGHPUTS) {
                    assertEquals(true, DispatcherSweep.settings(quick).contains(new DispatcherSetting(e, 1, throughput, 0)),
                            e + " " + throughput + " quick " + quick);
                }
            }
        }
        assertEquals("spin-pool 1 thread, throughput 100",
                new DispatcherSetting(DispatcherExecutor.SPIN_POOL, 1, 100, 0).label());
    }
}
