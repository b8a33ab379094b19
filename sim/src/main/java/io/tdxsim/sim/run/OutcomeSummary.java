package io.tdxsim.sim.run;

import io.tdxsim.sim.scenario.Scenario;
import java.io.PrintStream;
import java.util.Locale;

/** The graded-outcome table of a campaign, jcstress style. */
public final class OutcomeSummary {

    private OutcomeSummary() {
    }

    /** Tells how to replay a run whose outcome was interesting or forbidden. */
    public static void printReplayHint(Campaign c, java.nio.file.Path dir, java.util.List<java.nio.file.Path> recorded,
                                       PrintStream out) {
        for (Campaign.Sample s : c.samples()) {
            if (s.schedules() != null && s.grade() != null && s.grade() != Scenario.Grade.ACCEPTABLE) {
                out.printf(Locale.ROOT, "  run %d ended %s (%s): replay it with ./tdxsim replay %s --run %d%n",
                        s.run(), s.key(), s.grade(), dir, s.run());
                return;
            }
        }
        if (c.scenario().mode() == Scenario.Mode.STRESS && !recorded.isEmpty()
                && (c.anyForbidden() || c.anyInteresting())) {
            out.println("  (the interesting run's schedule was too long to record; raise run.record-schedule)");
        }
    }

    public static void print(Campaign c, PrintStream out) {
        Scenario s = c.scenario();
        if (s.outcomes().key() == null && c.samples().stream().allMatch(x -> x.orderViolations() == 0)) {
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "  outcomes of %d run%s (key %s):%n", c.samples().size(),
                c.samples().size() == 1 ? "" : "s", s.outcomes().key() == null ? "-" : s.outcomes().key());
        out.printf(Locale.ROOT, "  %-24s %8s %7s  %-22s %s%n", "outcome", "samples", "freq", "grade", "description");
        for (Campaign.Tally t : c.tallies()) {
            out.printf(Locale.ROOT, "  %-24s %8d %6.1f%%  %-22s %s%n", t.key(), t.count(),
                    100.0 * t.count() / c.samples().size(), t.grade() == null ? "-" : t.grade(), t.description());
        }
        long violations = c.samples().stream().mapToLong(Campaign.Sample::orderViolations).sum();
        if (violations > 0) {
            out.printf(Locale.ROOT, "  FORBIDDEN: %d calls reached a device out of their vCPU's program order%n",
                    violations);
        }
    }
}
