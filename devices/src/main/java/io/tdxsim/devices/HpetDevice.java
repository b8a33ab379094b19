package io.tdxsim.devices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HPET: a 64-bit main counter that runs with virtual time while ENABLE_CNF is set, and a few
 * comparators. Registers are 64 bits wide and take aligned 4-byte (one half) or 8-byte accesses.
 * A device timer is set for the next comparator match, so matches happen at their time whether
 * or not the guest looks (an access also settles every match up to its start). A match of an
 * enabled comparator raises its interrupt line (TIMn_CONF bits 13:9, or with LEG_RT_CNF line 0
 * for timer 0 and 8 for timer 1): level-triggered timers latch their bit in the interrupt status
 * and hold the line up until the bit is cleared, edge-triggered ones pulse it.
 */
public final class HpetDevice implements MmioDevice {

    public static final long CAPABILITIES = 0x000;
    public static final long CONFIGURATION = 0x010;
    public static final long INTERRUPT_STATUS = 0x020;
    public static final long MAIN_COUNTER = 0x0f0;
    public static final long TIMER_BASE = 0x100;
    public static final long TIMER_STRIDE = 0x20;
    public static final long TIMER_CONFIG = 0x00;
    public static final long TIMER_COMPARATOR = 0x08;

    public static final long CFG_ENABLE = 1;
    public static final long CFG_LEGACY_ROUTE = 2;
    static final long CAP_REV_ID = 0x01;
    static final long CAP_COUNTER_64BIT = 1L << 13;
    static final long CAP_LEGACY_ROUTE = 1L << 15;
    static final long CAP_VENDOR_INTEL = 0x8086L << 16;
    /** The HPET spec caps the tick period at 100 ns. */
    static final long MAX_PERIOD_FS = 100_000_000L;
    private static final long FS_PER_NS = 1_000_000L;

    public static final DeviceModel MODEL = new DeviceModel("hpet",
            "HPET: main counter driven by virtual time, comparators with one-shot and periodic modes",
            List.of(reg(CAPABILITIES, "GCAP_ID", "r", "period in fs (63:32), vendor 0x8086, 64-bit counter, timers-1 (12:8)"),
                    reg(CONFIGURATION, "GEN_CONF", "rw", "bit 0 ENABLE_CNF runs the counter, bit 1 LEG_RT_CNF"),
                    reg(INTERRUPT_STATUS, "GINTR_STA", "rw1c", "bit n: level-triggered timer n matched"),
                    reg(MAIN_COUNTER, "MAIN_CNT", "rw", "counter; writable while halted, writes while running are dropped"),
                    reg(TIMER_BASE, "TIMn_CONF", "rw", "timer n at 0x100+0x20*n: level 1, int enable 2, periodic 3, val set 6"),
                    reg(TIMER_BASE + TIMER_COMPARATOR, "TIMn_COMP", "rw", "timer n comparator; periodic timers also take it as period")),
            List.of(new DeviceModel.Param("timers", "3", "number of comparators (1..32)"),
                    new DeviceModel.Param("period-fs", "10000000", "tick period in femtoseconds (10 ns, as QEMU)")),
            HpetDevice::new);

    private static DeviceModel.Register reg(long offset, String name, String access, String description) {
        return new DeviceModel.Register(offset, name, 8, access, description);
    }

    private final long periodFs;
    private final List<HpetTimer> timers = new ArrayList<>();
    private long config;
    private long interruptStatus;
    /** Counter value at {@link #baseNs}; while halted, the counter itself. */
    private long baseCounter;
    private long baseNs;
    /** Counter value when matches were last looked for. */
    private long seenCounter;
    private long droppedCounterWrites;
    /** The device timer set for the next match: its handle and time (-1: none). */
    private long armedHandle;
    private long armedAt = -1;

    public HpetDevice(DeviceParams params) {
        int count = params.getInt("timers", 3);
        if (count < 1 || count > 32) {
            throw params.error("timers", "expected 1..32, got " + count);
        }
        periodFs = params.getLong("period-fs", 10_000_000L);
        if (periodFs < 1 || periodFs > MAX_PERIOD_FS) {
            throw params.error("period-fs", "expected 1.." + MAX_PERIOD_FS + ", got " + periodFs);
        }
        for (int i = 0; i < count; i++) {
            timers.add(new HpetTimer());
        }
    }

    @Override
    public boolean talksBack() {
        return true;
    }

    @Override
    public long read(long offset, int size, AccessContext ctx) {
        long now = ctx.nowNs();
        settle(now, ctx);
        long value = register(offset & ~7L, now);
        arm(ctx);
        return size == 8 ? value : (value >>> (8 * (offset & 4))) & 0xFFFF_FFFFL;
    }

    private long register(long offset, long now) {
        if (offset == CAPABILITIES) {
            return (periodFs << 32) | CAP_VENDOR_INTEL | CAP_LEGACY_ROUTE | CAP_COUNTER_64BIT
                    | ((long) (timers.size() - 1) << 8) | CAP_REV_ID;
        }
        if (offset == CONFIGURATION) {
            return config;
        }
        if (offset == INTERRUPT_STATUS) {
            return interruptStatus;
        }
        if (offset == MAIN_COUNTER) {
            return counter(now);
        }
        HpetTimer timer = timerAt(offset);
        if (timer == null) {
            return 0;
        }
        long field = (offset - TIMER_BASE) % TIMER_STRIDE;
        return field == TIMER_CONFIG ? timer.config : field == TIMER_COMPARATOR ? timer.comparator : 0;
    }

    @Override
    public void write(long offset, int size, long value, AccessContext ctx) {
        long now = ctx.nowNs();
        settle(now, ctx);
        long reg = offset & ~7L;
        long shift = size == 8 ? 0 : 8 * (offset & 4);
        long mask = size == 8 ? -1L : 0xFFFF_FFFFL << shift;
        long merged = (register(reg, now) & ~mask) | ((value << shift) & mask);
        if (reg == CONFIGURATION) {
            writeConfiguration(merged, now);
        } else if (reg == INTERRUPT_STATUS) {
            long cleared = interruptStatus & (value << shift) & mask;   // write 1 to clear
            interruptStatus &= ~cleared;
            for (int i = 0; i < timers.size(); i++) {
                if ((cleared & (1L << i)) != 0) {
                    ctx.interrupts().line(line(i), false);
                }
            }
        } else if (reg == MAIN_COUNTER) {
            if ((config & CFG_ENABLE) != 0) {
                droppedCounterWrites++;
                ctx.log().info("hpet: main counter written while enabled; write dropped");
            } else {
                baseCounter = merged;
                seenCounter = merged;
            }
        } else {
            HpetTimer timer = timerAt(reg);
            long field = (reg - TIMER_BASE) % TIMER_STRIDE;
            if (timer != null && field == TIMER_CONFIG) {
                timer.writeConfig(merged);
            } else if (timer != null && field == TIMER_COMPARATOR) {
                timer.writeComparator(value << shift, mask);
            }
        }
        arm(ctx);
    }

    /** Sets the device timer for the next comparator match of the running counter, if any. */
    private void arm(AccessContext ctx) {
        long at = (config & CFG_ENABLE) == 0 ? -1 : nextMatchNs();
        if (at == armedAt) {
            return;
        }
        if (armedAt >= 0) {
            ctx.cancelTimer(armedHandle);
        }
        armedAt = at;
        if (at >= 0) {
            armedHandle = ctx.scheduleTimer(Math.max(at, ctx.nowNs()), this::onMatch);
        }
    }

    private void onMatch(AccessContext ctx) {
        armedAt = -1;
        settle(ctx.nowNs(), ctx);
        arm(ctx);
    }

    /** Virtual time at which the counter reaches the nearest comparator ahead of it; -1 if too far. */
    private long nextMatchNs() {
        long best = -1;
        for (HpetTimer t : timers) {
            if (Long.compareUnsigned(t.comparator, seenCounter) <= 0) {
                continue;                                // behind the counter: matches only after a wrap
            }
            long ticks = t.comparator - baseCounter;
            if (ticks < 0 || ticks > Long.MAX_VALUE / periodFs) {
                continue;
            }
            long fs = ticks * periodFs;
            long at = baseNs + fs / FS_PER_NS + (fs % FS_PER_NS == 0 ? 0 : 1);
            if (at >= baseNs && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** The interrupt line timer {@code i} drives. */
    private int line(int i) {
        if ((config & CFG_LEGACY_ROUTE) != 0 && i < 2) {
            return i == 0 ? 0 : 8;
        }
        return (int) ((timers.get(i).config >>> 9) & 0x1F);
    }

    private void writeConfiguration(long value, long now) {
        boolean wasEnabled = (config & CFG_ENABLE) != 0;
        boolean enable = (value & CFG_ENABLE) != 0;
        if (enable && !wasEnabled) {
            baseNs = now;
        } else if (!enable && wasEnabled) {
            baseCounter = counter(now);
        }
        config = value & (CFG_ENABLE | CFG_LEGACY_ROUTE);
    }

    /** Main counter at virtual time {@code now}: exact tick arithmetic without 64-bit overflow. */
    private long counter(long now) {
        if ((config & CFG_ENABLE) == 0) {
            return baseCounter;
        }
        long elapsed = Math.max(0, now - baseNs);
        long ticks = (elapsed / periodFs) * FS_PER_NS + (elapsed % periodFs) * FS_PER_NS / periodFs;
        return baseCounter + ticks;
    }

    private void settle(long now, AccessContext ctx) {
        long current = counter(now);
        if (current == seenCounter) {
            return;
        }
        for (int i = 0; i < timers.size(); i++) {
            HpetTimer timer = timers.get(i);
            if (timer.advance(seenCounter, current) == 0 || !timer.interruptEnabled()) {
                continue;
            }
            ctx.interrupts().line(line(i), true);
            if (timer.levelInterruptEnabled()) {
                interruptStatus |= 1L << i;
            } else {
                ctx.interrupts().line(line(i), false);      // an edge: a pulse
            }
        }
        seenCounter = current;
    }

    private HpetTimer timerAt(long offset) {
        if (offset < TIMER_BASE) {
            return null;
        }
        long index = (offset - TIMER_BASE) / TIMER_STRIDE;
        return index < timers.size() ? timers.get((int) index) : null;
    }

    @Override
    public AccessContract contract() {
        return AccessContract.sizes(4, 8).aligned().implementing(4, 8);
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("enabled", (config & CFG_ENABLE) != 0 ? 1L : 0L);
        s.put("counter", seenCounter);
        s.put("interrupt-status", interruptStatus);
        s.put("dropped-counter-writes", droppedCounterWrites);
        for (int i = 0; i < timers.size(); i++) {
            s.put("interrupts-t" + i, timers.get(i).interrupts);
        }
        return s;
    }

    @Override
    public java.util.Set<String> acceptedParams() {
        return MODEL.paramKeys();
    }
}
