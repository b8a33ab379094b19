package io.tdxsim.sim.run;

import io.tdxsim.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * Many seeds of one scenario in deterministic mode, each seed one schedule, run in parallel and
 * graded as jcstress grades samples. Every figure is gathered in seed order, so the result does
 * not depend on how many run at once.
 *
 * @param seeds        one result per seed, in seed order
 * @param tallies      per distinct outcome key, in first-seen seed order
 * @param interleavings per device: distinct served orders seen, and the seed that showed the last new one
 */
public record Exploration(List<Seed> seeds, List<Campaign.Tally> tallies, List<Interleavings> interleavings,
                          boolean stopped) {

    /** What one seed gave. */
    public record Seed(long seed, Campaign.Sample sample, long[] orders, long exits) { }

    public record Interleavings(String device, int distinct, long lastNewSeed) { }

    /**
     * @param scenarioFor the scenario for a seed (deterministic, one dispatcher thread)
     * @param jobs        how many seeds run at once
     */
    public static Exploration run(LongFunction<Scenario> scenarioFor, long first, int count, int jobs,
                                  RunProgress progress) {
        Simulator.clearStop();
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "tdxsim-explore");
            t.setDaemon(true);
            return t;
        });
        List<Future<Seed>> futures = new ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Runner> idle = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Runner> runners = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            for (int i = 0; i < count; i++) {
                long seed = first + i;
                futures.add(pool.submit(() -> {
                    if (Simulator.stopRequested()) {
                        return null;
                    }
                    Runner runner = idle.poll();
                    if (runner == null) {
                        runner = new Runner();
                        runners.add(runner);
                    }
                    try {
                        return runner.run(scenarioFor.apply(seed), seed, progress);
                    } finally {
                        idle.add(runner);
                    }
                }));
            }
            List<Seed> seeds = new ArrayList<>();
            for (Future<Seed> f : futures) {
                Seed s = f.get();
                if (s != null) {
                    seeds.add(s);
                }
            }
            return merge(seeds, scenarioFor.apply(first), Simulator.stopRequested());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            runners.forEach(Runner::close);
        }
    }

    /**
     * Runs one seed after another on one actor system, as one job of an exploration: the one
     * code path for every seed, whether it runs in this JVM or on a cluster worker. The system's
     * start-up is paid once; what it is configured by (one dispatcher thread) is the same for
     * every seed explore runs.
     */
    public static final class Runner implements AutoCloseable {

        private Simulator sim;

        public Seed run(Scenario s, long seed, RunProgress progress) {
            if (sim == null) {
                sim = new Simulator(s);
            }
            RunResult r = sim.run(s, SimRun.wire(s));
            Campaign.Sample sample = Campaign.grade(s, 0, r, false);
            long[] orders = r.devices().stream().mapToLong(d -> d.order.interleaving).toArray();
            if (progress != null) {
                progress.seedDone(r.totalExits());
            }
            return new Seed(seed, sample, orders, r.totalExits());
        }

        @Override
        public void close() {
            if (sim != null) {
                sim.close();
                sim = null;
            }
        }
    }

    /**
     * The exploration of these seeds' results, whatever order they came in (a cluster returns
     * them as workers finish): they are taken in seed order, one result per seed.
     *
     * @param s the scenario of the first seed (its devices and grade rules)
     */
    public static Exploration merge(java.util.Collection<Seed> results, Scenario s, boolean stopped) {
        java.util.TreeMap<Long, Seed> bySeed = new java.util.TreeMap<>();
        for (Seed seed : results) {
            bySeed.putIfAbsent(seed.seed(), seed);
        }
        return summarise(new ArrayList<>(bySeed.values()), s, stopped);
    }

    private static Exploration summarise(List<Seed> seeds, Scenario s, boolean stopped) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, Campaign.Sample> firstOf = new LinkedHashMap<>();
        for (Seed seed : seeds) {
            counts.computeIfAbsent(seed.sample().key(), k -> new long[1])[0]++;
            firstOf.putIfAbsent(seed.sample().key(), seed.sample());
        }
        List<Campaign.Tally> tallies = new ArrayList<>();
        counts.forEach((key, n) -> {
            Campaign.Sample first = firstOf.get(key);
            tallies.add(new Campaign.Tally(key, n[0], first.grade(), first.rule(), Campaign.description(s, first)));
        });
        List<Interleavings> interleavings = new ArrayList<>();
        for (int d = 0; d < s.devices().size(); d++) {
            Set<Long> seen = new HashSet<>();
            long lastNew = -1;
            for (Seed seed : seeds) {
                if (seen.add(seed.orders()[d])) {
                    lastNew = seed.seed();
                }
            }
            interleavings.add(new Interleavings(s.devices().get(d).name(), seen.size(), lastNew));
        }
        return new Exploration(List.copyOf(seeds), tallies, interleavings, stopped);
    }

    /** Seeds whose outcome was interesting or forbidden, or whose checks failed, in seed order. */
    public List<Seed> notable() {
        return seeds.stream().filter(x -> x.sample().grade() == Scenario.Grade.ACCEPTABLE_INTERESTING
                || x.sample().grade() == Scenario.Grade.FORBIDDEN || !x.sample().exact() || !x.sample().complete())
                .toList();
    }

    public boolean anyForbidden() {
        return stopped || seeds.stream().anyMatch(x -> x.sample().grade() == Scenario.Grade.FORBIDDEN
                || !x.sample().exact() || !x.sample().complete());
    }
}
