package io.tdxsim.vmm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Non-overlapping guest-physical ranges, looked up by binary search over sorted bases.
 * Immutable once built, so every router can share one instance without locking.
 */
public final class AddressMap<T> {

    /** One mapped range; {@code end} is exclusive. */
    public record Range<T>(String name, long base, long size, T target) {
        public long end() {
            return base + size;
        }

        @Override
        public String toString() {
            return String.format("%s [0x%x, 0x%x)", name, base, base + size);
        }
    }

    private final long[] bases;
    private final long[] ends;
    private final List<Range<T>> ranges;

    private AddressMap(List<Range<T>> sorted) {
        this.ranges = List.copyOf(sorted);
        this.bases = new long[sorted.size()];
        this.ends = new long[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            bases[i] = sorted.get(i).base();
            ends[i] = sorted.get(i).end();
        }
    }

    /** Index of the range holding {@code address}, or -1. */
    public int indexOf(long address) {
        int lo = 0;
        int hi = bases.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(bases[mid], address) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi >= 0 && Long.compareUnsigned(address, ends[hi]) < 0 ? hi : -1;
    }

    public Range<T> range(int index) {
        return ranges.get(index);
    }

    public List<Range<T>> ranges() {
        return ranges;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** Collects ranges; {@link #build()} rejects overlaps naming both ranges. */
    public static final class Builder<T> {
        private final List<Range<T>> pending = new ArrayList<>();

        public Builder<T> add(String name, long base, long size, T target) {
            if (size <= 0) {
                throw new AddressMapException("range " + name + " has size " + size + "; expected a positive size");
            }
            if (base + size < base && base + size != 0) {
                throw new AddressMapException(String.format("range %s at 0x%x wraps the address space", name, base));
            }
            pending.add(new Range<>(name, base, size, target));
            return this;
        }

        public AddressMap<T> build() {
            List<Range<T>> sorted = new ArrayList<>(pending);
            sorted.sort(Comparator.comparingLong(Range::base));
            for (int i = 1; i < sorted.size(); i++) {
                Range<T> prev = sorted.get(i - 1);
                Range<T> next = sorted.get(i);
                if (Long.compareUnsigned(next.base(), prev.end()) < 0) {
                    throw new AddressMapException("device ranges overlap: " + prev + " and " + next);
                }
            }
            return new AddressMap<>(sorted);
        }
    }

    /** A configuration error in the address map; the message names the ranges involved. */
    public static final class AddressMapException extends RuntimeException {
        public AddressMapException(String message) {
            super(message);
        }
    }
}
