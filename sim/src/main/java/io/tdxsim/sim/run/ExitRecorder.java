package io.tdxsim.sim.run;

import io.tdxsim.vcpu.ExitObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Per-device exit counters and virtual-time latency histograms, written by all vCPU actors at
 * once. Index {@code devices} collects exits no device served (unassigned or refused).
 *
 * <p>Each dispatcher thread records into a shard of its own (plain counters and histograms, no
 * shared writes on the exit path); the buckets are summed from the shards when read, which is
 * meant to happen once the run is over.
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

        private void clear() {
            reads.reset();
            writes.reset();
            failed.reset();
            latencyNs.reset();
        }
    }

    /**
     * One thread's figures, per bucket. The thread records latency into a SingleWriterRecorder,
     * which a reader may drain while it records (a plain Histogram read during a resize throws);
     * {@code drained} accumulates what readers took, under the shards lock.
     */
    private static final class Shard {
        final long[] reads;
        final long[] writes;
        final long[] failed;
        final SingleWriterRecorder[] latencyNs;
        final Histogram[] drained;

        /** What another JVM's recorder counted: bucket by bucket, its latencies already drained. */
        Shard(Part part) {
            this(part.reads().length);
            System.arraycopy(part.reads(), 0, reads, 0, reads.length);
            System.arraycopy(part.writes(), 0, writes, 0, writes.length);
            System.arraycopy(part.failed(), 0, failed, 0, failed.length);
            for (int b = 0; b < reads.length; b++) {
                try {
                    drained[b] = Histogram.decodeFromCompressedByteBuffer(java.nio.ByteBuffer.wrap(part.latencyNs()[b]), 0);
                } catch (java.util.zip.DataFormatException e) {
                    throw new IllegalArgumentException("a node's latency histogram does not decode", e);
                }
            }
        }

        Shard(int buckets) {
            reads = new long[buckets];
            writes = new long[buckets];
            failed = new long[buckets];
            latencyNs = new SingleWriterRecorder[buckets];
            drained = new Histogram[buckets];
            for (int i = 0; i < buckets; i++) {
                latencyNs[i] = new SingleWriterRecorder(3);
                drained[i] = new Histogram(3);
            }
        }

        /** Everything recorded into bucket {@code b} so far; call with the shards lock held. */
        Histogram latency(int b) {
            drained[b].add(latencyNs[b].getIntervalHistogram());
            return drained[b];
        }
    }

    /**
     * Everything a recorder in another JVM counted (a split run's vCPUs there), to be added to this
     * run's: per bucket the reads, writes, failures and latency histogram (HdrHistogram's compressed
     * form), and the exit log's rows with how many exits it saw.
     */
    public record Part(long[] reads, long[] writes, long[] failed, byte[][] latencyNs, long logSeen,
                       List<ExitLog.Row> logRows) { }

    private final Bucket[] buckets;
    private final Bucket all = new Bucket();
    private final ExitLog log;
    private final List<Shard> shards = new ArrayList<>();
    private final ThreadLocal<Shard> mine = ThreadLocal.withInitial(this::newShard);
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
        Shard s = mine.get();
        int b = device < 0 ? buckets.length - 1 : device;
        if (write) {
            s.writes[b]++;
        } else {
            s.reads[b]++;
        }
        if (status != 0) {
            s.failed[b]++;
        }
        s.latencyNs[b].recordValue(Math.max(0, resumeVt - exitVt));
    }

    private Shard newShard() {
        Shard s = new Shard(buckets.length);
        synchronized (shards) {
            shards.add(s);
        }
        return s;
    }

    /** Sums the shards into the buckets (and every bucket into the total). */
    private void refresh() {
        synchronized (shards) {
            all.clear();
            for (int b = 0; b < buckets.length; b++) {
                Bucket bucket = buckets[b];
                bucket.clear();
                for (Shard s : shards) {
                    bucket.reads.add(s.reads[b]);
                    bucket.writes.add(s.writes[b]);
                    bucket.failed.add(s.failed[b]);
                    bucket.latencyNs.add(s.latency(b));
                }
                all.reads.add(bucket.reads.sum());
                all.writes.add(bucket.writes.sum());
                all.failed.add(bucket.failed.sum());
                all.latencyNs.add(bucket.latencyNs);
            }
        }
    }

    /** What this recorder counted, for the recorder of a split run's home JVM; read once the run is over. */
    public Part part() {
        refresh();
        int n = buckets.length;
        long[] reads = new long[n];
        long[] writes = new long[n];
        long[] failed = new long[n];
        byte[][] latency = new byte[n][];
        for (int b = 0; b < n; b++) {
            reads[b] = buckets[b].reads.sum();
            writes[b] = buckets[b].writes.sum();
            failed[b] = buckets[b].failed.sum();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(buckets[b].latencyNs.getNeededByteBufferCapacity());
            int length = buckets[b].latencyNs.encodeIntoCompressedByteBuffer(buf);
            latency[b] = java.util.Arrays.copyOf(buf.array(), length);
        }
        List<ExitLog.Row> rows = new ArrayList<>(log.size());
        for (int i = 0; i < log.size(); i++) {
            rows.add(log.row(i));
        }
        return new Part(reads, writes, failed, latency, log.dropped() + rows.size(), rows);
    }

    /** Adds what another JVM's recorder counted (a split run's other node) to this one. */
    public void absorb(Part part) {
        if (part.reads().length != buckets.length) {
            throw new IllegalArgumentException("a part of " + part.reads().length + " buckets, this run has " + buckets.length);
        }
        synchronized (shards) {
            shards.add(new Shard(part));
        }
        log.absorb(part.logRows(), part.logSeen());
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
    public Histogram wallLatencyNs() {
        return wallNs == null ? null : wallNs.merged();
    }

    public ExitLog log() {
        return log;
    }

    public Bucket device(int index) {
        refresh();
        return buckets[index];
    }

    public Bucket unserved() {
        refresh();
        return buckets[buckets.length - 1];
    }

    public Bucket total() {
        refresh();
        return all;
    }
}
