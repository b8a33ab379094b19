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
        try {
            for (int i = 0; i < count; i++) {
                long seed = first + i;
                futures.add(pool.submit(() -> Simulator.stopRequested() ? null : one(scenarioFor.apply(seed), seed,
                        progress)));
            }
            List<Seed> seeds = new ArrayList<>();
            for (Future<Seed> f : futures) {
                Seed s = f.get();
                if (s != null) {
                    seeds.add(s);
                }
            }
            return summarise(seeds, scenarioFor.apply(first), Simulator.stopRequested());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Seed one(Scenario s, long seed, RunProgress progress) {
        RunResult r;
        try (Simulator sim = new Simulator(s)) {
            r = sim.run(SimRun.wire(s));
        }
        Campaign.Sample sample = Campaign.grade(s, 0, r, false);
        long[] orders = r.devices().stream().mapToLong(d -> d.order.interleaving).toArray();
        if (progress != null) {
            progress.seedDone(r.totalExits());
        }
        return new Seed(seed, sample, orders, r.totalExits());
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
