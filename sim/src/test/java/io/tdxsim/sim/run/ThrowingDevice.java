package io.tdxsim.sim.run;

import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.MmioDevice;

/** A user model with a bug: every access throws, as a model's own code would, not an injected fault. */
public final class ThrowingDevice implements MmioDevice {

    static final String MESSAGE = "register file not initialised";

    @Override
    public long read(long offset, int size, AccessContext ctx) {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public void write(long offset, int size, long value, AccessContext ctx) {
        throw new IllegalStateException(MESSAGE);
    }
}
