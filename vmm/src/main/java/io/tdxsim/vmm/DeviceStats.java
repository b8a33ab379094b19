package io.tdxsim.vmm;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one device saw, in virtual time: accesses by kind, queueing delay and service time.
 * Owned by the device's actor while the run lasts; handed over once at the end.
 */
public final class DeviceStats {

    public final String name;
    public long reads;
    public long writes;
    public long rejected;
    public long ignored;
    public long failures;
    /** Injected faults: answers withheld, answers sent twice, model rebuilds after a failure. */
    public long dropped;
    public long duplicated;
    public long restarts;
    public long busyNs;
    /** DMA into the TD's memory: transfers done each way, their bytes, transfers refused (a private page). */
    public long dmaReads;
    public long dmaWrites;
    public long dmaBytes;
    public long dmaRefused;
    /** Interrupts raised: rising edges of its lines and MSIs (counted; not yet delivered to vCPUs). */
    public long interrupts;
    /** Timers the model set that fired, those still pending when the run ended, and the first fire times. */
    public long timersFired;
    public long timersPending;
    public long[] timerTimes = new long[0];
    public long firstStartVt = -1;
    public long lastDoneVt;
    /** How far this device's service order strayed from virtual-time order (the engine's window). */
    public final io.tdxsim.vmm.engine.Distortion distortion = new io.tdxsim.vmm.engine.Distortion();
    public final Histogram waitNs = new Histogram(3);
    public final Histogram serviceNs = new Histogram(3);
    /** Final model state, filled in when the stats are collected. */
    public Map<String, Object> state = Map.of();
    /** Message of the first model failure, for the report. */
    public String firstFailure;
    /** Program order and interleaving as this device saw them. */
    public ServiceOrder order = new ServiceOrder(0);

    public DeviceStats(String name) {
        this.name = name;
    }

    /**
     * Adds the figures of another instance serving the same device (a concurrent device is
     * served by a pool of actors). The served order is not kept: a pool cannot be replayed.
     */
    public void add(DeviceStats other) {
        reads += other.reads;
        writes += other.writes;
        rejected += other.rejected;
        ignored += other.ignored;
        failures += other.failures;
        dropped += other.dropped;
        duplicated += other.duplicated;
        restarts += other.restarts;
        busyNs += other.busyNs;
        dmaReads += other.dmaReads;
        dmaWrites += other.dmaWrites;
        dmaBytes += other.dmaBytes;
        dmaRefused += other.dmaRefused;
        interrupts += other.interrupts;
        timersFired += other.timersFired;
        timersPending += other.timersPending;
        if (other.firstStartVt >= 0 && (firstStartVt < 0 || other.firstStartVt < firstStartVt)) {
            firstStartVt = other.firstStartVt;
        }
        lastDoneVt = Math.max(lastDoneVt, other.lastDoneVt);
        waitNs.add(other.waitNs);
        distortion.add(other.distortion);
        serviceNs.add(other.serviceNs);
        if (firstFailure == null) {
            firstFailure = other.firstFailure;
        }
        order.absorb(other.order);
    }

    /** A copy that shares nothing with this one: the figures a device hands over at the end. */
    public DeviceStats snapshot() {
        DeviceStats c = new DeviceStats(name);
        c.reads = reads;
        c.writes = writes;
        c.rejected = rejected;
        c.ignored = ignored;
        c.failures = failures;
        c.dropped = dropped;
        c.duplicated = duplicated;
        c.restarts = restarts;
        c.busyNs = busyNs;
        c.dmaReads = dmaReads;
        c.dmaWrites = dmaWrites;
        c.dmaBytes = dmaBytes;
        c.dmaRefused = dmaRefused;
        c.interrupts = interrupts;
        c.timersFired = timersFired;
        c.timersPending = timersPending;
        c.timerTimes = timerTimes.clone();
        c.firstStartVt = firstStartVt;
        c.lastDoneVt = lastDoneVt;
        c.distortion.add(distortion);
        c.waitNs.add(waitNs);
        c.serviceNs.add(serviceNs);
        c.state = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(state));
        c.firstFailure = firstFailure;
        c.order = order.copy();
        return c;
    }

    /** Accesses served per vCPU (index = vCPU), for the fairness of its service; kept by {@link #order}. */
    public long[] servedByVcpu() {
        return order.servedByVcpu();
    }

    public long accesses() {
        return reads + writes;
    }
}
