package io.tdxsim.sim.run;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live figures of a run in progress, safe to read from any thread: vCPUs finished out of the
 * total, and exits completed so far.
 */
public final class RunProgress {

    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong exitsBefore = new AtomicLong();
    private volatile ExitRecorder recorder;
    private volatile int total;
    private volatile String unit = "vCPUs";

    /** What the bar counts: vCPUs of one run, or the runs of an exploration. */
    public String unit() {
        return unit;
    }

    /** Follows an exploration of {@code seeds} runs instead of one run's vCPUs. */
    public static RunProgress ofSeeds(int seeds) {
        RunProgress p = new RunProgress();
        p.unit = "seeds";
        p.total = seeds;
        return p;
    }

    /** One seed of an exploration is done, with its exits. */
    public void seedDone(long exits) {
        exitsBefore.addAndGet(exits);
        finished.incrementAndGet();
    }

    public long vcpusFinished() {
        return Math.min(finished.get(), total);
    }

    public int vcpusTotal() {
        return total;
    }

    public long exits() {
        ExitRecorder r = recorder;
        return exitsBefore.get() + (r == null ? 0 : r.total().exits());
    }

    /** Starts following a run (each repeat of a campaign starts over). */
    void attach(ExitRecorder exits, int vcpus) {
        recorder = exits;
        total = vcpus;
        finished.set(0);
    }

    /** Called by the run's guardian each time a vCPU finishes. */
    void vcpuFinished() {
        finished.incrementAndGet();
    }
}
