package io.tdxsim.sim.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The first {@code capacity} exits of a run in virtual-time order ((exit time, vCPU, sequence),
 * a total order), so which exits are kept does not depend on which thread ran first. Written
 * concurrently by vCPU actors: each thread fills column arrays of its own (no allocation per
 * exit), keeps at most twice the capacity and, when full, drops its latest half; an exit later
 * than everything a full shard keeps costs a few comparisons. Read once the run is over.
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
        mine.get().add(vcpuIndex, sequence, deviceIndex, flags(write, size, failed),
                address, exit, call, vmmStart, deviceStart, reply, resume);
    }

    /**
     * Adds the kept rows of another JVM's log (a split run's other node), which saw {@code seen}
     * exits in all: its first rows are among the run's first, the rest cannot be.
     */
    void absorb(List<Row> rows, long seen) {
        Shard s = newShard();
        for (Row r : rows) {
            s.add(r.vcpu(), r.seq(), r.device(), flags(r.write(), r.size(), r.failed()),
                    r.gpa(), r.exitVt(), r.callVt(), r.vmmStartVt(), r.deviceStartVt(), r.replyVt(), r.resumeVt());
        }
        s.seen = seen;
        synchronized (this) {
            merged = null;
        }
    }

    /** A row's write bit, size and failed bit in one byte, as the shards keep them. */
    private static byte flags(boolean write, int size, boolean failed) {
        return (byte) ((write ? 1 : 0) | (size << 1) | (failed ? 1 << 5 : 0));
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
                    for (int i = 0; i < s.count; i++) {
                        all.add(s.row(i));
                    }
                }
            }
            all.sort(ORDER);
            merged = List.copyOf(all.subList(0, Math.min(capacity, all.size())));
        }
        return merged;
    }

    /** One thread's exits in columns; the capacity smallest it saw are always among those it keeps. */
    private static final class Shard {
        private final int capacity;
        private int[] vcpu = new int[0];
        private int[] device = new int[0];
        private byte[] flags = new byte[0];
        private long[] seq = new long[0];
        private long[] gpa = new long[0];
        /** exit, call, VMM start, device start, reply, resume: six times per row. */
        private long[] times = new long[0];
        private int count;
        private long seen;
        /** Set once the shard dropped rows: anything later than row {@code last} cannot be among the first. */
        private boolean full;
        private long lastExit;
        private int lastVcpu;
        private long lastSeq;

        Shard(int capacity) {
            this.capacity = capacity;
        }

        void add(int v, long s, int d, byte f, long address, long exit, long call, long vmmStart, long deviceStart,
                 long reply, long resume) {
            seen++;
            if (capacity == 0 || full && later(exit, v, s)) {
                return;
            }
            if (count == vcpu.length) {
                if (vcpu.length < 2 * capacity) {
                    grow(Math.min(2 * capacity, Math.max(16, vcpu.length * 2)));
                } else {
                    compact();
                    if (later(exit, v, s)) {
                        return;
                    }
                }
            }
            int i = count++;
            vcpu[i] = v;
            device[i] = d;
            flags[i] = f;
            seq[i] = s;
            gpa[i] = address;
            int t = 6 * i;
            times[t] = exit;
            times[t + 1] = call;
            times[t + 2] = vmmStart;
            times[t + 3] = deviceStart;
            times[t + 4] = reply;
            times[t + 5] = resume;
        }

        private boolean later(long exit, int v, long s) {
            if (exit != lastExit) {
                return exit > lastExit;
            }
            return v != lastVcpu ? v > lastVcpu : s > lastSeq;
        }

        private void grow(int n) {
            vcpu = java.util.Arrays.copyOf(vcpu, n);
            device = java.util.Arrays.copyOf(device, n);
            flags = java.util.Arrays.copyOf(flags, n);
            seq = java.util.Arrays.copyOf(seq, n);
            gpa = java.util.Arrays.copyOf(gpa, n);
            times = java.util.Arrays.copyOf(times, 6 * n);
        }

        /** Keeps the capacity earliest rows, in order; rare: once the shard holds twice as many. */
        private void compact() {
            List<Row> rows = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                rows.add(row(i));
            }
            rows.sort(ORDER);
            count = 0;
            for (Row r : rows.subList(0, capacity)) {
                int i = count++;
                vcpu[i] = r.vcpu();
                device[i] = r.device();
                flags[i] = flags(r.write(), r.size(), r.failed());
                seq[i] = r.seq();
                gpa[i] = r.gpa();
                int t = 6 * i;
                times[t] = r.exitVt();
                times[t + 1] = r.callVt();
                times[t + 2] = r.vmmStartVt();
                times[t + 3] = r.deviceStartVt();
                times[t + 4] = r.replyVt();
                times[t + 5] = r.resumeVt();
            }
            Row last = rows.get(capacity - 1);
            full = true;
            lastExit = last.exitVt();
            lastVcpu = last.vcpu();
            lastSeq = last.seq();
        }

        Row row(int i) {
            int t = 6 * i;
            return new Row(vcpu[i], seq[i], device[i], (flags[i] & 1) != 0, (flags[i] >> 1) & 0xF, gpa[i],
                    (flags[i] & 0x20) != 0, times[t], times[t + 1], times[t + 2], times[t + 3], times[t + 4],
                    times[t + 5]);
        }
    }
}
