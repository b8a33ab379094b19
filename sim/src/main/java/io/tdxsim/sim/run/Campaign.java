package io.tdxsim.sim.run;

import io.tdxsim.sim.scenario.OutcomeTemplate;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.VcpuResult;
import io.tdxsim.vmm.DeviceStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario run {@code outcomes.repeat} times, each run graded as jcstress grades a sample:
 * the outcome key is filled from the final state and the first matching rule gives the grade.
 * A device that saw a vCPU's calls out of program order makes that run FORBIDDEN whatever the
 * key says.
 *
 * @param last    the last run in full (the report shows it)
 * @param tallies per distinct outcome key, in first-seen order
 */
public record Campaign(Scenario scenario, List<Sample> samples, RunResult last, List<Tally> tallies) {

    /** Schedules are kept for this many non-ACCEPTABLE samples, for replay. */
    static final int KEPT_SCHEDULES = 8;

    /**
     * One run. {@code schedules} and {@code states} (each device's final state, as the summary
     * prints it) are set only for runs worth replaying.
     *
     * @param failure what went wrong that no grade judged (see RunHealth), or null
     */
    public record Sample(int run, String key, Scenario.Grade grade, String rule, long orderViolations,
                         boolean complete, boolean exact, long[][] schedules, String failure, List<String> states) { }

    public record Tally(String key, long count, Scenario.Grade grade, String rule, String description) { }

    /** @param cluster splits each run over the nodes that joined it; null: runs in this JVM */
    static Campaign run(Scenario s, RunProgress progress, SplitRun cluster) {
        List<Sample> samples = new ArrayList<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, Sample> firstOf = new LinkedHashMap<>();
        RunResult last = null;
        int kept = 0;
        Wiring firstWiring = SimRun.wire(s);      // every check, before an actor system starts
        try (Simulator sim = cluster == null ? new Simulator(s) : new Simulator(s, cluster)) {
            for (int i = 0; i < s.outcomes().repeat(); i++) {
                last = sim.run((i == 0 ? firstWiring : SimRun.wire(s)).watchedBy(progress));
                Sample sample = grade(s, i, last, kept < KEPT_SCHEDULES);
                if (sample.schedules() != null) {
                    kept++;
                }
                samples.add(sample);
                counts.computeIfAbsent(sample.key(), k -> new long[1])[0]++;
                firstOf.putIfAbsent(sample.key(), sample);
                if (!last.complete() || Simulator.stopRequested()) {
                    break;                               // a stopped or timed-out run ends the campaign
                }
            }
        }
        List<Tally> tallies = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            Sample first = firstOf.get(e.getKey());
            tallies.add(new Tally(e.getKey(), e.getValue()[0], first.grade(), first.rule(), description(s, first)));
        }
        return new Campaign(s, samples, last, tallies);
    }

    static Sample grade(Scenario s, int run, RunResult r, boolean keepSchedule) {
        long violations = r.devices().stream().mapToLong(d -> d.order.violations).sum();
        String key = s.outcomes().key() == null ? "-" : OutcomeTemplate.fill(s.outcomes().key(), name -> lookupValue(r, name));
        Scenario.Grade grade = null;
        String rule = null;
        if (violations > 0) {
            grade = Scenario.Grade.FORBIDDEN;
            rule = "program-order";
        } else if (s.outcomes().key() != null) {
            grade = Scenario.Grade.FORBIDDEN;
            rule = "(no rule matched)";
            for (Scenario.GradeRule g : s.outcomes().grades()) {
                if (g.pattern().matcher(key).matches()) {
                    grade = g.grade();
                    rule = g.id();
                    break;
                }
            }
        }
        boolean worthReplay = grade != null && grade != Scenario.Grade.ACCEPTABLE;
        long[][] schedules = null;
        if (s.mode() == Scenario.Mode.STRESS && (worthReplay || s.outcomes().repeat() == 1) && keepSchedule) {
            schedules = new long[r.devices().size()][];
            for (int d = 0; d < schedules.length; d++) {
                schedules[d] = r.devices().get(d).order.schedule();
                if (schedules[d] == null) {
                    schedules = null;                    // truncated recording: not replayable
                    break;
                }
            }
        }
        List<String> states = schedules == null ? null
                : r.devices().stream().map(d -> DeviceStateLine.format(d.state)).toList();
        return new Sample(run, key, grade, rule, violations, r.complete(), r.accounting().exact(), schedules,
                RunHealth.problem(s, r), states);
    }

    static String description(Scenario s, Sample first) {
        if ("program-order".equals(first.rule())) {
            return "a device served a vCPU's calls out of program order";
        }
        for (Scenario.GradeRule g : s.outcomes().grades()) {
            if (g.id().equals(first.rule())) {
                return g.description();
            }
        }
        return first.grade() == null ? "" : "no grade rule matched this outcome";
    }

    /** Values a key template may name, from one run's final state. */
    public static String lookupValue(RunResult r, String name) {
        if (name.equals("exits")) {
            return Long.toString(r.totalExits());
        }
        if (name.startsWith("outcomes.")) {
            return Long.toString(r.outcomes().getOrDefault(name.substring(9), 0L));
        }
        if (name.startsWith("vcpu")) {
            int dot = name.indexOf('.');
            if (dot > 4) {
                int index = Integer.parseInt(name.substring(4, dot));
                Gpr.Named reg = Gpr.parse(name.substring(dot + 1));
                for (VcpuResult v : r.sample()) {
                    if (v.index() == index && reg != null) {
                        return "0x" + Long.toHexString(v.gprs()[reg.gpr().number()]);
                    }
                }
                return null;
            }
        }
        int dot = name.indexOf('.');
        for (DeviceStats d : r.devices()) {
            if (dot > 0 && d.name.equals(name.substring(0, dot))) {
                Object v = d.state.get(name.substring(dot + 1));
                return v == null ? null : String.valueOf(v);
            }
        }
        return null;
    }

    /** A forbidden outcome, a stopped run or an accounting mismatch: the run failed its checks. */
    public boolean anyForbidden() {
        return samples.stream().anyMatch(x -> x.grade() == Scenario.Grade.FORBIDDEN || !x.complete() || !x.exact());
    }

    /** The first run's failure that no grade judged (a model that threw, every vCPU dead), or null. */
    public String failure() {
        return samples.stream().map(Sample::failure).filter(f -> f != null).findFirst().orElse(null);
    }

    public boolean anyInteresting() {
        return samples.stream().anyMatch(x -> x.grade() == Scenario.Grade.ACCEPTABLE_INTERESTING);
    }
}
