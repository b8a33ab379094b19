package io.tdxsim.sim.bench;

/** How many exits (or round trips) per vCPU (or sender) make a round last the plan's round time. */
final class Sizing {

    private Sizing() {
    }

    /** Before anything is measured: a single vCPU is latency-bound, many are throughput-bound. */
    static long guess(BenchPlan plan, int vcpus) {
        double rate = vcpus == 1 ? 30_000 : 300_000;
        return perVcpu(plan, vcpus, rate);
    }

    static long perVcpu(BenchPlan plan, int vcpus, double ratePerSecond) {
        long per = (long) Math.ceil(ratePerSecond * plan.roundSeconds() / vcpus);
        return Math.max(plan.minExitsPerVcpu(vcpus), Math.min(per, 50_000_000));
    }
}
