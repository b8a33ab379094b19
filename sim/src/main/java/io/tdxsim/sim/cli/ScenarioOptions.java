package io.tdxsim.sim.cli;

import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The scenario argument and the options that modify it, shared by run and validate. */
final class ScenarioOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
            description = "Scenario file (HOCON). Without one, the built-in default scenario runs.")
    Path file;

    @Option(names = "--seed", description = "Override tdxsim.seed.")
    Long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a scenario key, e.g. --set guest.handler=rfc-v2 (repeatable).")
    List<String> overrides = new ArrayList<>();

    Scenario load() {
        List<String> all = new ArrayList<>(overrides);
        if (seed != null) {
            all.add("seed=" + seed);
        }
        return loadWith(all);
    }

    /** The scenario with exactly these overrides (the caller's --set and --seed included or not). */
    Scenario loadWith(List<String> all) {
        return file == null ? ScenarioLoader.loadDefault(all) : ScenarioLoader.load(file, all);
    }

    /** The scenario argument as a command line would give it again. */
    String describeFile() {
        StringBuilder s = new StringBuilder(file == null ? "" : file.toString());
        for (String o : overrides) {
            s.append(s.length() == 0 ? "" : " ").append("--set '").append(o).append('\'');
        }
        return s.toString();
    }
}
