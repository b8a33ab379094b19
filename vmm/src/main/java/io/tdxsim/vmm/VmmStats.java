package io.tdxsim.vmm;

import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What the VMM saw: calls, refusals by status, unassigned accesses, dispatch queueing. */
public final class VmmStats {

    public long calls;
    public long unassignedReads;
    public long unassignedWrites;
    public long busyNs;
    public final Map<TdvmcallStatus, Long> refusals = new EnumMap<>(TdvmcallStatus.class);
    public final Histogram dispatchWaitNs = new Histogram(3);

    void refuse(TdvmcallStatus status) {
        refusals.merge(status, 1L, Long::sum);
    }

    public long unassigned() {
        return unassignedReads + unassignedWrites;
    }
}
