package io.tdxsim.sim.run;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The first {@code capacity} exits of a run, one row per exit in column arrays, written
 * concurrently by vCPU actors without locks. Bounded so tracing cost and heap do not grow with
 * run length; exits beyond the capacity are counted, not stored.
 */
public final class ExitLog {

    private final int capacity;
    private final AtomicInteger next = new AtomicInteger();
    /** Set once the log is full; from then on an exit costs a plain read and a striped count. */
    private boolean full;
    private final LongAdder overflow = new LongAdder();
    final int[] vcpu;
    final int[] device;
    final long[] seq;
    final long[] gpa;
    /** bit 0: write; bits 1..4: size; bit 5: failed. */
    final byte[] flags;
    final long[] exitVt;
    final long[] callVt;
    final long[] vmmStartVt;
    final long[] deviceStartVt;
    final long[] replyVt;
    final long[] resumeVt;

    public ExitLog(int capacity) {
        this.capacity = capacity;
        vcpu = new int[capacity];
        device = new int[capacity];
        seq = new long[capacity];
        gpa = new long[capacity];
        flags = new byte[capacity];
        exitVt = new long[capacity];
        callVt = new long[capacity];
        vmmStartVt = new long[capacity];
        deviceStartVt = new long[capacity];
        replyVt = new long[capacity];
        resumeVt = new long[capacity];
    }

    void add(int vcpuIndex, long sequence, int deviceIndex, boolean write, int size, long address, boolean failed,
             long exit, long call, long vmmStart, long deviceStart, long reply, long resume) {
        if (full) {
            overflow.increment();
            return;
        }
        int i = next.getAndIncrement();
        if (i >= capacity) {
            full = true;
            return;
        }
        vcpu[i] = vcpuIndex;
        device[i] = deviceIndex;
        seq[i] = sequence;
        gpa[i] = address;
        flags[i] = (byte) ((write ? 1 : 0) | (size << 1) | (failed ? 1 << 5 : 0));
        exitVt[i] = exit;
        callVt[i] = call;
        vmmStartVt[i] = vmmStart;
        deviceStartVt[i] = deviceStart;
        replyVt[i] = reply;
        resumeVt[i] = resume;
    }

    /** Rows stored (at most the capacity). */
    public int size() {
        return Math.min(next.get(), capacity);
    }

    /** Exits seen but not stored. */
    public long dropped() {
        return Math.max(0, next.get() - capacity) + overflow.sum();
    }

    /** A read-only view of one row, for report writers. */
    public Row row(int i) {
        return new Row(vcpu[i], seq[i], device[i], (flags[i] & 1) != 0, (flags[i] >> 1) & 0xF, gpa[i],
                (flags[i] & 0x20) != 0, exitVt[i], callVt[i], vmmStartVt[i], deviceStartVt[i], replyVt[i],
                resumeVt[i]);
    }

    /** One exit's journey, all times virtual (ns). deviceStartVt is -1 when no device served it. */
    public record Row(int vcpu, long seq, int device, boolean write, int size, long gpa, boolean failed,
                      long exitVt, long callVt, long vmmStartVt, long deviceStartVt, long replyVt, long resumeVt) {
    }
}
