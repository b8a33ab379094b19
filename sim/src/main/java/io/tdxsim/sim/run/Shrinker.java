package io.tdxsim.sim.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioException;
import io.tdxsim.sim.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reduces a failing seed's scenario while it keeps failing: fewer preemptions, fewer vCPUs per
 * group, fewer groups, fewer generated exits, fewer devices, each step kept only if the seed
 * still fails (a FORBIDDEN outcome or a failed check) in deterministic mode. The result is a
 * standalone scenario that `run --seed` reproduces.
 *
 * @param text     the reduced scenario, HOCON
 * @param scenario the reduced scenario, loaded
 * @param runs     how many runs the reduction took
 */
public record Shrinker(String text, Scenario scenario, long seed, int runs, String verdict) {

    /** Runs at most this many candidates. */
    static final int BUDGET = 80;

    public static Shrinker shrink(Scenario failing, long seed) {
        Config current = ConfigFactory.parseString(failing.rendered())
                .withValue("tdxsim.mode", ConfigValueFactory.fromAnyRef("deterministic"))
                .withValue("tdxsim.seed", ConfigValueFactory.fromAnyRef(seed))
                .withValue("tdxsim.outcomes.repeat", ConfigValueFactory.fromAnyRef(1))
                .withValue("tdxsim.run.dispatcher-threads", ConfigValueFactory.fromAnyRef(1))
                .withValue("tdxsim.run.serving-threads", ConfigValueFactory.fromAnyRef(0));
        int runs = 0;
        Failure first = failure(current, failing.name());
        runs++;
        if (first == null) {
            throw new IllegalArgumentException("seed " + seed + " does not fail in deterministic mode");
        }
        String verdict = first.text();
        boolean progress = true;
        while (progress && runs < BUDGET) {
            progress = false;
            for (Config candidate : candidates(current)) {
                if (runs >= BUDGET) {
                    break;
                }
                runs++;
                Failure f = failure(candidate, failing.name());
                if (f != null && f.kind().equals(first.kind())) {   // the same failure, not just any
                    current = candidate;
                    verdict = f.text();
                    progress = true;
                    break;                               // start over from the smaller scenario
                }
            }
        }
        String text = render(current);
        return new Shrinker(text, load(text, failing.name()), seed, runs, verdict);
    }

    /** Smaller variants of a scenario, the biggest cuts first. */
    private static List<Config> candidates(Config c) {
        List<Config> out = new ArrayList<>();
        int preemptions = c.getInt("tdxsim.schedule.preemptions");
        if (preemptions > 0) {
            out.add(c.withValue("tdxsim.schedule.preemptions", ConfigValueFactory.fromAnyRef(preemptions / 2)));
            out.add(c.withValue("tdxsim.schedule.preemptions", ConfigValueFactory.fromAnyRef(preemptions - 1)));
        }
        List<? extends Config> groups = c.getConfigList("tdxsim.vcpus");
        for (int g = 0; g < groups.size(); g++) {
            int count = groups.get(g).getInt("count");
            if (count > 1) {
                out.add(withGroup(c, groups, g, groups.get(g).withValue("count", ConfigValueFactory.fromAnyRef(count / 2))));
                out.add(withGroup(c, groups, g, groups.get(g).withValue("count", ConfigValueFactory.fromAnyRef(count - 1))));
            }
            if (groups.get(g).hasPath("workload.exits")) {
                long exits = groups.get(g).getLong("workload.exits");
                if (exits > 1) {
                    out.add(withGroup(c, groups, g, groups.get(g).withValue("workload.exits",
                            ConfigValueFactory.fromAnyRef(exits / 2))));
                }
            }
        }
        for (int g = 0; groups.size() > 1 && g < groups.size(); g++) {
            out.add(c.withValue("tdxsim.vcpus", without(groups, g)));
        }
        List<? extends Config> devices = c.getConfigList("tdxsim.devices");
        for (int d = 0; devices.size() > 1 && d < devices.size(); d++) {
            out.add(c.withValue("tdxsim.devices", without(devices, d)));
        }
        return out;
    }

    private static ConfigValue without(List<? extends Config> entries, int left) {
        List<ConfigValue> fewer = new ArrayList<>();
        for (int k = 0; k < entries.size(); k++) {
            if (k != left) {
                fewer.add(entries.get(k).root());
            }
        }
        return ConfigValueFactory.fromIterable(fewer);
    }

    private static Config withGroup(Config c, List<? extends Config> groups, int g, Config replaced) {
        List<ConfigValue> all = new ArrayList<>();
        for (int k = 0; k < groups.size(); k++) {
            all.add(k == g ? replaced.root() : groups.get(k).root());
        }
        return c.withValue("tdxsim.vcpus", ConfigValueFactory.fromIterable(all));
    }

    /** How a run failed: the grade rule or check ({@code kind}), and the outcome. */
    private record Failure(String kind, String text) { }

    /** How the scenario fails with its seed, or null if it does not. */
    private static Failure failure(Config c, String name) {
        Scenario s;
        try {
            s = load(render(c), name);
        } catch (ScenarioException e) {
            return null;                                 // a cut that breaks the scenario (a device a program names)
        }
        RunResult r = SimRun.run(s);
        Campaign.Sample sample = Campaign.grade(s, 0, r, false);
        if (sample.grade() == Scenario.Grade.FORBIDDEN) {
            return new Failure("rule " + sample.rule(), "FORBIDDEN " + sample.key() + " by rule " + sample.rule());
        }
        if (!sample.exact()) {
            return new Failure("accounting", "accounting mismatch");
        }
        return sample.complete() ? null : new Failure("stopped", "stopped before it finished");
    }

    private static String render(Config c) {
        return c.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false)
                .setJson(false).setFormatted(true));
    }

    private static Scenario load(String text, String name) {
        return ScenarioLoader.fromText(text, name + "-shrunk.conf");
    }

    public int vcpus() {
        return scenario.vcpuCount();
    }
}
