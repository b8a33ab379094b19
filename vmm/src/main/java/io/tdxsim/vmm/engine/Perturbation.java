package io.tdxsim.vmm.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One vCPU's share of a {@link SchedulePlan}: the preemptions that fall on it, in virtual-time
 * order, and its own jitter generator. Owned by that vCPU alone.
 */
public final class Perturbation {

    /** Pairs (at, for), sorted by at. */
    private final long[] points;
    private final long jitterNs;
    private final SplittableRandom jitter;
    private int next;

    Perturbation(long[] points, long jitterNs, long seed) {
        this.points = points == null ? new long[0] : sortedPairs(points);
        this.jitterNs = jitterNs;
        this.jitter = jitterNs > 0 ? new SplittableRandom(seed) : null;
    }

    /**
     * Called as the vCPU's clock reaches {@code vt}: the time it is held back by preemptions that
     * start at or before {@code vt} and have not been taken yet.
     */
    public long preemptionAt(long vt) {
        long held = 0;
        while (next < points.length && points[next] <= vt) {
            held += points[next + 1];
            next += 2;
        }
        return held;
    }

    /** The virtual time of the next preemption to come, or Long.MAX_VALUE if none is left. */
    public long nextPoint() {
        return next < points.length ? points[next] : Long.MAX_VALUE;
    }

    /** The next call's seeded extra delay on its way to the VMM. */
    public long jitter() {
        return jitter == null ? 0 : jitter.nextLong(jitterNs + 1);
    }

    /** Preemptions taken so far. */
    public int taken() {
        return next / 2;
    }

    private static long[] sortedPairs(long[] pairs) {
        long[][] rows = new long[pairs.length / 2][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new long[] {pairs[2 * i], pairs[2 * i + 1]};
        }
        Arrays.sort(rows, (a, b) -> Long.compare(a[0], b[0]));
        long[] out = new long[pairs.length];
        for (int i = 0; i < rows.length; i++) {
            out[2 * i] = rows[i][0];
            out[2 * i + 1] = rows[i][1];
        }
        return out;
    }
}
