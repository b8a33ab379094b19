package io.tdxsim.sim.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long two threads take to pass a value back and forth: the cost of the cache line every
 * message between actors on different threads moves. On a 2-core VM it read about 32, 75 or
 * 330 ns per round trip from one minute to the next, while steal read 0% and single-thread speed
 * stayed put: the hypervisor placing the VM's two processors on one physical core, on two, or
 * further apart. A row measured while it moved, or at another level than the row it is compared
 * with, ran on a different machine in effect, whatever its steal says.
 */
final class CoreHandOff {

    /** Hand-off costs further apart than this factor are different placements, not noise (32, 75, 330 ns). */
    private static final double COMPARABLE = 1.5;
    private static final int BURSTS = 7;
    private static final int ROUND_TRIPS = 10_000;

    private CoreHandOff() {
    }

    /**
     * Nanoseconds per round trip between this thread and one other: the fastest of a few bursts,
     * as a burst that shared a core with the JIT compiler or a pool thread still spinning down
     * counts that thread's time slice, not the hand-off; cores placed apart slow every burst.
     * NaN with one processor: there is no other core to hand off to.
     */
    static double measure() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return Double.NaN;
        }
        double fastest = Double.MAX_VALUE;
        for (int b = 0; b < BURSTS; b++) {
            fastest = Math.min(fastest, burst());
        }
        return fastest;
    }

    /** A burst ends early past this, so a host that deschedules one thread cannot stall the bench. */
    private static final long BURST_LIMIT_NS = 200_000_000L;
    private static final long ABANDONED = Long.MIN_VALUE;

    private static double burst() {
        AtomicLong ball = new AtomicLong();
        Thread partner = new Thread(() -> {
            for (long i = 1; i <= ROUND_TRIPS; i++) {
                long v;
                while ((v = ball.get()) != 2 * i - 1) {
                    if (v == ABANDONED) {
                        return;
                    }
                    Thread.onSpinWait();
                }
                ball.set(2 * i);
            }
        }, "tdxsim-bench-hand-off");
        partner.setDaemon(true);
        partner.start();
        long start = System.nanoTime();
        long deadline = start + BURST_LIMIT_NS;
        long done = 0;
        trips:
        for (long i = 1; i <= ROUND_TRIPS; i++) {
            ball.set(2 * i - 1);
            for (int spins = 1; ball.get() != 2 * i; spins++) {
                if ((spins & 1023) == 0 && System.nanoTime() > deadline) {
                    ball.set(ABANDONED);
                    break trips;
                }
                Thread.onSpinWait();
            }
            done = i;
        }
        long elapsed = System.nanoTime() - start;
        try {
            partner.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (double) elapsed / Math.max(1, done);
    }

    /** "70-72 ns", or "70 ns" when both ends round alike. */
    static String range(Span span) {
        long low = Math.round(span.lowNs());
        long high = Math.round(span.highNs());
        return low == high ? low + " ns" : low + "-" + high + " ns";
    }

    /** The hand-off cost before and after a stretch of the bench. */
    record Span(double beforeNs, double afterNs) {
        static final Span UNKNOWN = new Span(Double.NaN, Double.NaN);

        double lowNs() {
            return Math.min(beforeNs, afterNs);
        }

        double highNs() {
            return Math.max(beforeNs, afterNs);
        }

        /** Both ends were measured (not on one processor). */
        boolean known() {
            return !Double.isNaN(beforeNs) && !Double.isNaN(afterNs);
        }

        /** The host changed while this stretch ran. */
        boolean changed() {
            return highNs() > COMPARABLE * lowNs();
        }

        /** This stretch and {@code other} ran on the same kind of host throughout. */
        boolean comparableWith(Span other) {
            return !changed() && !other.changed() && Math.max(highNs(), other.highNs())
                    <= COMPARABLE * Math.min(lowNs(), other.lowNs());
        }
    }
}
