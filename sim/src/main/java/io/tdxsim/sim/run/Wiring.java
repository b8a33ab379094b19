package io.tdxsim.sim.run;

import io.tdxsim.devices.MmioDevice;
import io.tdxsim.vcpu.VcpuSpec;
import io.tdxsim.vmm.VmmSettings;
import java.util.List;

/** A scenario turned into concrete parts, built and checked before any actor starts. */
record Wiring(List<DeviceInstance> devices, VmmSettings vmm, int routers, List<VcpuSpec> vcpus,
              ExitRecorder recorder) {

    record DeviceInstance(String name, MmioDevice model, long base, long size, long serviceNs) { }
}
