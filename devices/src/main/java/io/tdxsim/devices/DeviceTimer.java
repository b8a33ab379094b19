package io.tdxsim.devices;

/** A device model's callback at a virtual time it scheduled ({@link AccessContext#scheduleTimer}). */
@FunctionalInterface
public interface DeviceTimer {

    /** {@code ctx.nowNs()} is the time the timer was set for; {@code ctx.vcpu()} is -1. */
    void fire(AccessContext ctx);
}
