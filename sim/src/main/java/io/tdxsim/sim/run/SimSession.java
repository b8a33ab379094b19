package io.tdxsim.sim.run;

import com.typesafe.config.Config;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.vcpu.VcpuSpec;
import java.util.List;

/**
 * One actor system for repeated runs of one scenario, for callers outside this package that
 * time runs (the bench). Every run is wired afresh, exactly as {@code tdxsim run} wires it.
 */
public final class SimSession implements AutoCloseable {

    private final Scenario scenario;
    private final Simulator simulator;

    public SimSession(Scenario scenario) {
        this.scenario = scenario;
        this.simulator = new Simulator(scenario);
    }

    /** Runs the scenario once; with {@code wallClock} every exit is also timed in wall-clock time. */
    public RunResult run(boolean wallClock) {
        Wiring wiring = SimRun.wire(scenario);
        if (wallClock) {
            wiring.recorder().timeWallClock();
        }
        return simulator.run(wiring);
    }

    /** The actor-system configuration a run of {@code s} uses (dispatcher, mailboxes, logging). */
    public static Config actorConfig(Scenario s) {
        return SimRun.actorConfig(s);
    }

    /** The configuration of a run's actor system on another dispatcher (the bench's sweep). */
    public static Config actorConfig(DispatcherSetting dispatcher) {
        return SimRun.actorConfig(dispatcher);
    }

    /** The vCPUs of {@code s}, built as a run builds them. */
    public static List<VcpuSpec> vcpus(Scenario s) {
        return SimRun.wire(s).vcpus();
    }

    @Override
    public void close() {
        simulator.close();
    }
}
