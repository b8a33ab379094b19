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
    private final List<VcpuResult> faulted = new ArrayList<>();
    private final int expected;
    private long finished;
    private long maxVt;

    VcpuTally(int expected) {
        this.expected = expected;
    }

    void add(VcpuResult r) {
        finished++;
        outcomes.merge(r.outcome(), 1L, Long::sum);
        maxVt = Math.max(maxVt, r.vt());
        if (r.index() < SAMPLE) {
            first.add(r);
        } else if (r.fault() != null && faulted.size() < SAMPLE) {
            faulted.add(r);
        }
    }

    long finished() {
        return finished;
    }

    long maxVt() {
        return maxVt;
    }

    Map<String, Long> outcomes() {
        Map<String, Long> all = new TreeMap<>(outcomes);
        if (finished < expected) {
            all.put("RUNNING", expected - finished);
        }
        return all;
    }

    List<VcpuResult> sample() {
        List<VcpuResult> all = new ArrayList<>(first);
        all.addAll(faulted);
        all.sort(Comparator.comparingInt(VcpuResult::index));
        return all;
    }
}
