package io.tdxsim.sim.run;

import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.AccessContract;
import io.tdxsim.devices.DeviceParams;
import io.tdxsim.devices.MmioDevice;
import java.util.Map;

/**
 * The README's model that talks back, as a user would load it by class: a write of a guest
 * address asks for a stamp, which a timer writes there by DMA 1us later, raising line 0.
 * With {@code declare = false} it forgets to declare {@link #talksBack()}.
 */
public final class StampDevice implements MmioDevice {
    private final boolean declared;
    private long stamps;

    public StampDevice(DeviceParams params) {
        declared = params.getBoolean("declare", true);
    }

    @Override
    public boolean talksBack() {
        return declared;
    }

    @Override
    public long read(long offset, int size, AccessContext ctx) {
        ctx.interrupts().line(0, false);
        return stamps;
    }

    @Override
    public void write(long offset, int size, long gpa, AccessContext ctx) {
        ctx.scheduleTimer(ctx.nowNs() + 1_000, later -> {
            if (later.dma().writeLong(gpa, 8, later.nowNs())) {
                stamps++;
                later.interrupts().line(0, true);
            }
        });
    }

    @Override
    public AccessContract contract() {
        return AccessContract.sizes(8, 8).aligned();
    }

    @Override
    public Map<String, Object> snapshot() {
        return Map.of("stamps", stamps);
    }
}
