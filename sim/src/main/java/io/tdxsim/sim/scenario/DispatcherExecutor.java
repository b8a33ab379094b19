package io.tdxsim.sim.scenario;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The executors a scenario's {@code run.dispatcher-executor} may name: Akka 2.6's three and tdxsim's spin-pool. */
public enum DispatcherExecutor {
    FORK_JOIN("fork-join"),
    THREAD_POOL("thread-pool"),
    AFFINITY_POOL("affinity-pool"),
    SPIN_POOL("spin-pool");

    private final String scenarioName;

    DispatcherExecutor(String scenarioName) {
        this.scenarioName = scenarioName;
    }

    /** As a scenario names it. */
    public String scenarioName() {
        return scenarioName;
    }

    /** The executor a scenario names, or null. */
    public static DispatcherExecutor ofScenarioName(String name) {
        for (DispatcherExecutor e : values()) {
            if (e.scenarioName.equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** Every scenario name, for the error that says what is expected. */
    public static String scenarioNames() {
        return Arrays.stream(values()).map(DispatcherExecutor::scenarioName).collect(Collectors.joining(", "));
    }
}
