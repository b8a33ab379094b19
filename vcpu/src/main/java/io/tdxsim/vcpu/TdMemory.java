package io.tdxsim.vcpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The private (TD) memory of one trust domain, shared by all its vCPUs: 4 KiB pages allocated on
 * first write, so untouched RAM and idle vCPUs cost nothing. Accesses are x86-TSO as far as Java
 * gives it: aligned loads are acquire and aligned stores release (bytewise where an access is not
 * naturally aligned), and {@link #compareAndSet} is the building block of LOCK-prefixed
 * instructions. One object per run; every vCPU holds the same one.
 */
public final class TdMemory {

    static final VarHandle BYTE = MethodHandles.arrayElementVarHandle(byte[].class);
    static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final PageTable pages = new PageTable();
    private final int vcpus;
    private volatile SpinClocks clocks;
    /** Taken by a LOCK-prefixed access that spans two aligned longs (CAS cannot cover it). */
    final ReentrantLock splitLock = new ReentrantLock();

    /** Shared/private attributes of the pages beyond guest.ram. */
    private final PageAttributes attributes;
    /** Told every write outside the stacks; null unless the run is split over JVMs. */
    private WriteObserver writes;

    /** The memory of a TD with {@code vcpus} vCPUs and the page attributes its scenario gives. */
    public TdMemory(int vcpus, PageAttributes attributes) {
        this.vcpus = vcpus;
        this.attributes = attributes;
    }

    /** The memory of a TD with {@code vcpus} vCPUs, RAM only below guest.ram. */
    public TdMemory(int vcpus) {
        this(vcpus, PageAttributes.NONE);
    }

    public PageAttributes attributes() {
        return attributes;
    }

    /** The memory of a TD with one vCPU (tests). */
    public TdMemory() {
        this(1);
    }

    /** The vCPUs' clocks for stress mode's spinners, made at the run's first call, end or PAUSE. */
    SpinClocks clocks() {
        SpinClocks c = clocks;
        if (c == null) {
            synchronized (this) {
                if (clocks == null) {
                    clocks = new SpinClocks(vcpus);
                }
                c = clocks;
            }
        }
        return c;
    }

    /** The page holding {@code gpa}, or null while nothing was written there (it reads as zeros). */
    byte[] pageOrNull(long gpa) {
        return pages.get(gpa);
    }

    /** The page holding {@code gpa}, allocated on first use. */
    byte[] page(long gpa) {
        return pages.getOrCreate(gpa);
    }

    /** Places {@code bytes} at guest-physical {@code gpa} before any vCPU runs (a program's data image). */
    public void write(long gpa, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            store(gpa + i, 1, bytes[i]);
        }
    }

    /** Reads {@code size} bytes (1..8, within one page) at guest-physical {@code gpa}: tests and checks. */
    public long read(long gpa, int size) {
        return load(gpa, size);
    }

    /**
     * From now on tells {@code observer} every store outside the vCPU stacks (a stack is its
     * vCPU's alone, so only its own node needs it). Call before any vCPU runs.
     */
    public void observeWrites(WriteObserver observer) {
        this.writes = observer;
    }

    /** A store another copy of this memory made, applied here without telling the observer. */
    public void applyRemote(long gpa, int size, long value) {
        store(page(gpa), (int) (gpa & 0xFFF), size, value);
    }

    private static boolean inStacks(long gpa) {
        return Long.compareUnsigned(gpa - AddressSpace.STACK_REGION, AddressSpace.STACK_REGION_BYTES) < 0;
    }

    /** Pages allocated so far (each 4 KiB). */
    public int pagesAllocated() {
        return pages.allocated();
    }

    /** A load of 1..8 bytes within one page: acquire. */
    long load(long gpa, int size) {
        byte[] p = pageOrNull(gpa);
        return p == null ? 0 : load(p, (int) (gpa & 0xFFF), size);
    }

    static long load(byte[] p, int off, int size) {
        if ((off & (size - 1)) == 0) {
            switch (size) {
                case 1: return (byte) BYTE.getAcquire(p, off) & 0xFFL;
                case 2: return (short) SHORT.getAcquire(p, off) & 0xFFFFL;
                case 4: return (int) INT.getAcquire(p, off) & 0xFFFF_FFFFL;
                case 8: return (long) LONG.getAcquire(p, off);
                default: break;
            }
        }
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | ((byte) BYTE.getAcquire(p, off + i) & 0xFFL);
        }
        return v;
    }

    /** A store of 1..8 bytes within one page: release. */
    void store(long gpa, int size, long value) {
        store(page(gpa), (int) (gpa & 0xFFF), size, value);
        if (writes != null && !inStacks(gpa)) {
            writes.wrote(gpa, size, value);
        }
    }

    static void store(byte[] p, int off, int size, long value) {
        if ((off & (size - 1)) == 0) {
            switch (size) {
                case 1 -> BYTE.setRelease(p, off, (byte) value);
                case 2 -> SHORT.setRelease(p, off, (short) value);
                case 4 -> INT.setRelease(p, off, (int) value);
                case 8 -> LONG.setRelease(p, off, value);
                default -> storeBytes(p, off, size, value);
            }
            return;
        }
        storeBytes(p, off, size, value);
    }

    private static void storeBytes(byte[] p, int off, int size, long value) {
        for (int i = 0; i < size; i++) {
            BYTE.setRelease(p, off + i, (byte) (value >>> (8 * i)));
        }
    }

    /** The aligned long holding {@code gpa}, read with full (volatile) ordering. */
    long volatileLong(long gpa) {
        byte[] p = pageOrNull(gpa);
        return p == null ? 0 : (long) LONG.getVolatile(p, (int) (gpa & 0xFF8));
    }

    /** Atomically replaces the aligned long holding {@code gpa}; fully fenced, as LOCK is. */
    boolean compareAndSet(long gpa, long expected, long value) {
        boolean set = LONG.compareAndSet(page(gpa), (int) (gpa & 0xFF8), expected, value);
        if (set && writes != null && !inStacks(gpa)) {
            writes.wrote(gpa & ~7L, 8, value);
        }
        return set;
    }
}
