package io.tdxsim.sim.scenario;

import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.DeviceParams;
import io.tdxsim.devices.MmioDevice;

/** A user model that reads one param and declares none, as the README's example does. */
public final class DepthDevice implements MmioDevice {

    private final int depth;

    public DepthDevice(DeviceParams params) {
        depth = params.getInt("depth", 8);
    }

    @Override
    public long read(long offset, int size, AccessContext ctx) {
        return depth;
    }

    @Override
    public void write(long offset, int size, long value, AccessContext ctx) {
    }
}
