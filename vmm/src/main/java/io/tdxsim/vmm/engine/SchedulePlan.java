package io.tdxsim.vmm.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How a seed chooses one schedule among the legal ones, so that every seed is one reproducible
 * interleaving: the order in which vCPUs win ties at equal virtual time, a seeded jitter on each
 * call's arrival, and host preemptions: in a TD the untrusted host may deschedule any vCPU at any
 * point, so a preemption holds a chosen vCPU back for a chosen virtual time from a chosen moment
 * on (the change points of PCT, in virtual time). All of it only adds time or reorders ties, so
 * the engine's lookahead stays a true lower bound.
 *
 * @param seed           the run's seed
 * @param seededTies     vCPUs win ties in a seeded order instead of by index
 * @param jitterNs       each call arrives up to this much later, drawn per call
 * @param preemptions    how many preemptions the run has
 * @param preemptionNs   each lasts between 1ns and this
 * @param withinNs       each starts at a virtual time below this
 */
public record SchedulePlan(long seed, boolean seededTies, long jitterNs, int preemptions, long preemptionNs,
                           long withinNs) {

    /** Ties by index, no jitter, no preemption: the plain (virtual time, vCPU, sequence) order. */
    public static final SchedulePlan NONE = new SchedulePlan(0, false, 0, 0, 0, 0);

    /** One preemption: vCPU {@code vcpu} is held back {@code forNs} once its virtual time reaches {@code atNs}. */
    public record Preemption(int vcpu, long atNs, long forNs) { }

    /** The rank of each vCPU in ties (lower wins), or null for index order. */
    public int[] ranks(int vcpus) {
        if (!seededTies) {
            return null;
        }
        int[] order = new int[vcpus];
        for (int i = 0; i < vcpus; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x7469_6562_7265_616bL);
        for (int i = vcpus - 1; i > 0; i--) {              // Fisher-Yates
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] rank = new int[vcpus];
        for (int r = 0; r < vcpus; r++) {
            rank[order[r]] = r;
        }
        return rank;
    }

    /** The run's preemptions, in the order drawn. */
    public List<Preemption> preemptionList(int vcpus) {
        List<Preemption> out = new ArrayList<>(preemptions);
        if (preemptions == 0 || vcpus == 0) {
            return out;
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x7072_6565_6d70_7400L);
        for (int k = 0; k < preemptions; k++) {
            out.add(new Preemption(random.nextInt(vcpus), random.nextLong(Math.max(1, withinNs)),
                    1 + random.nextLong(Math.max(1, preemptionNs))));
        }
        return out;
    }

    /** Each vCPU's perturbation, or null where it has none (most vCPUs of a big run). */
    public Perturbation[] perturbations(int vcpus) {
        Perturbation[] out = new Perturbation[vcpus];
        List<Preemption> all = preemptionList(vcpus);
        long[][] points = new long[vcpus][];
        for (Preemption p : all) {
            long[] old = points[p.vcpu()] == null ? new long[0] : points[p.vcpu()];
            long[] grown = Arrays.copyOf(old, old.length + 2);
            grown[old.length] = p.atNs();
            grown[old.length + 1] = p.forNs();
            points[p.vcpu()] = grown;
        }
        for (int v = 0; v < vcpus; v++) {
            if (jitterNs > 0 || points[v] != null) {
                out[v] = new Perturbation(points[v], jitterNs, seed ^ (0x6a69_7474L * (v + 1)));
            }
        }
        return out;
    }
}
