package io.tdxsim.sim.bench;

import io.tdxsim.sim.run.DispatcherSetting;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimSession;

/**
 * One simulated configuration (vCPU count, mode) over its rounds. The warm-up rounds also size
 * the timed ones: exits per vCPU such that a round lasts about the plan's round time.
 */
final class SimRounds implements AutoCloseable {

    private final int vcpus;
    private final BenchMode mode;
    private final Series series;
    /** The dispatcher to run on, or null for the shipped one. */
    private final DispatcherSetting dispatcher;
    private SimSession session;
    private final AllocationMeter allocation = new AllocationMeter();

    SimRounds(int vcpus, BenchMode mode, Series series) {
        this(vcpus, mode, series, null);
    }

    SimRounds(int vcpus, BenchMode mode, Series series, DispatcherSetting dispatcher) {
        this.vcpus = vcpus;
        this.mode = mode;
        this.series = series;
        this.dispatcher = dispatcher;
    }

    void warmUp(BenchPlan plan) {
        long perVcpu = Sizing.guess(plan, vcpus);
        session = new SimSession(BenchScenario.of(vcpus, mode, perVcpu, dispatcher));
        double rate = 0;
        for (int w = 0; w < plan.warmups(); w++) {
            RunResult r = session.run(true);
            rate = r.exitsPerWallSecond();
        }
        session.close();
        session = new SimSession(BenchScenario.of(vcpus, mode, Sizing.perVcpu(plan, vcpus, rate), dispatcher));
    }

    void round() {
        allocation.start();
        RunResult r = session.run(true);
        series.allocated(allocation.stop());
        series.add(r.totalExits(), r.wallNanos(), r.exits().wallLatencyNs());
        boolean allHalted = r.outcomes().size() == 1 && r.outcomes().containsKey("HALTED");
        if (!r.complete() || !allHalted) {
            series.complete = false;
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }
}
