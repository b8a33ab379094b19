package io.tdxsim.vmm.engine;

/**
 * What the VMM can know in advance of a device's queue in virtual time: the device serves the
 * calls the VMM sends it in the order sent, each for at least its service time, so mirroring its
 * server gives a lower bound on when each call is done. That bound is the lookahead of a vCPU
 * whose call is in flight: without it the engine must assume the answer could come after one
 * bare round trip, and under contention it would hold back every other call for that.
 *
 * <p>Valid only for a device that serves in arrival order (not one replaying a recorded order)
 * and never answers before {@code serviceNs} has passed.
 */
public final class DeviceQueue {

    private final VirtualTimeServer mirror;
    private final long serviceNs;

    /** @param queued false for a concurrent device, which starts every call when it arrives */
    public DeviceQueue(long serviceNs, boolean queued) {
        this.mirror = new VirtualTimeServer(!queued);
        this.serviceNs = serviceNs;
    }

    public long serviceNs() {
        return serviceNs;
    }

    /** A call reaches the device at {@code arriveVt}: the earliest time it can be done. */
    public long earliestDone(long arriveVt) {
        return mirror.serve(arriveVt, serviceNs) + serviceNs;
    }
}
