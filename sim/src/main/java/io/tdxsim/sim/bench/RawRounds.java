package io.tdxsim.sim.bench;

import com.typesafe.config.Config;
import io.tdxsim.sim.run.StripedHistogram;

/**
 * The raw limit at one sender count on one dispatcher, sized by its warm-up like {@link SimRounds}.
 * Each round has an actor system of its own, shut down after it: an idle pool must not take CPU
 * from what is measured next (the affinity pool's threads spin before they park).
 */
final class RawRounds implements AutoCloseable {
    private final Config config;
    private final int senders;
    private final Series series;
    private int trips;

    RawRounds(Config config, int senders, Series series) {
        this.config = config;
        this.senders = senders;
        this.series = series;
    }

    void warmUp(BenchPlan plan) {
        warmUp(plan, plan.roundSeconds());
    }

    /** Warms up, then sizes the timed rounds to last about {@code roundSeconds}. */
    void warmUp(BenchPlan plan, double roundSeconds) {
        BenchPlan sized = plan.withRoundSeconds(roundSeconds);
        trips = (int) Sizing.guess(sized, senders);
        double rate = 0;
        try (RawPingPong raw = new RawPingPong(config)) {
            for (int w = 0; w < plan.warmups(); w++) {
                long ns = raw.round(senders, trips, new StripedHistogram(3));
                rate = (double) senders * trips * 1e9 / ns;
            }
        }
        trips = (int) Sizing.perVcpu(sized, senders, rate);
    }

    void round() {
        StripedHistogram latency = new StripedHistogram(3);
        try (RawPingPong raw = new RawPingPong(config)) {
            long ns = raw.round(senders, trips, latency);
            series.add((long) senders * trips, ns, latency.merged());
        }
    }

    @Override
    public void close() {
        // every round closed its own system
    }
}
