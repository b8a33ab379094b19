package io.tdxsim.sim.bench;

import io.tdxsim.sim.run.DispatcherSetting;
import io.tdxsim.sim.run.SimSession;
import io.tdxsim.sim.scenario.DispatcherExecutor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The raw four-message round trip on every dispatcher configuration that matters (executor kind,
 * threads, throughput), round by round in turn so noise hits them alike. The best median is the
 * limit tdxsim is measured against; where the shipped setting ranks says whether it should ship.
 */
final class DispatcherSweep {

    /** One configuration's rounds at one sender count. */
    record Entry(DispatcherSetting setting, Series series) { }

    /** Everything measured at one sender count, best first. */
    record Result(int senders, List<Entry> entries) {
        Entry best() {
            return entries.get(0);
        }

        /** 1 for the best; the shipped setting's place among all. */
        int shippedRank() {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).setting().equals(DispatcherSetting.shippedFor(senders))) {
                    return i + 1;
                }
            }
            return -1;
        }

        Entry shipped() {
            return entries.get(shippedRank() - 1);
        }
    }

    static final int[] THROUGHPUTS = {5, 100, 1000};

    private DispatcherSweep() {
    }

    /**
     * Executors by threads (one, the processors, and twice as many unless quick) by throughput;
     * with as many threads as processors, also with the VMM and device on a serving thread of
     * their own. One thread is in because an exit with little guest work between its messages can
     * run faster without a single cross-core hand-over: on some hosts that is the limit there is.
     */
    static List<DispatcherSetting> settings(boolean quick) {
        int cores = Runtime.getRuntime().availableProcessors();
        int[] threadCounts = java.util.stream.IntStream.of(1, cores, quick ? cores : 2 * cores).distinct().toArray();
        List<DispatcherSetting> all = new ArrayList<>();
        for (DispatcherExecutor e : DispatcherExecutor.values()) {
            for (int threads : threadCounts) {
                for (int serving : threads == cores ? new int[] {0, 1} : new int[] {0}) {
                    for (int throughput : THROUGHPUTS) {
                        // threads 0 is "the processors", as the shipped setting says it
                        all.add(new DispatcherSetting(e, threads == cores ? 0 : threads, throughput, serving));
                    }
                }
            }
        }
        return all;
    }

    static Result measure(BenchPlan plan, int senders) {
        List<DispatcherSetting> settings = settings(plan.quick());
        List<Entry> entries = new ArrayList<>();
        List<RawRounds> rounds = new ArrayList<>();
        // three rounds even when quick: the best of nine two-round medians is mostly the luckiest round
        double roundSeconds = plan.quick() ? 0.2 : 0.4;
        for (DispatcherSetting s : settings) {
            Series series = new Series(s.label());
            RawRounds r = new RawRounds(SimSession.actorConfig(s), senders, series);
            rounds.add(r);
            entries.add(new Entry(s, series));
            r.warmUp(plan, roundSeconds);
        }
        int timed = 3;
        for (int i = 0; i < timed; i++) {
            for (RawRounds r : rounds) {
                r.round();
            }
        }
        entries.sort(Comparator.comparingDouble((Entry e) -> e.series().median()).reversed());
        return new Result(senders, List.copyOf(entries));
    }

    /** Settings of the raw sweep tdxsim itself is timed on: the best three, then more (see below). */
    static final int SIMULATED_BEST = 3;

    /**
     * The settings tdxsim is timed on: the raw sweep's best three, the best of each executor kind
     * not among them (an executor that loses on bare messages may win once actors work between
     * them, as a pool whose idle threads poll can), and the shipped one.
     */
    static List<DispatcherSetting> simulated(Result raw) {
        List<DispatcherSetting> settings = new ArrayList<>();
        for (Entry e : raw.entries().subList(0, Math.min(SIMULATED_BEST, raw.entries().size()))) {
            settings.add(e.setting());
        }
        for (Entry e : raw.entries()) {         // best first: the first of a kind is its best
            if (settings.stream().noneMatch(s -> s.executor() == e.setting().executor())) {
                settings.add(e.setting());
            }
        }
        DispatcherSetting shipped = DispatcherSetting.shippedFor(raw.senders());
        if (!settings.contains(shipped)) {
            settings.add(shipped);
        }
        return settings;
    }

    /**
     * Windowed stress at the raw sweep's sender count on {@link #simulated} settings, round by
     * round in turn: the setting that is best for the raw messages need not be best for tdxsim,
     * whose actors do work between them, and the shipped one should be tdxsim's best.
     */
    static Result measureSimulation(BenchPlan plan, Result raw) {
        List<DispatcherSetting> settings = simulated(raw);
        List<Entry> entries = new ArrayList<>();
        List<SimRounds> rounds = new ArrayList<>();
        try {
            for (DispatcherSetting s : settings) {
                Series series = new Series(s.label());
                SimRounds r = new SimRounds(raw.senders(), BenchMode.STRESS, series, s);
                rounds.add(r);
                entries.add(new Entry(s, series));
                r.warmUp(plan);
            }
            for (int i = 0; i < 3; i++) {
                for (SimRounds r : rounds) {
                    r.round();
                }
            }
        } finally {
            rounds.forEach(SimRounds::close);
        }
        entries.sort(Comparator.comparingDouble((Entry e) -> e.series().median()).reversed());
        return new Result(raw.senders(), List.copyOf(entries));
    }
}
