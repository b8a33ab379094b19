package io.tdxsim.sim.bench;

import com.typesafe.config.Config;
import io.tdxsim.sim.run.SimSession;
import io.tdxsim.sim.run.StripedHistogram;
import io.tdxsim.sim.scenario.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bench: for each vCPU count, the raw four-message limit and the simulation modes (windowed
 * stress, stress without its window, deterministic), timed round by round in turn so machine
 * noise hits them alike;
 * then heap per idle vCPU and the decoder's rate. Prints a table and writes bench.json.
 */
public final class Bench {

    /** @param vcpus vCPU counts to run instead of the plan's, or null */
    public record Options(boolean quick, boolean full, Path out, List<Integer> vcpus) { }

    private Bench() {
    }

    /** Runs the bench; returns 0 if every measured target is met, 1 otherwise. */
    public static int run(Options options, PrintStream out) throws IOException {
        BenchPlan plan = BenchPlan.of(options.quick(), options.full());
        if (options.vcpus() != null) {
            plan = new BenchPlan(options.vcpus(), plan.warmups(), plan.rounds(), plan.roundSeconds(), plan.quick(),
                    options.vcpus().contains(BenchPlan.MILLION));
        }
        String started = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        Path dir = options.out() != null ? options.out()
                : Path.of("out", "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Config config = SimSession.actorConfig(BenchScenario.of(64, BenchMode.STRESS, 16));
        Map<String, Object> jvm = Environment.jvm();
        Map<String, Object> dispatcher = Environment.dispatcher(config);

        out.println("tdxsim bench" + (plan.quick() ? " --quick" : "") + ": " + Environment.oneLine(jvm, dispatcher));
        out.printf("  exits/s and raw round trips/s: median of %d timed rounds of ~%.1f s after %d warm-up; "
                + "latency is wall clock, send to answer%n", plan.rounds(), plan.roundSeconds(), plan.warmups());
        warmUpJit(plan, config);
        BenchTable.header(out);
        List<BenchRow> rows = new ArrayList<>();
        boolean millionCompleted = false;
        for (int vcpus : plan.vcpuCounts()) {
            BenchRow row = measure(plan, config, vcpus);
            rows.add(row);
            BenchTable.row(out, row);
            if (vcpus == BenchPlan.MILLION) {
                millionCompleted = row.stress.complete && row.deterministic.complete;
            }
        }
        Series decoder = DecoderRate.measure(plan.rounds(), plan.quick() ? 0.3 : 1.0);
        out.printf("decoder: %s decodes per CPU-second on one thread (median of %d rounds, %d-instruction mix)%n",
                BenchTable.rate(decoder.median()), plan.rounds(), InstructionMix.size());
        int seeds = plan.quick() ? 150 : 1000;     // enough that the worker JVMs run warm for the second half
        out.printf("explore: seeds/s of %d seeds of a 4-vCPU counter race (deterministic), the second half "
                + "counted; worker JVMs on this machine, started cold, this JVM coordinating%n", seeds);
        List<ExploreRate.Measured> explore = ExploreRate.measure(seeds);
        BenchTable.explore(out, explore);
        List<Targets.Check> checks = Targets.check(rows, decoder, millionCompleted);
        BenchTable.targets(out, checks);
        Files.createDirectories(dir);
        Path json = dir.resolve("bench.json");
        BenchJson.write(json, plan, jvm, dispatcher, rows, decoder, new BenchJson.Explore(seeds, explore), checks,
                started);
        out.println("wrote " + json);
        return checks.stream().anyMatch(c -> c.measured() && !c.met()) ? 1 : 0;
    }

    /** A few rounds at 64 vCPUs of every kind, so the first row does not pay for compilation. */
    private static void warmUpJit(BenchPlan plan, Config config) {
        try (RawRounds raw = new RawRounds(config, 64, new Series("warm-raw"));
             SimRounds stress = new SimRounds(64, BenchMode.STRESS, new Series("warm-stress"));
             SimRounds free = new SimRounds(64, BenchMode.UNBOUNDED, new Series("warm-unbounded"));
             SimRounds det = new SimRounds(64, BenchMode.DETERMINISTIC, new Series("warm-det"))) {
            raw.warmUp(plan);
            stress.warmUp(plan);
            free.warmUp(plan);
            det.warmUp(plan);
            raw.round();
            stress.round();
            free.round();
            det.round();
        }
    }

    private static BenchRow measure(BenchPlan plan, Config config, int vcpus) {
        BenchRow row = new BenchRow(vcpus);
        try (RawRounds raw = new RawRounds(config, vcpus, row.raw);
             SimRounds stress = new SimRounds(vcpus, BenchMode.STRESS, row.stress);
             SimRounds free = new SimRounds(vcpus, BenchMode.UNBOUNDED, row.unbounded);
             SimRounds det = new SimRounds(vcpus, BenchMode.DETERMINISTIC, row.deterministic)) {
            raw.warmUp(plan);
            stress.warmUp(plan);
            free.warmUp(plan);
            det.warmUp(plan);
            for (int r = 0; r < plan.roundsFor(vcpus); r++) {
                raw.round();
                stress.round();
                free.round();
                det.round();
            }
        }
        if (vcpus >= 4096) {                     // below that, the heap's noise is larger than the vCPUs
            row.footprint = IdleFootprint.measure(BenchScenario.of(vcpus, BenchMode.STRESS, 16), config);
        }
        return row;
    }

    /** The raw limit at one sender count, sized by its warm-up like {@link SimRounds}. */
    private static final class RawRounds implements AutoCloseable {
        private final RawPingPong raw;
        private final int senders;
        private final Series series;
        private int trips;

        RawRounds(Config config, int senders, Series series) {
            this.raw = new RawPingPong(config);
            this.senders = senders;
            this.series = series;
        }

        void warmUp(BenchPlan plan) {
            trips = (int) Sizing.guess(plan, senders);
            double rate = 0;
            for (int w = 0; w < plan.warmups(); w++) {
                long ns = raw.round(senders, trips, new StripedHistogram(3));
                rate = (double) senders * trips * 1e9 / ns;
            }
            trips = (int) Sizing.perVcpu(plan, senders, rate);
        }

        void round() {
            StripedHistogram latency = new StripedHistogram(3);
            long ns = raw.round(senders, trips, latency);
            series.add((long) senders * trips, ns, latency.merged());
        }

        @Override
        public void close() {
            raw.close();
        }
    }
}
