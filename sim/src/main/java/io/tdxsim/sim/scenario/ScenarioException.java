package io.tdxsim.sim.scenario;

import java.util.List;

/** A scenario that cannot run; every problem is one line naming file:line and key. */
public final class ScenarioException extends RuntimeException {

    private final List<String> problems;

    public ScenarioException(List<String> problems) {
        super(String.join("\n", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public ScenarioException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
