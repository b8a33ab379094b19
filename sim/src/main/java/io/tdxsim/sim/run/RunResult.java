package io.tdxsim.sim.run;

import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.vcpu.VcpuResult;
import io.tdxsim.vmm.DeviceStats;
import io.tdxsim.vmm.VmmStats;
import java.util.List;
import java.util.Map;

/**
 * Everything a finished (or stopped) run produced.
 *
 * @param outcomes     vCPU count per outcome (HALTED, OOPS, ...)
 * @param sample       results of the first vCPUs and of every faulted one, capped
 * @param complete     false if the run was stopped before every vCPU finished
 * @param fixups       #VE faults the guest kernel's exception table fixed up (the vCPUs went on)
 * @param fairness     who waited and who was served, over every vCPU
 */
public record RunResult(Scenario scenario, long wallNanos, long virtualNanos, Map<String, Long> outcomes,
                        List<VcpuResult> sample, List<DeviceStats> devices, VmmStats vmm, ExitRecorder exits,
                        long vcpusFinished, boolean complete, Accounting accounting, List<Sample> samples,
                        long fixups, Fairness fairness) {

    /** Without per-vCPU figures (a run made by hand: every vCPU counts as idle). */
    public RunResult(Scenario scenario, long wallNanos, long virtualNanos, Map<String, Long> outcomes,
                     List<VcpuResult> sample, List<DeviceStats> devices, VmmStats vmm, ExitRecorder exits,
                     long vcpusFinished, boolean complete, Accounting accounting, List<Sample> samples, long fixups) {
        this(scenario, wallNanos, virtualNanos, outcomes, sample, devices, vmm, exits, vcpusFinished, complete,
                accounting, samples, fixups, new Fairness(new Fairness.PerVcpu(new long[scenario.vcpuCount()],
                        new long[scenario.vcpuCount()], new long[scenario.vcpuCount()]), devices));
    }

    /** Heap and progress sampled during the run (wall clock). */
    /** @param heapAfterGcBytes heap still in use after the most recent collection: the live set */
    public record Sample(long wallMs, long heapUsedBytes, long heapAfterGcBytes, long exits) { }

    public long totalExits() {
        return exits.total().exits();
    }

    public double exitsPerWallSecond() {
        return wallNanos == 0 ? 0 : totalExits() * 1e9 / wallNanos;
    }
}
