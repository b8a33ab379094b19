package io.tdxsim.devices;

/** One HPET comparator: its configuration and what it has delivered. */
final class HpetTimer {

    static final long CFG_LEVEL = 1L << 1;
    static final long CFG_INT_ENABLE = 1L << 2;
    static final long CFG_PERIODIC = 1L << 3;
    static final long CAP_PERIODIC = 1L << 4;
    static final long CAP_64BIT = 1L << 5;
    static final long CFG_VAL_SET = 1L << 6;
    /** Bits software may change: level, enable, periodic, val-set, 32-bit mode, IRQ route. */
    static final long CFG_WRITABLE = 0x3F4EL;
    /** IOAPIC inputs 20..23, in bits 63:32. */
    static final long ROUTE_CAP = 0x00F0_0000L << 32;

    long config = CAP_PERIODIC | CAP_64BIT | ROUTE_CAP;
    long comparator = -1L;
    long period;
    long interrupts;

    void writeConfig(long value) {
        config = (config & ~CFG_WRITABLE) | (value & CFG_WRITABLE);
    }

    /**
     * A comparator write of the bits in {@code mask}. One-shot timers and periodic ones with VAL_SET take it as the next
     * match; periodic timers also take it as their period. VAL_SET clears itself.
     */
    void writeComparator(long value, long mask) {
        boolean periodic = (config & CFG_PERIODIC) != 0;
        if (!periodic || (config & CFG_VAL_SET) != 0) {
            comparator = (comparator & ~mask) | (value & mask);
        }
        if (periodic) {
            period = (period & ~mask) | (value & mask);
        }
        config &= ~CFG_VAL_SET;
    }

    /**
     * The main counter moved from {@code from} (exclusive) to {@code to} (inclusive); returns
     * how many matches that covered. Periodic timers step their comparator past {@code to}.
     */
    long advance(long from, long to) {
        if (Long.compareUnsigned(comparator, from) <= 0 || Long.compareUnsigned(comparator, to) > 0) {
            return 0;
        }
        long matches = 1;
        if ((config & CFG_PERIODIC) != 0 && period != 0) {
            matches += Long.divideUnsigned(to - comparator, period);
            comparator += matches * period;
        }
        if ((config & CFG_INT_ENABLE) != 0) {
            interrupts += matches;
        }
        return matches;
    }

    boolean interruptEnabled() {
        return (config & CFG_INT_ENABLE) != 0;
    }

    boolean levelInterruptEnabled() {
        return (config & (CFG_LEVEL | CFG_INT_ENABLE)) == (CFG_LEVEL | CFG_INT_ENABLE);
    }
}
