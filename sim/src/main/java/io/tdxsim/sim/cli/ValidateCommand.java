package io.tdxsim.sim.cli;

import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a scenario (schema, devices, programs) without running it.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions scenario;

    @Override
    public Integer call() {
        try {
            Scenario s = scenario.load();
            SimRun.validate(s);
            System.out.printf("%s: ok (%d vCPUs, %d devices)%n", s.source(), s.vcpuCount(), s.devices().size());
            return Main.OK;
        } catch (ScenarioException e) {
            e.problems().forEach(p -> System.err.println("tdxsim: " + p));
            return Main.BAD_INPUT;
        }
    }
}
