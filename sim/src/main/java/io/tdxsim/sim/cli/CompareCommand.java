package io.tdxsim.sim.cli;

import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioException;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vcpu.handler.HandlerProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run one scenario under several #VE handler profiles and show where they differ:",
                "how each vCPU ended, its registers, and the devices' final state."})
final class CompareCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--profiles", split = ",", paramLabel = "P,P...",
            description = "Profiles to compare (default: every profile, listed below).")
    List<String> profiles = java.util.Arrays.stream(HandlerProfile.values()).map(HandlerProfile::id).toList();

    @Override
    public Integer call() {
        List<String> names = new ArrayList<>();
        List<RunResult> runs = new ArrayList<>();
        try {
            for (String p : profiles) {
                if (HandlerProfile.parse(p) == null) {
                    System.err.println("tdxsim: --profiles: expected " + HandlerProfile.choices() + ", got '" + p + "'");
                    return Main.BAD_INPUT;
                }
                List<String> overrides = new ArrayList<>(scenario.overrides);
                overrides.add("guest.handler=" + p);
                if (scenario.seed != null) {
                    overrides.add("seed=" + scenario.seed);
                }
                Scenario s = scenario.file == null ? ScenarioLoader.loadDefault(overrides)
                        : ScenarioLoader.load(scenario.file, overrides);
                names.add(p);
                runs.add(SimRun.run(s));
            }
        } catch (ScenarioException e) {
            e.problems().forEach(p -> System.err.println("tdxsim: " + p));
            return Main.BAD_INPUT;
        }
        ProfileComparison.print(names, runs, System.out);
        return Main.OK;
    }
}
