package io.tdxsim.vmm;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * What a device learns from the order in which it serves calls: whether each vCPU's calls
 * arrived in program order, how vCPUs interleave (lengths of runs of consecutive calls from the
 * same vCPU), and, when asked, the served order itself so a run can be replayed.
 */
public final class ServiceOrder {

    /** Packs a (vCPU, sequence) pair into one long: 24 bits of vCPU, 40 of sequence. */
    public static long key(int vcpu, long seq) {
        return ((long) vcpu << 40) | (seq & 0xFF_FFFF_FFFFL);
    }

    public static int vcpuOf(long key) {
        return (int) (key >>> 40);
    }

    public static long seqOf(long key) {
        return key & 0xFF_FFFF_FFFFL;
    }

    /**
     * Per vCPU, side by side so that serving a call touches one cache line: the highest sequence
     * served ({@code [2v]}) and how many calls were served ({@code [2v + 1]}).
     */
    private long[] perVcpu = new long[32];
    private int lastVcpu = -1;
    private long run;
    private final int recordLimit;
    private long[] served = new long[0];
    private int servedCount;
    private boolean truncated;

    public long violations;
    public long firstViolationVcpu = -1;
    public long switches;
    /** A fingerprint of the order in which vCPUs were served: equal orders, equal numbers. */
    public long interleaving = 0xcbf2_9ce4_8422_2325L;
    public final Histogram runLengths = new Histogram(3);

    public ServiceOrder(int recordLimit) {
        this.recordLimit = recordLimit;
    }

    public void serve(int vcpu, long seq) {
        int at = 2 * vcpu;
        if (at >= perVcpu.length) {
            perVcpu = Arrays.copyOf(perVcpu, Math.max(at + 2, perVcpu.length * 2));
        }
        if (seq <= perVcpu[at]) {
            if (violations++ == 0) {
                firstViolationVcpu = vcpu;
            }
        } else {
            perVcpu[at] = seq;
        }
        perVcpu[at + 1]++;
        interleaving = (interleaving ^ vcpu) * 0x100_0000_01b3L;      // FNV-1a over the vCPU sequence
        if (vcpu == lastVcpu) {
            run++;
        } else {
            if (lastVcpu >= 0) {
                runLengths.recordValue(run);
                switches++;
            }
            lastVcpu = vcpu;
            run = 1;
        }
        if (recordLimit > 0) {
            if (servedCount == recordLimit) {
                truncated = true;
            } else {
                if (servedCount == served.length) {
                    served = Arrays.copyOf(served, Math.min(recordLimit, Math.max(64, served.length * 2)));
                }
                served[servedCount++] = key(vcpu, seq);
            }
        }
    }

    /** Adds another instance's figures (its calls per vCPU too); the merged order is no longer a replayable schedule. */
    public void absorb(ServiceOrder other) {
        if (violations == 0 && other.violations > 0) {
            firstViolationVcpu = other.firstViolationVcpu;
        }
        violations += other.violations;
        if (other.perVcpu.length > perVcpu.length) {
            perVcpu = Arrays.copyOf(perVcpu, other.perVcpu.length);
        }
        for (int at = 0; at < other.perVcpu.length; at += 2) {
            perVcpu[at] = Math.max(perVcpu[at], other.perVcpu[at]);
            perVcpu[at + 1] += other.perVcpu[at + 1];
        }
        switches += other.switches;
        runLengths.add(other.runLengths);
        truncated = true;
    }

    /** Closes the current run so the histogram covers every call; call once at the end. */
    public void finish() {
        if (lastVcpu >= 0 && run > 0) {
            runLengths.recordValue(run);
            run = 0;
        }
    }

    /** A copy that shares nothing with this one: what a device hands over. */
    public ServiceOrder copy() {
        ServiceOrder c = new ServiceOrder(recordLimit);
        c.perVcpu = perVcpu.clone();
        c.lastVcpu = lastVcpu;
        c.run = run;
        c.served = Arrays.copyOf(served, servedCount);
        c.servedCount = servedCount;
        c.truncated = truncated;
        c.violations = violations;
        c.firstViolationVcpu = firstViolationVcpu;
        c.switches = switches;
        c.interleaving = interleaving;
        c.runLengths.add(runLengths);
        return c;
    }

    /** Calls served per vCPU (index = vCPU), up to the highest vCPU served. */
    public long[] servedByVcpu() {
        int vcpus = 0;
        for (int at = perVcpu.length - 1; at > 0; at -= 2) {
            if (perVcpu[at] > 0) {
                vcpus = at / 2 + 1;
                break;
            }
        }
        long[] served = new long[vcpus];
        for (int v = 0; v < vcpus; v++) {
            served[v] = perVcpu[2 * v + 1];
        }
        return served;
    }

    /** The served order, or null if it was not recorded completely. */
    public long[] schedule() {
        return recordLimit > 0 && !truncated ? Arrays.copyOf(served, servedCount) : null;
    }

    public boolean truncated() {
        return truncated;
    }
}
