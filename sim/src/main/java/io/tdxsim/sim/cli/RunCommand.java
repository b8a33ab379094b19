package io.tdxsim.sim.cli;

import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.run.Summary;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario and print a summary.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions scenario;

    @Override
    public Integer call() {
        Scenario s;
        try {
            s = scenario.load();
        } catch (ScenarioException e) {
            e.problems().forEach(p -> System.err.println("tdxsim: " + p));
            return Main.BAD_INPUT;
        }
        RunResult result;
        try {
            result = SimRun.run(s);
        } catch (ScenarioException e) {
            e.problems().forEach(p -> System.err.println("tdxsim: " + p));
            return Main.BAD_INPUT;
        }
        Summary.print(result, System.out);
        return result.complete() ? Main.OK : Main.CHECK_FAILED;
    }
}
