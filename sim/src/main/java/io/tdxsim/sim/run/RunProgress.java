package io.tdxsim.sim.run;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live figures of a run in progress, safe to read from any thread: vCPUs finished out of the
 * total, and exits completed so far.
 */
public final class RunProgress {

    private final AtomicLong finished = new AtomicLong();
    private volatile ExitRecorder recorder;
    private volatile int total;

    public long vcpusFinished() {
        return Math.min(finished.get(), total);
    }

    public int vcpusTotal() {
        return total;
    }

    public long exits() {
        ExitRecorder r = recorder;
        return r == null ? 0 : r.total().exits();
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
