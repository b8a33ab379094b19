package io.tdxsim.vcpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The shared/private attribute of guest-physical pages beyond guest.ram and the stacks, which are
 * private RAM. A page here is private RAM the TD accepted (it may lie above MMIO, so an access can
 * run from an MMIO page into RAM), shared RAM the host mapped (a bounce buffer: plain memory to
 * the guest), or private but unaccepted (never accepted, or removed by the host): an access to it
 * takes an EPT-violation #VE whose GPA has the shared bit clear. Every other page is shared and
 * unmapped: MMIO. Immutable; sorted, non-overlapping ranges.
 */
public final class PageAttributes {

    /** The attribute of a range of pages. */
    public enum Attribute {
        PRIVATE, SHARED, UNACCEPTED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Attribute parse(String text) {
            for (Attribute a : values()) {
                if (a.id().equals(text)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** One range: {@code size} bytes from {@code base}, both multiples of the page size. */
    public record Range(long base, long size, Attribute attribute) {
        public long end() {
            return base + size;
        }
    }

    public static final PageAttributes NONE = new PageAttributes(List.of());

    private final long[] bases;
    private final long[] ends;
    private final Attribute[] attributes;

    public PageAttributes(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::base));
        bases = new long[sorted.size()];
        ends = new long[sorted.size()];
        attributes = new Attribute[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            bases[i] = sorted.get(i).base();
            ends[i] = sorted.get(i).end();
            attributes[i] = sorted.get(i).attribute();
        }
    }

    /** The attribute of the page holding {@code gpa}, or null when none is set (MMIO). */
    public Attribute of(long gpa) {
        for (int i = 0; i < bases.length; i++) {        // a handful of ranges: a scan beats a search
            if (Long.compareUnsigned(gpa, bases[i]) >= 0 && Long.compareUnsigned(gpa, ends[i]) < 0) {
                return attributes[i];
            }
        }
        return null;
    }

    /** The first range overlapping [base, base + size), or null. */
    public Range overlapping(long base, long size) {
        for (int i = 0; i < bases.length; i++) {
            if (Long.compareUnsigned(base, ends[i]) < 0 && Long.compareUnsigned(bases[i], base + size) < 0) {
                return new Range(bases[i], ends[i] - bases[i], attributes[i]);
            }
        }
        return null;
    }

    /** Memory behind the page (private or shared RAM): the access completes without a #VE. */
    public boolean isMemory(long gpa) {
        if (bases.length == 0) {
            return false;
        }
        Attribute a = of(gpa);
        return a == Attribute.PRIVATE || a == Attribute.SHARED;
    }

    /** A private page that traps (unaccepted): its #VE carries the GPA without the shared bit. */
    public boolean isUnaccepted(long gpa) {
        return bases.length != 0 && of(gpa) == Attribute.UNACCEPTED;
    }
}
