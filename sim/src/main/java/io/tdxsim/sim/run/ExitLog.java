package io.tdxsim.sim.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The first {@code capacity} exits of a run in virtual-time order ((exit time, vCPU, sequence),
 * a total order), so which exits are kept does not depend on which thread ran first. Written
 * concurrently by vCPU actors: each thread fills a shard of its own, which keeps at most twice
 * the capacity and, when full, drops its latest half; an exit later than everything a full
 * shard keeps costs one comparison. Read once the run is over.
 */
public final class ExitLog {

    /** One exit's journey, all times virtual (ns). deviceStartVt is -1 when no device served it. */
    public record Row(int vcpu, long seq, int device, boolean write, int size, long gpa, boolean failed,
                      long exitVt, long callVt, long vmmStartVt, long deviceStartVt, long replyVt, long resumeVt) {
    }

    /** Virtual-time order: the order rows are kept and read in. */
    public static final Comparator<Row> ORDER = Comparator.comparingLong(Row::exitVt).thenComparingInt(Row::vcpu)
            .thenComparingLong(Row::seq);

    private final int capacity;
    private final List<Shard> shards = new ArrayList<>();
    private final ThreadLocal<Shard> mine = ThreadLocal.withInitial(this::newShard);
    private List<Row> merged;

    public ExitLog(int capacity) {
        this.capacity = capacity;
    }

    void add(int vcpuIndex, long sequence, int deviceIndex, boolean write, int size, long address, boolean failed,
             long exit, long call, long vmmStart, long deviceStart, long reply, long resume) {
        Shard shard = mine.get();
        shard.seen++;
        if (shard.rejects(exit, vcpuIndex, sequence)) {
            return;                                  // the common case once a shard is full: no allocation
        }
        shard.add(new Row(vcpuIndex, sequence, deviceIndex, write, size, address, failed, exit, call, vmmStart,
                deviceStart, reply, resume));
    }

    private Shard newShard() {
        Shard s = new Shard(capacity);
        synchronized (shards) {
            shards.add(s);
        }
        return s;
    }

    /** Rows stored (at most the capacity). */
    public int size() {
        return rows().size();
    }

    /** Exits seen but not stored. */
    public long dropped() {
        long seen = 0;
        synchronized (shards) {
            for (Shard s : shards) {
                seen += s.seen;
            }
        }
        return seen - size();
    }

    /** The i-th stored exit in virtual-time order. */
    public Row row(int i) {
        return rows().get(i);
    }

    private synchronized List<Row> rows() {
        if (merged == null) {
            List<Row> all = new ArrayList<>();
            synchronized (shards) {
                for (Shard s : shards) {
                    all.addAll(Arrays.asList(s.rows).subList(0, s.count));
                }
            }
            all.sort(ORDER);
            merged = List.copyOf(all.subList(0, Math.min(capacity, all.size())));
        }
        return merged;
    }

    /** One thread's exits; the capacity smallest it saw are always among those it keeps. */
    private static final class Shard {
        private final int capacity;
        private Row[] rows = new Row[16];
        private int count;
        private long seen;
        /** Set once the shard dropped rows: anything later than this cannot be among the first. */
        private Row latestKept;

        Shard(int capacity) {
            this.capacity = capacity;
        }

        boolean rejects(long exitVt, int vcpu, long seq) {
            if (capacity == 0) {
                return true;
            }
            Row last = latestKept;
            if (last == null) {
                return false;
            }
            if (exitVt != last.exitVt()) {
                return exitVt > last.exitVt();
            }
            return vcpu != last.vcpu() ? vcpu > last.vcpu() : seq > last.seq();
        }

        void add(Row row) {
            if (count == rows.length) {
                if (rows.length < 2 * capacity) {
                    rows = Arrays.copyOf(rows, Math.min(2 * capacity, rows.length * 2));
                } else {
                    Arrays.sort(rows, 0, count, ORDER);
                    Arrays.fill(rows, capacity, count, null);
                    count = capacity;
                    latestKept = rows[capacity - 1];
                    if (ORDER.compare(row, latestKept) > 0) {
                        return;
                    }
                }
            }
            rows[count++] = row;
        }
    }
}
