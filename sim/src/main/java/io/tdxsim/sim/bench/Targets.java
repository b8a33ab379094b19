package io.tdxsim.sim.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The performance targets, checked against one bench run. */
final class Targets {

    /**
     * One target; {@code actual} is NaN when the run did not measure it. {@code caveat}, when not
     * null, says why the figure may be the host's rather than tdxsim's (see {@link CoreHandOff}).
     */
    record Check(String name, double required, double actual, String unit, boolean atMost, String caveat) {
        Check(String name, double required, double actual, String unit, boolean atMost) {
            this(name, required, actual, unit, atMost, null);
        }

        Check withCaveat(String caveat) {
            return new Check(name, required, actual, unit, atMost, caveat);
        }

        boolean measured() {
            return !Double.isNaN(actual);
        }

        boolean met() {
            return measured() && (atMost ? actual <= required : actual >= required);
        }
    }

    static final double STRESS_OF_RAW = 0.70;
    static final double DETERMINISTIC_OF_RAW = 0.50;
    static final double SCALE_65536_OF_64 = 0.80;
    static final double SCALE_MILLION_OF_64 = 0.60;
    static final double IDLE_BYTES = 1024;
    static final double MILLION_SPAWN_SECONDS = 5;
    /** The shipped dispatcher should be the best measured; within this of it counts (noise). */
    static final double SHIPPED_OF_BEST = 0.90;
    static final double DECODES_PER_SECOND = 20e6;

    private Targets() {
    }

    /** @param sweepHandOffs the cross-core hand-off before and after each sender count's two sweeps */
    static List<Check> check(List<BenchRow> rows, List<DispatcherSweep.Result> sweeps,
                             List<DispatcherSweep.Result> simulatedSweeps, Map<Integer, CoreHandOff.Span> sweepHandOffs,
                             Series decoder, boolean millionCompleted) {
        List<Check> checks = new ArrayList<>();
        for (DispatcherSweep.Result s : sweeps) {
            checks.add(during(new Check("shipped dispatcher at " + s.senders() + " senders, of the best raw",
                    SHIPPED_OF_BEST, s.shipped().series().median() / s.best().series().median(), "ratio", false),
                    "the sweep", sweepHandOffs.get(s.senders())));
        }
        for (DispatcherSweep.Result s : simulatedSweeps) {
            checks.add(during(new Check("shipped dispatcher, of the best for windowed stress at " + s.senders() + " vCPUs",
                    SHIPPED_OF_BEST, s.shipped().series().median() / s.best().series().median(), "ratio", false),
                    "the sweep", sweepHandOffs.get(s.senders())));
        }
        BenchRow r64 = find(rows, 64);
        BenchRow r4096 = find(rows, 4096);
        BenchRow r65536 = find(rows, 65536);
        BenchRow million = find(rows, BenchPlan.MILLION);
        for (BenchRow r : new BenchRow[] {r64, r4096}) {
            if (r != null) {
                checks.add(during(new Check("windowed stress at " + r.vcpus + " vCPUs, of raw limit", STRESS_OF_RAW,
                        r.ofRaw(r.stress), "ratio", false), "the row", r.handOff));
            }
        }
        for (BenchRow r : new BenchRow[] {r64, r4096}) {
            if (r != null) {
                checks.add(during(new Check("deterministic at " + r.vcpus + " vCPUs, of raw limit", DETERMINISTIC_OF_RAW,
                        r.ofRaw(r.deterministic), "ratio", false), "the row", r.handOff));
            }
        }
        if (r64 != null && r65536 != null) {
            checks.add(between(new Check("stress at 65536 vCPUs, of stress at 64", SCALE_65536_OF_64,
                    r65536.stress.median() / r64.stress.median(), "ratio", false), r65536, r64));
            checks.add(between(new Check("deterministic at 65536 vCPUs, of deterministic at 64", SCALE_65536_OF_64,
                    r65536.deterministic.median() / r64.deterministic.median(), "ratio", false), r65536, r64));
        }
        checks.add(new Check("1,000,000 vCPUs run to completion", 1, million == null ? Double.NaN
                : millionCompleted ? 1 : 0, "yes/no", false));
        checks.add(between(new Check("stress at 1,000,000 vCPUs, of stress at 64", SCALE_MILLION_OF_64,
                million == null || r64 == null ? Double.NaN : million.stress.median() / r64.stress.median(),
                "ratio", false), million, r64));
        checks.add(between(new Check("deterministic at 1,000,000 vCPUs, of deterministic at 64", SCALE_MILLION_OF_64,
                million == null || r64 == null ? Double.NaN
                        : million.deterministic.median() / r64.deterministic.median(), "ratio", false), million, r64));
        checks.add(new Check("1,000,000 vCPUs spawned", MILLION_SPAWN_SECONDS,
                million == null || million.footprint == null ? Double.NaN : million.footprint.spawnNanos() / 1e9,
                "seconds", true));
        BenchRow largest = null;
        for (BenchRow r : rows) {
            if (r.footprint != null && (largest == null || r.vcpus > largest.vcpus)) {
                largest = r;
            }
        }
        checks.add(new Check("heap per idle vCPU" + (largest == null ? "" : " (at " + largest.vcpus + ")"),
                IDLE_BYTES, largest == null ? Double.NaN : largest.footprint.bytesPerVcpu(), "bytes", true));
        checks.add(new Check("decoder, decodes per CPU-second on one core", DECODES_PER_SECOND,
                decoder == null ? Double.NaN : decoder.median(), "decodes/s", false));
        return checks;
    }

    /** The check, with a caveat if the host's cross-core hand-off changed during {@code what}. */
    private static Check during(Check check, String what, CoreHandOff.Span span) {
        return span != null && span.changed() ? check.withCaveat("cross-core hand-off moved ("
                + CoreHandOff.range(span) + ") during " + what) : check;
    }

    /** The check, with a caveat if rows {@code a} and {@code b} ran on hosts of different hand-off costs. */
    private static Check between(Check check, BenchRow a, BenchRow b) {
        if (a == null || b == null || !a.handOff.known() || !b.handOff.known() || a.handOff.comparableWith(b.handOff)) {
            return check;
        }
        return check.withCaveat("rows ran at cross-core hand-offs of " + CoreHandOff.range(a.handOff)
                + " (" + a.vcpus + " vCPUs) and " + CoreHandOff.range(b.handOff) + " (" + b.vcpus + ")");
    }

    private static BenchRow find(List<BenchRow> rows, int vcpus) {
        return rows.stream().filter(r -> r.vcpus == vcpus).findFirst().orElse(null);
    }
}
