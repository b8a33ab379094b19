package io.tdxsim.sim.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** The bench's console output: one row per vCPU count, then the targets. */
final class BenchTable {

    private BenchTable() {
    }

    /** The sweep at one sender count: every setting's raw round trips, best first. */
    static void sweep(PrintStream out, DispatcherSweep.Result r) {
        out.printf(Locale.ROOT, "raw limit at %,d senders over %d dispatcher settings (median of %d rounds each):%n",
                r.senders(), r.entries().size(), r.best().series().rates.size());
        ranking(out, r, "rt/s", false);
    }

    /** tdxsim's windowed stress on the raw sweep's best settings and the shipped one. */
    static void simulationSweep(PrintStream out, DispatcherSweep.Result r) {
        out.printf(Locale.ROOT, "windowed stress at %,d vCPUs on those best %d, the best of each other executor and the "
                + "shipped setting (median of %d rounds each):%n", r.senders(), DispatcherSweep.SIMULATED_BEST,
                r.best().series().rates.size());
        ranking(out, r, "exits/s", true);
    }

    /** @param all every entry; else the best three, the shipped one and the worst */
    private static void ranking(PrintStream out, DispatcherSweep.Result r, String unit, boolean all) {
        int place = 0;
        for (DispatcherSweep.Entry e : r.entries()) {
            place++;
            boolean shipped = place == r.shippedRank();
            if (all || place <= 3 || shipped || place == r.entries().size()) {
                out.printf(Locale.ROOT, "  %2d. %-50s %9s %-7s %5s%s%n", place, e.setting().label(),
                        rate(e.series().median()), unit, percent(e.series().median() / r.best().series().median()),
                        shipped ? "  <- shipped" : "");
            }
        }
    }

    static void header(PrintStream out) {
        out.printf(Locale.ROOT, "%9s %11s %11s %6s %11s %6s %11s %6s %19s %19s %10s%n", "vCPUs", "raw rt/s",
                "stress/s", "of raw", "unbound/s", "of raw", "determ/s", "of raw", "stress p50/p99", "determ p50/p99",
                "heap/vCPU");
    }

    static void row(PrintStream out, BenchRow r) {
        out.printf(Locale.ROOT, "%,9d %11s %11s %6s %11s %6s %11s %6s %19s %19s %10s%n", r.vcpus,
                rate(r.raw.median()), rate(r.stress.median()) + (r.stress.complete ? "" : "!"), percent(r.ofRaw(r.stress)),
                rate(r.unbounded.median()) + (r.unbounded.complete ? "" : "!"), percent(r.ofRaw(r.unbounded)),
                rate(r.deterministic.median()) + (r.deterministic.complete ? "" : "!"),
                percent(r.ofRaw(r.deterministic)), latency(r.stress), latency(r.deterministic),
                r.footprint == null ? "-" : String.format(Locale.ROOT, "%,.0f B", r.footprint.bytesPerVcpu()));
    }

    /** One line per setup; two worker JVMs also as a multiple of one. */
    static void explore(PrintStream out, List<ExploreRate.Measured> rates) {
        double one = rates.stream().filter(m -> m.setup().workerJvms() == 1).mapToDouble(ExploreRate.Measured::seedsPerSecond)
                .findFirst().orElse(Double.NaN);
        for (ExploreRate.Measured m : rates) {
            String note = m.problem() != null ? "  not measured: " + m.problem()
                    : m.setup().workerJvms() == 2 && !Double.isNaN(one)
                    ? String.format(Locale.ROOT, "  %.2fx one worker JVM", m.seedsPerSecond() / one) : "";
            out.printf(Locale.ROOT, "  %-28s %8s%s%n", m.setup().name(), Double.isNaN(m.seedsPerSecond()) ? "-"
                    : String.format(Locale.ROOT, "%.1f", m.seedsPerSecond()), note);
        }
    }

    /** The split run against the same run in one JVM, and what serializing its hot messages costs. */
    static void split(PrintStream out, SplitRate.Measured m) {
        out.printf(Locale.ROOT, "  %-28s %,10.0f exits/s%n", "this JVM", m.localExitsPerSecond());
        if (m.problem() != null) {
            out.printf(Locale.ROOT, "  %-28s %10s  not measured: %s%n", "split over 2 JVMs", "-", m.problem());
            return;
        }
        out.printf(Locale.ROOT, "  %-28s %,10.0f exits/s  %.2fx this JVM; exits and virtual time %s%n", "split over 2 JVMs",
                m.splitExitsPerSecond(), m.splitExitsPerSecond() / m.localExitsPerSecond(),
                m.same() ? "the same" : "DIFFER");
        out.printf(Locale.ROOT, "  Jackson CBOR writes and reads a TdVmCall in %.1f us and its answer in %.1f us; the split "
                + "run took %.1f us of wall time per exit%n", m.callMicros(), m.resultMicros(), 1e6 / m.splitExitsPerSecond());
    }

    /** What each mode's rounds allocated per exit: steady where the rates are noisy. */
    static void allocations(PrintStream out, List<BenchRow> rows) {
        out.println("heap allocated per exit (every thread, whole rounds: spawn, run, report)");
        for (BenchRow r : rows) {
            out.printf(Locale.ROOT, "  %,9d vCPUs  stress %s, unbounded %s, deterministic %s%n", r.vcpus,
                    bytes(r.stress), bytes(r.unbounded), bytes(r.deterministic));
        }
    }

    private static String bytes(Series s) {
        double b = s.allocatedPerUnit();
        return Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%,.0f B", b);
    }

    /** The hypervisor's share of CPU time over the bench and per row: how far from a quiet machine it ran. */
    static void steal(PrintStream out, double steal, List<BenchRow> rows) {
        if (Double.isNaN(steal)) {
            out.println("host steal: unknown (no /proc/stat)");
            return;
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "host steal (CPU time the hypervisor gave elsewhere): %.1f%% over the bench", 100 * steal));
        for (BenchRow r : rows) {
            line.append(String.format(Locale.ROOT, "; %,d vCPUs %.1f%%", r.vcpus, 100 * r.steal));
        }
        if (steal > QUIET_STEAL) {
            line.append(" -- not a quiet machine: rates will move between runs");
        }
        out.println(line);
    }

    /**
     * The cross-core hand-off at the start, around each sweep and each row: steal misses a host
     * that moves the machine's cores apart, this does not.
     */
    static void handOff(PrintStream out, double atStart, Map<Integer, CoreHandOff.Span> sweeps, List<BenchRow> rows) {
        if (Double.isNaN(atStart)) {
            out.println("cross-core hand-off: not measured (one processor)");
            return;
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "cross-core hand-off (two threads passing a value, per round trip): %.0f ns at the start", atStart));
        List<CoreHandOff.Span> spans = new java.util.ArrayList<>();
        sweeps.forEach((senders, span) -> {
            line.append(String.format(Locale.ROOT, "; sweep at %,d %s", senders, CoreHandOff.range(span)));
            spans.add(span);
        });
        for (BenchRow r : rows) {
            line.append(String.format(Locale.ROOT, "; %,d vCPUs %s", r.vcpus, CoreHandOff.range(r.handOff)));
            spans.add(r.handOff);
        }
        double low = atStart;
        double high = atStart;
        for (CoreHandOff.Span s : spans) {
            low = Math.min(low, s.lowNs());
            high = Math.max(high, s.highNs());
        }
        if (new CoreHandOff.Span(low, high).changed()) {
            line.append(" -- the host moved this machine's processors during the bench (steal does not show it): "
                    + "rates measured at different hand-off costs come from different machines, in effect (the "
                    + "targets they touch say so)");
        }
        out.println(line);
    }

    /** Above this stolen share a machine is not the quiet one the targets assume. */
    static final double QUIET_STEAL = 0.02;

    /** Heap and spawn time per vCPU against an empty typed actor's, where measured. */
    static void footprints(PrintStream out, List<BenchRow> rows) {
        for (BenchRow r : rows) {
            IdleFootprint.Result f = r.footprint;
            if (f != null) {
                out.printf(Locale.ROOT, "idle at %,d: %,.0f B and %.2f us to spawn per vCPU; an empty typed actor "
                                + "%,.0f B and %.2f us (an actor per vCPU, in Akka alone)%n", f.vcpus(), f.bytesPerVcpu(),
                        f.spawnNanos() / 1e3 / f.vcpus(), f.floorBytesPerActor(), f.floorSpawnNanos() / 1e3 / f.vcpus());
            }
        }
    }

    static void targets(PrintStream out, List<Targets.Check> checks) {
        out.println("targets");
        for (Targets.Check c : checks) {
            String status = !c.measured() ? "not run" : c.met() ? "met" : "MISSED";
            String actual = !c.measured() ? "-" : format(c.actual(), c.unit());
            out.printf(Locale.ROOT, "  %-8s %-52s %12s (%s %s)%s%n", status, c.name(), actual, c.atMost() ? "<=" : ">=",
                    format(c.required(), c.unit()), c.caveat() == null ? "" : "  ! " + c.caveat());
        }
    }

    static String format(double v, String unit) {
        return switch (unit) {
            case "ratio" -> percent(v);
            case "bytes" -> String.format(Locale.ROOT, "%,.0f B", v);
            case "seconds" -> String.format(Locale.ROOT, "%.2f s", v);
            case "yes/no" -> v >= 1 ? "yes" : "no";
            default -> rate(v);
        };
    }

    static String rate(double perSecond) {
        if (Double.isNaN(perSecond)) {
            return "-";
        }
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }

    static String latency(Series s) {
        if (s.latencyNs.getTotalCount() == 0) {
            return "-";
        }
        return duration(s.p(50)) + " / " + duration(s.p(99));
    }

    static String duration(double ns) {
        if (ns >= 1e6) {
            return String.format(Locale.ROOT, "%.1fms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.1fus", ns / 1e3);
    }
}
