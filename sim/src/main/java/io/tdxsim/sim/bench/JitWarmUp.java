package io.tdxsim.sim.bench;

import com.typesafe.config.Config;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Warms the bench's JVM until the JIT compiler has settled: cycles of every kind of round at 64
 * vCPUs until one cycle spends under {@link #SETTLED_SHARE} of its wall time compiling. On two
 * cores the compiler otherwise takes one of them for seconds after the first rounds, and
 * whichever figures are timed then (a sweep's first settings, the first rows) come out at half
 * their speed.
 */
final class JitWarmUp {

    /** Compilation time of a settled cycle, as a share of its wall time. */
    static final double SETTLED_SHARE = 0.02;

    /**
     * @param cycles        warm-up cycles run
     * @param compileMillis compilation time over the warm-up
     * @param lastShare     the last cycle's compilation time over its wall time
     */
    record Result(int cycles, long compileMillis, double lastShare, boolean settled) { }

    private JitWarmUp() {
    }

    static Result run(BenchPlan plan, Config config) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        // on two cores C2 needs about 5 s of CPU for the simulator's paths, longer when the machine is busy
        long deadline = System.nanoTime() + (plan.quick() ? 30_000_000_000L : 60_000_000_000L);
        long start = timed ? jit.getTotalCompilationTime() : 0;
        double share = Double.NaN;
        int cycles = 0;
        try (RawRounds raw = new RawRounds(config, 64, new Series("warm-raw"));
             SimRounds stress = new SimRounds(64, BenchMode.STRESS, new Series("warm-stress"));
             SimRounds free = new SimRounds(64, BenchMode.UNBOUNDED, new Series("warm-unbounded"));
             SimRounds det = new SimRounds(64, BenchMode.DETERMINISTIC, new Series("warm-det"))) {
            raw.warmUp(plan);
            stress.warmUp(plan);
            free.warmUp(plan);
            det.warmUp(plan);
            while (cycles == 0 || System.nanoTime() < deadline) {
                long wall0 = System.nanoTime();
                long compiled0 = timed ? jit.getTotalCompilationTime() : 0;
                raw.round();
                stress.round();
                free.round();
                det.round();
                cycles++;
                if (!timed) {
                    break;                       // nothing to watch: one cycle, as before
                }
                double wallMillis = (System.nanoTime() - wall0) / 1e6;
                share = (jit.getTotalCompilationTime() - compiled0) / wallMillis;
                if (settled(cycles, share)) {
                    break;
                }
            }
        }
        long compiled = timed ? jit.getTotalCompilationTime() - start : 0;
        return new Result(cycles, compiled, share, timed && settled(cycles, share));
    }

    /**
     * The JIT has settled when a cycle, not the first (whose code is all new), compiled for under
     * {@link #SETTLED_SHARE} of its wall time.
     */
    static boolean settled(int cycles, double compileShare) {
        return cycles >= 2 && compileShare < SETTLED_SHARE;
    }
}
