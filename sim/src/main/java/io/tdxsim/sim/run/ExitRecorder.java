package io.tdxsim.sim.run;

import io.tdxsim.vcpu.ExitObserver;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Per-device exit counters and virtual-time latency histograms, written by all vCPU actors at
 * once. Index {@code devices} collects exits no device served (unassigned or refused).
 */
public final class ExitRecorder implements ExitObserver {

    /** One device's (or the no-device bucket's) figures. */
    public static final class Bucket {
        public final LongAdder reads = new LongAdder();
        public final LongAdder writes = new LongAdder();
        public final LongAdder failed = new LongAdder();
        public final ConcurrentHistogram latencyNs = new ConcurrentHistogram(3);

        public long exits() {
            return reads.sum() + writes.sum();
        }
    }

    private final Bucket[] buckets;
    private final Bucket all = new Bucket();
    private final ExitLog log;
    /** Wall-clock exit latency, kept only when asked for (the bench); null otherwise. */
    private StripedHistogram wallNs;

    public ExitRecorder(int devices, int logCapacity) {
        log = new ExitLog(logCapacity);
        buckets = new Bucket[devices + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new Bucket();
        }
    }

    @Override
    public void exitCompleted(int vcpu, long seq, int device, boolean write, int size, long gpa, long exitVt,
                              long callVt, long vmmStartVt, long deviceStartVt, long replyVt, long resumeVt,
                              long status) {
        log.add(vcpu, seq, device, write, size, gpa, status != 0, exitVt, callVt, vmmStartVt, deviceStartVt,
                replyVt, resumeVt);
        Bucket b = buckets[device < 0 ? buckets.length - 1 : device];
        long latency = Math.max(0, resumeVt - exitVt);
        record(b, write, status, latency);
        record(all, write, status, latency);
    }

    private static void record(Bucket target, boolean write, long status, long latency) {
        (write ? target.writes : target.reads).increment();
        if (status != 0) {
            target.failed.increment();
        }
        target.latencyNs.recordValue(latency);
    }

    /** Also time every exit in wall-clock time; call before the run starts. */
    public void timeWallClock() {
        wallNs = new StripedHistogram(3);
    }

    @Override
    public boolean timesWallClock() {
        return wallNs != null;
    }

    @Override
    public void exitWallNanos(long nanos) {
        wallNs.record(Math.max(0, nanos));
    }

    /** Wall-clock exit latency (send to answer, ns), or null if the run was not timed so. */
    public org.HdrHistogram.Histogram wallLatencyNs() {
        return wallNs == null ? null : wallNs.merged();
    }

    public ExitLog log() {
        return log;
    }

    public Bucket device(int index) {
        return buckets[index];
    }

    public Bucket unserved() {
        return buckets[buckets.length - 1];
    }

    public Bucket total() {
        return all;
    }
}
