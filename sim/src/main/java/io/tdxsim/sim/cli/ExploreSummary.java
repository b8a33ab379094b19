package io.tdxsim.sim.cli;

import io.tdxsim.sim.run.Campaign;
import io.tdxsim.sim.run.Exploration;
import io.tdxsim.sim.scenario.Scenario;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/** What explore prints once its seeds ran, here or on a cluster's workers: the same either way. */
final class ExploreSummary {

    /** Seeds listed as worth a look; the rest are counted. */
    static final int LISTED = 20;

    private ExploreSummary() {
    }

    /**
     * @param preemptionsAdded explore drew preemptions the scenario does not have
     * @param reproduce        the command line that reproduces a seed
     */
    static void print(Exploration e, Scenario base, boolean preemptionsAdded, LongFunction<String> reproduce,
                      PrintStream out) {
        if (preemptionsAdded) {
            out.printf(Locale.ROOT, "  schedule: the scenario draws no preemptions; each seed draws %d, each up to %s, "
                    + "within the run's %s (explore.preemptions)%n", base.schedule().preemptions(),
                    io.tdxsim.sim.run.Summary.nanos(base.schedule().preemptionNs()),
                    io.tdxsim.sim.run.Summary.nanos(base.schedule().withinNs()));
        }
        out.printf(Locale.ROOT, "  %-28s %8s  %-24s %s%n", "outcome", "seeds", "grade", "description");
        for (Campaign.Tally t : e.tallies()) {
            out.printf(Locale.ROOT, "  %-28s %,8d  %-24s %s%n", t.key(), t.count(),
                    t.grade() == null ? "-" : t.grade().name(), t.description());
        }
        for (Exploration.Interleavings i : e.interleavings()) {
            out.printf(Locale.ROOT, "  interleavings at %s: %,d distinct served orders in %,d seeds%s%n", i.device(),
                    i.distinct(), e.seeds().size(), i.distinct() == 0 ? "" : ", the last new one at seed " + i.lastNewSeed());
        }
        List<Exploration.Seed> notable = e.notable();
        if (!notable.isEmpty()) {
            out.println("  reproduce a seed (deterministic, byte for byte):");
            for (Exploration.Seed s : notable.subList(0, Math.min(LISTED, notable.size()))) {
                out.printf(Locale.ROOT, "    %s   # %s %s%n", reproduce.apply(s.seed()),
                        s.sample().grade() == null ? "checks failed" : s.sample().grade().name(), s.sample().key());
            }
            if (notable.size() > LISTED) {
                out.printf(Locale.ROOT, "    and %,d more%n", notable.size() - LISTED);
            }
        }
        if (e.stopped()) {
            out.println("  INCOMPLETE: the exploration was stopped; the figures cover the seeds that ran");
        }
    }
}
