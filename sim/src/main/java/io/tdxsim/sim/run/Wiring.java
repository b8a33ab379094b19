package io.tdxsim.sim.run;

import io.tdxsim.devices.MmioDevice;
import io.tdxsim.vcpu.VcpuSpec;
import io.tdxsim.vmm.VmmSettings;
import java.util.List;

/**
 * A scenario turned into concrete parts, built and checked before any actor starts.
 *
 * @param dma   the TD's memory as its devices reach it
 * @param split the vCPUs that run on other nodes, or null for a run in this JVM
 * @param vcpuActors the actors this JVM's vCPUs are spread over (run.vcpu-actors; 0: one each)
 */
record Wiring(List<DeviceInstance> devices, VmmSettings vmm, List<VcpuSpec> vcpus,
              ExitRecorder recorder, int scheduleLimit, long[][] replay, int poolSize, RunProgress progress,
              io.tdxsim.devices.DmaMemory dma, Split split, int vcpuActors) {

    /** The same parts, reporting progress to {@code watcher} (may be null). */
    Wiring watchedBy(RunProgress watcher) {
        if (watcher != null) {
            watcher.attach(recorder, vcpus.size());
        }
        return new Wiring(devices, vmm, vcpus, recorder, scheduleLimit, replay, poolSize, watcher, dma, split, vcpuActors);
    }

    /** The same parts, with the vCPUs that {@code over} places on other nodes running there. */
    Wiring splitOver(Split over) {
        return new Wiring(devices, vmm, vcpus, recorder, scheduleLimit, replay, poolSize, progress, dma, over, vcpuActors);
    }

    /**
     * The same parts, with devices serving calls in recorded orders. The VMM lets calls through as
     * they come: a device holding a call back for its recorded turn must not wait on a release
     * rule that waits on that call's vCPU.
     */
    Wiring replaying(long[][] schedules) {
        int longest = 1;
        for (long[] schedule : schedules) {
            longest = Math.max(longest, schedule.length + 1);   // recorded again, to compare; one more shows a surplus
        }
        return new Wiring(devices, vmm.withWindow(VmmSettings.FREE), vcpus, recorder, longest, schedules, poolSize,
                progress, dma, split, vcpuActors);
    }

    /** A device ready to host: its first model instance, how to build a fresh one, and its faults. */
    /** @param port the device sits in the I/O port space: {@code base} is its first port */
    record DeviceInstance(String name, MmioDevice model, java.util.function.Supplier<MmioDevice> factory, long base,
                          long size, boolean port, long serviceNs, io.tdxsim.vmm.DeviceFaults faults,
                          io.tdxsim.vmm.InterruptRouter.Route interrupts) { }
}
