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

        /** Whether the range lies in the I/O port space (its base is then a {@link #portKey}). */
        public boolean ports() {
            return (base & PORT_SPACE) != 0;
        }

        @Override
        public String toString() {
            return ports() ? String.format("%s ports [0x%x, 0x%x)", name, base & ~PORT_SPACE, (base & ~PORT_SPACE) + size)
                    : String.format("%s [0x%x, 0x%x)", name, base, base + size);
        }
    }

    /**
     * I/O port ranges share the map with guest-physical ones, keyed above every GPA (bit 62; the
     * widest GPA is 52 bits), so one lookup routes both spaces and one range never spans both.
     */
    public static final long PORT_SPACE = 1L << 62;

    /** The key port {@code port} is looked up by. */
    public static long portKey(long port) {
        return PORT_SPACE | port;
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

    /** Where a whole access [gpa, gpa + size) falls; every case but {@link Within} is not routed. */
    public sealed interface Access permits Within, Unmapped, PastEnd, BadLength, Wraps { }

    /** The access lies wholly inside the range at {@code index}, {@code offset} bytes from its base. */
    public record Within(int index, long offset) implements Access { }

    /** No range holds the access's first byte. */
    public record Unmapped(long gpa) implements Access { }

    /** The access starts in the range at {@code index} but its last byte lies past the range's end. */
    public record PastEnd(int index, long gpa, int size) implements Access { }

    /** A length of zero or less names no bytes. */
    public record BadLength(int size) implements Access { }

    /** gpa + size runs past the top of the 64-bit address space. */
    public record Wraps(long gpa, int size) implements Access { }

    /**
     * Checks a whole access against the map: it is routed only if all its bytes lie in one range,
     * as a bus that looked up only the first byte would hand a device bytes beyond its end.
     */
    public Access check(long gpa, int size) {
        int index = indexOfAccess(gpa, size);
        if (index >= 0) {
            return new Within(index, gpa - bases[index]);
        }
        if (size <= 0) {
            return new BadLength(size);
        }
        if (Long.compareUnsigned(gpa + (size - 1), gpa) < 0) {
            return new Wraps(gpa, size);
        }
        index = indexOf(gpa);
        return index < 0 ? new Unmapped(gpa) : new PastEnd(index, gpa, size);
    }

    /**
     * Index of the range holding all of [gpa, gpa + size), or -1; {@link #check} says why not.
     * The rule itself lives here, so that routing an exit allocates nothing.
     */
    public int indexOfAccess(long gpa, int size) {
        if (size <= 0) {
            return -1;
        }
        long last = gpa + (size - 1);
        if (Long.compareUnsigned(last, gpa) < 0) {
            return -1;
        }
        int index = indexOf(gpa);
        return index >= 0 && Long.compareUnsigned(last, ends[index] - 1) <= 0 ? index : -1;
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
            String problem = rangeProblem(base, size);
            if (problem != null) {
                throw new AddressMapException("range " + name + ": " + problem);
            }
            if (base + size < base && base + size != 0) {
                throw new AddressMapException(String.format("range %s at 0x%x wraps the address space", name, base));
            }
            pending.add(new Range<>(name, base, size, target));
            return this;
        }

        /** Ports {@code first} .. {@code first + count - 1}; ports need no alignment (a PC's are byte-wide). */
        public Builder<T> addPorts(String name, long first, long count, T target) {
            if (first < 0 || count < 1 || first + count > Ghci.PORTS) {
                throw new AddressMapException(String.format("range %s: ports 0x%x+%d are not within 0..0xffff",
                        name, first, count));
            }
            pending.add(new Range<>(name, portKey(first), count, target));
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

    /**
     * Ranges are whole multiples of {@link #GRANULE} bytes at a base aligned to it: the widest MMIO
     * access then never straddles a range boundary unless it is itself unaligned, and a 1-byte or
     * odd-sized range (almost always a typo) cannot be configured.
     */
    public static final long GRANULE = 8;

    /** Why a range of {@code size} bytes at {@code base} is not allowed, or null if it is. */
    public static String rangeProblem(long base, long size) {
        if (size <= 0 || size % GRANULE != 0) {
            return "size " + size + " is not a positive multiple of " + GRANULE + " bytes";
        }
        if (base % GRANULE != 0) {
            return String.format("base 0x%x is not aligned to %d bytes", base, GRANULE);
        }
        return null;
    }

    /** A configuration error in the address map; the message names the ranges involved. */
    public static final class AddressMapException extends RuntimeException {
        public AddressMapException(String message) {
            super(message);
        }
    }
}
