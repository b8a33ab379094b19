package io.tdxsim.vmm.engine;

/**
 * How far a server's service order strayed from virtual-time order: calls that started after a
 * call that arrived later than they did, and by how much (ns of virtual time).
 */
public final class Distortion {

    private long outOfOrder;
    private long maxNs;
    private long totalNs;

    void record(long lateNs) {
        outOfOrder++;
        maxNs = Math.max(maxNs, lateNs);
        totalNs += lateNs;
    }

    /** Adds another server's figures (several instances serving one device). */
    public void add(Distortion other) {
        outOfOrder += other.outOfOrder;
        maxNs = Math.max(maxNs, other.maxNs);
        totalNs += other.totalNs;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    public long maxNs() {
        return maxNs;
    }

    public long totalNs() {
        return totalNs;
    }
}
