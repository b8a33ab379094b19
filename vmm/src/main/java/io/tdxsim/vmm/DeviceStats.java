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
    public long firstStartVt = -1;
    public long lastDoneVt;
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

    public long accesses() {
        return reads + writes;
    }
}
