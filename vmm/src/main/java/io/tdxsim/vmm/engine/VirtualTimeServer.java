package io.tdxsim.vmm.engine;

/**
 * A single server in virtual time: a call starts at max(arrival, busy-until). It also measures
 * the distortion the engine's window allowed: a call that starts after one that arrived later
 * in virtual time started out of virtual-time order, late by the difference. A server with no
 * queue ({@code infinite}) models a device that serves every call at once.
 */
public final class VirtualTimeServer {

    private final boolean infinite;
    private long busyUntil;
    private long busyNs;
    private long latestArrival = Long.MIN_VALUE;
    private final Distortion distortion = new Distortion();

    public VirtualTimeServer() {
        this(false);
    }

    public VirtualTimeServer(boolean infinite) {
        this.infinite = infinite;
    }

    /** Serves a call arriving at {@code arrivalVt} for {@code serviceNs}; returns its start time. */
    public long serve(long arrivalVt, long serviceNs) {
        long start = infinite ? arrivalVt : Math.max(arrivalVt, busyUntil);
        admit(arrivalVt);
        if (serviceNs > 0) {                // a call that takes no time holds no one up
            busyUntil = Math.max(busyUntil, start + serviceNs);
        }
        busyNs += serviceNs;
        return start;
    }

    /** Extends the service of the call that started last (extra time found during service). */
    public void extend(long extraNs) {
        busyUntil += extraNs;
        busyNs += extraNs;
    }

    private void admit(long arrivalVt) {
        if (arrivalVt < latestArrival) {
            distortion.record(latestArrival - arrivalVt);
        } else {
            latestArrival = arrivalVt;
        }
    }

    public long busyNs() {
        return busyNs;
    }

    public Distortion distortion() {
        return distortion;
    }
}
