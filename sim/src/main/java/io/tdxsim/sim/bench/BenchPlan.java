package io.tdxsim.sim.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What one bench invocation measures and for how long.
 *
 * @param roundSeconds the wall time a timed round aims at (its size follows the warm-up's rate)
 */
record BenchPlan(List<Integer> vcpuCounts, int warmups, int rounds, double roundSeconds, boolean quick,
                 boolean full) {

    static final int MILLION = 1_000_000;

    static BenchPlan of(boolean quick, boolean full) {
        List<Integer> counts = new ArrayList<>(List.of(1, 64, 4096, 65536));
        if (full) {
            counts.add(MILLION);
        }
        return quick ? new BenchPlan(counts, 1, 3, 0.35, true, full)
                : new BenchPlan(counts, 1, 5, 1.2, false, full);
    }

    BenchPlan withRoundSeconds(double seconds) {
        return new BenchPlan(vcpuCounts, warmups, rounds, seconds, quick, full);
    }

    /** Timed rounds at this size: a million vCPUs take long to spawn, so fewer rounds there. */
    int roundsFor(int vcpus) {
        return vcpus >= MILLION ? Math.min(rounds, 3) : rounds;
    }

    /**
     * Fewest exits per vCPU in a round. Spawning and stopping the vCPUs is part of every round,
     * so more exits per vCPU weigh it less; quick rounds keep it short at large counts.
     */
    long minExitsPerVcpu(int vcpus) {
        if (vcpus >= MILLION) {
            return 4;
        }
        return vcpus >= 65536 ? (quick ? 4 : 16) : 16;
    }
}
