package io.tdxsim.sim.run;

import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.vcpu.ExitObserver;
import io.tdxsim.vcpu.TdMemory;
import io.tdxsim.vcpu.VcpuSpec;

/**
 * A worker node's share of a split run: the scenario wired as the home node wires it (the same
 * programs, the same initial memory, the same seeded schedule per vCPU), of which this node runs
 * some vCPUs, recording their exits into a recorder of its own.
 */
public final class NodeShare {

    private final Wiring wiring;

    private NodeShare(Wiring wiring) {
        this.wiring = wiring;
    }

    /** Wires {@code s} here; throws ScenarioException as a local run would. */
    public static NodeShare wire(Scenario s) {
        return new NodeShare(SimRun.wire(s));
    }

    public int vcpus() {
        return wiring.vcpus().size();
    }

    public VcpuSpec vcpu(int index) {
        return wiring.vcpus().get(index);
    }

    /** This node's copy of the TD's memory, which every spec here shares. */
    public TdMemory memory() {
        return wiring.vcpus().get(0).memory();
    }

    /** Whether RAM accesses outside the stacks are engine events (deterministic mode with guest programs). */
    public boolean turns() {
        return wiring.vcpus().get(0).costs().memoryEvents();
    }

    public ExitObserver recorder() {
        return wiring.recorder();
    }

    /** What this node's vCPUs recorded, for the home node; once they have ended or been stopped. */
    public ExitRecorder.Part exits() {
        return wiring.recorder().part();
    }
}
