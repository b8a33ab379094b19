package io.tdxsim.sim.run;

import io.tdxsim.vcpu.VcpuResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregates vCPU results without keeping all of them: outcome counts, totals, and a bounded
 * sample (the lowest-numbered vCPUs plus faulted ones) for the report.
 */
final class VcpuTally {

    static final int SAMPLE = 64;

    private final Map<String, Long> outcomes = new TreeMap<>();
    private final List<VcpuResult> first = new ArrayList<>();
    /** The lowest-numbered faulted vCPUs beyond the first SAMPLE: the same ones whatever order they end in. */
    private final java.util.TreeMap<Integer, VcpuResult> faulted = new java.util.TreeMap<>();
    private final int expected;
    private long finished;
    private long maxVt;

    VcpuTally(int expected) {
        this.expected = expected;
        this.issuedBy = new long[expected];
        this.receivedBy = new long[expected];
        this.exitsBy = new long[expected];
        this.waitBy = new long[expected];
        this.maxWaitBy = new long[expected];
    }

    /** Per vCPU, as the vCPU itself counted: calls it sent, answers it received. */
    private final long[] issuedBy;
    private final long[] receivedBy;
    /** Per vCPU: exits completed, virtual time queued in all and at most, for fairness over every vCPU. */
    private final long[] exitsBy;
    private final long[] waitBy;
    private final long[] maxWaitBy;
    private final java.util.BitSet reported = new java.util.BitSet();
    private final List<String> duplicates = new ArrayList<>();
    private long issued;
    private long answered;
    private long late;
    private long inFlight;

    void add(VcpuResult r) {
        finished++;
        account(r);
        outcomes.merge(r.outcome(), 1L, Long::sum);
        maxVt = Math.max(maxVt, r.vt());
        if (r.index() < SAMPLE) {
            first.add(r);
        } else if (r.fault() != null) {
            faulted.put(r.index(), r);
            if (faulted.size() > SAMPLE) {
                faulted.pollLastEntry();
            }
        }
    }

    /** A vCPU the run stopped before it finished: counted as RUNNING. */
    void addSnapshot(VcpuResult r) {
        outcomes.merge(r.outcome(), 1L, Long::sum);
        maxVt = Math.max(maxVt, r.vt());
        account(r);
        if (r.index() < SAMPLE) {
            first.add(r);
        }
    }

    private long fixups;

    long fixups() {
        return fixups;
    }

    private void account(VcpuResult r) {
        if (reported.get(r.index())) {
            duplicates.add("vcpu " + r.index() + ": reported twice");
            return;
        }
        reported.set(r.index());
        fixups += r.fixups();
        issued += r.issued();
        answered += r.exits();
        late += r.lateAnswers();
        inFlight += r.inFlight() ? 1 : 0;
        issuedBy[r.index()] = r.issued();
        receivedBy[r.index()] = r.received();
        exitsBy[r.index()] = r.exits();
        waitBy[r.index()] = r.waitNs();
        maxWaitBy[r.index()] = r.maxWaitNs();
    }

    /** vCPUs that reported more than once (each must be counted once). */
    List<String> duplicates() {
        return duplicates;
    }

    boolean reported(int vcpu) {
        return reported.get(vcpu);
    }

    long issuedBy(int vcpu) {
        return issuedBy[vcpu];
    }

    long receivedBy(int vcpu) {
        return receivedBy[vcpu];
    }

    /** Every vCPU's waiting, as it counted it. */
    Fairness.PerVcpu perVcpu() {
        return new Fairness.PerVcpu(exitsBy, waitBy, maxWaitBy);
    }

    int expected() {
        return expected;
    }

    /** Answers that reached stopped vCPUs after the stop: received, not executed. */
    long lateAnswers() {
        return late;
    }

    long issued() {
        return issued;
    }

    long answered() {
        return answered;
    }

    long inFlight() {
        return inFlight;
    }

    long finished() {
        return finished;
    }

    long maxVt() {
        return maxVt;
    }

    Map<String, Long> outcomes() {
        Map<String, Long> all = new TreeMap<>(outcomes);
        long reported = all.values().stream().mapToLong(Long::longValue).sum();
        if (reported < expected) {
            all.merge("RUNNING", expected - reported, Long::sum);
        }
        return all;
    }

    List<VcpuResult> sample() {
        List<VcpuResult> all = new ArrayList<>(first);
        all.addAll(faulted.values());
        all.sort(Comparator.comparingInt(VcpuResult::index));
        return all;
    }
}
