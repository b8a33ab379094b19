package io.tdxsim.sim.cli;

import io.tdxsim.sim.run.Campaign;
import io.tdxsim.sim.run.OutcomeSummary;
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
        Campaign campaign;
        Interrupts.install();
        try {
            campaign = SimRun.campaign(s);
        } catch (ScenarioException e) {
            e.problems().forEach(p -> System.err.println("tdxsim: " + p));
            return Main.BAD_INPUT;
        }
        RunResult result = campaign.last();
        Summary.print(result, System.out);
        OutcomeSummary.print(campaign, System.out);
        if (Interrupts.exitCode() != 0) {
            return Interrupts.exitCode();
        }
        return campaign.anyForbidden() ? Main.CHECK_FAILED : Main.OK;
    }
}
