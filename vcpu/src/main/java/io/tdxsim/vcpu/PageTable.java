package io.tdxsim.vcpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Guest-physical pages by page number in a three-level radix tree (10 + 10 + 12 bits of page
 * number, covering the 2^44-byte window both mappings reach): a lookup is three array loads, no
 * hashing and no boxed key. Levels and pages appear on first write and are never removed.
 */
final class PageTable {

    private static final int LEAF_BITS = 10;
    private static final int MID_BITS = 10;
    private static final int TOP = 1 << (32 - LEAF_BITS - MID_BITS);

    private final AtomicReferenceArray<AtomicReferenceArray<AtomicReferenceArray<byte[]>>> top =
            new AtomicReferenceArray<>(TOP);
    private final AtomicInteger allocated = new AtomicInteger();

    /** The page holding {@code gpa}, or null while nothing was written there. */
    byte[] get(long gpa) {
        long page = gpa >>> 12;
        var mid = top.get((int) (page >>> (LEAF_BITS + MID_BITS)) & (TOP - 1));
        if (mid == null) {
            return null;
        }
        var leaf = mid.get((int) (page >>> LEAF_BITS) & ((1 << MID_BITS) - 1));
        return leaf == null ? null : leaf.get((int) page & ((1 << LEAF_BITS) - 1));
    }

    /** The page holding {@code gpa}, allocated on first use (one winner when vCPUs race). */
    byte[] getOrCreate(long gpa) {
        byte[] p = get(gpa);
        if (p != null) {
            return p;
        }
        long page = gpa >>> 12;
        var mid = level(top, (int) (page >>> (LEAF_BITS + MID_BITS)) & (TOP - 1), 1 << MID_BITS);
        var leaf = level(mid, (int) (page >>> LEAF_BITS) & ((1 << MID_BITS) - 1), 1 << LEAF_BITS);
        int slot = (int) page & ((1 << LEAF_BITS) - 1);
        byte[] fresh = new byte[AddressSpace.PAGE_SIZE];
        if (leaf.compareAndSet(slot, null, fresh)) {
            allocated.incrementAndGet();
            return fresh;
        }
        return leaf.get(slot);
    }

    int allocated() {
        return allocated.get();
    }

    private static <T> AtomicReferenceArray<T> level(AtomicReferenceArray<AtomicReferenceArray<T>> in, int slot,
                                                     int size) {
        AtomicReferenceArray<T> next = in.get(slot);
        if (next == null) {
            in.compareAndSet(slot, null, new AtomicReferenceArray<>(size));
            next = in.get(slot);
        }
        return next;
    }
}
