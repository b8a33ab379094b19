package io.tdxsim.devices;

import static io.tdxsim.devices.HpetDevice.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HpetDeviceTest {

    private static final long T0_CONFIG = TIMER_BASE + TIMER_CONFIG;
    private static final long T0_COMPARATOR = TIMER_BASE + TIMER_COMPARATOR;
    private static final long T1_CONFIG = TIMER_BASE + TIMER_STRIDE + TIMER_CONFIG;
    private static final long T1_COMPARATOR = TIMER_BASE + TIMER_STRIDE + TIMER_COMPARATOR;

    private final DeviceHarness h = DeviceHarness.of(new HpetDevice(DeviceParams.empty())).step(1_000);

    private long read(long reg) {
        return h.readq(reg);
    }

    private void write(long reg, long value) {
        h.writeq(reg, value);
    }

    @Test
    void capabilitiesReportPeriodVendorTimerCountAnd64BitCounter() {
        assertEquals(0x0098_9680_8086_A201L, read(CAPABILITIES));
        assertEquals(0x8086_A201L, h.readl(CAPABILITIES));
        assertEquals(10_000_000L, h.readl(CAPABILITIES + 4), "upper half is the period in fs");
    }

    @Test
    void counterStaysStillWhileHalted() {
        h.step(5_000);
        assertEquals(0L, read(MAIN_COUNTER));
    }

    @Test
    void counterAdvancesOneTickPerPeriodOfVirtualTimeWhileEnabled() {
        write(CONFIGURATION, CFG_ENABLE);
        h.step(1_239);
        assertEquals(123L, read(MAIN_COUNTER));
    }

    @Test
    void tenMegahertzPeriodTicksEvery100ns() {
        DeviceHarness slow = DeviceHarness.of(new HpetDevice(DeviceParams.of(Map.of("period-fs", 100_000_000L))));
        slow.writeq(CONFIGURATION, CFG_ENABLE).step(1_000_000);
        assertEquals(10_000L, slow.readq(MAIN_COUNTER));
    }

    @Test
    void fractionalNanosecondPeriodCountsExactlyOverLongRuns() {
        DeviceHarness acpi = DeviceHarness.of(new HpetDevice(DeviceParams.of(Map.of("period-fs", 69_841_279L))));   // 14.318 MHz
        acpi.writeq(CONFIGURATION, CFG_ENABLE).step(3_600_000_000_000L);   // an hour: ns * 1e6 overflows a long; floor(3.6e21 / 69841279)
        assertEquals(51_545_447_785L, acpi.readq(MAIN_COUNTER));
    }

    @Test
    void haltingKeepsTheCountAndReenablingContinuesFromIt() {
        write(CONFIGURATION, CFG_ENABLE);
        h.step(500);
        write(CONFIGURATION, 0);
        h.step(10_000);
        assertEquals(50L, read(MAIN_COUNTER));
        write(CONFIGURATION, CFG_ENABLE);
        h.step(100);
        assertEquals(60L, read(MAIN_COUNTER));
    }

    @Test
    void counterIsWritableWhileHaltedInHalves() {
        h.writel(MAIN_COUNTER + 4, 0x1);
        h.writel(MAIN_COUNTER, 0xFFFF_FFF0L);
        assertEquals(0x1_FFFF_FFF0L, read(MAIN_COUNTER));
        write(CONFIGURATION, CFG_ENABLE);
        h.step(200);
        assertEquals(0x2_0000_0004L, read(MAIN_COUNTER));
        assertEquals(0x2L, h.readl(MAIN_COUNTER + 4));
    }

    @Test
    void counterWriteWhileEnabledIsDroppedAndCounted() {
        write(CONFIGURATION, CFG_ENABLE);
        h.step(100);
        write(MAIN_COUNTER, 0);
        assertEquals(10L, read(MAIN_COUNTER));
        assertEquals(1L, h.snapshot().get("dropped-counter-writes"));
    }

    @Test
    void levelTriggeredOneShotLatchesStatusBitUntilWrittenOne() {
        write(T1_CONFIG, HpetTimer.CFG_LEVEL | HpetTimer.CFG_INT_ENABLE);
        write(T1_COMPARATOR, 100);
        write(CONFIGURATION, CFG_ENABLE);
        h.step(990);
        assertEquals(0L, read(INTERRUPT_STATUS));
        h.step(10);
        assertEquals(0b10L, read(INTERRUPT_STATUS));
        write(INTERRUPT_STATUS, 0b01);
        assertEquals(0b10L, read(INTERRUPT_STATUS), "writing 0 to a bit leaves it");
        write(INTERRUPT_STATUS, 0b10);
        assertEquals(0L, read(INTERRUPT_STATUS));
        assertEquals(1L, h.snapshot().get("interrupts-t1"));
    }

    @Test
    void edgeTriggeredTimerInterruptsWithoutStatusBit() {
        write(T0_CONFIG, HpetTimer.CFG_INT_ENABLE);
        write(T0_COMPARATOR, 5);
        write(CONFIGURATION, CFG_ENABLE);
        h.step(100);
        assertEquals(0L, read(INTERRUPT_STATUS));
        assertEquals(1L, h.snapshot().get("interrupts-t0"));
    }

    @Test
    void periodicTimerFiresOncePerPeriodAndStepsItsComparator() {
        write(T0_CONFIG, HpetTimer.CFG_PERIODIC | HpetTimer.CFG_VAL_SET | HpetTimer.CFG_INT_ENABLE);
        write(T0_COMPARATOR, 100);
        assertEquals(0L, read(T0_CONFIG) & HpetTimer.CFG_VAL_SET, "VAL_SET clears itself");
        write(CONFIGURATION, CFG_ENABLE);
        h.step(3_500);
        read(MAIN_COUNTER);
        assertEquals(3L, h.snapshot().get("interrupts-t0"));
        assertEquals(400L, read(T0_COMPARATOR));
    }

    @Test
    void periodicMatchesHappenAtTheirTimeOnTheRoutedLineWithoutTheGuestLooking() {
        write(T0_CONFIG, HpetTimer.CFG_PERIODIC | HpetTimer.CFG_VAL_SET | HpetTimer.CFG_INT_ENABLE | (20L << 9));
        write(T0_COMPARATOR, 100);                          // 100 ticks of 10ns
        write(CONFIGURATION, CFG_ENABLE);                   // at 1us
        h.step(3_000);
        assertEquals(3L, h.snapshot().get("interrupts-t0"), "no access since the enable");
        java.util.List<Long> rises = h.interrupts().stream().filter(i -> i.level() && i.number() == 20)
                .map(DeviceHarness.Interrupt::vt).toList();
        assertEquals(java.util.List.of(2_000L, 3_000L, 4_000L), rises, "an edge on IOAPIC input 20 per period");
        assertEquals(1, h.pendingTimers(), "armed for the next period");
        write(CONFIGURATION, 0);
        assertEquals(0, h.pendingTimers(), "a halted counter matches nothing");
    }

    @Test
    void levelTriggeredMatchHoldsItsLineUntilTheStatusBitIsCleared() {
        write(T1_CONFIG, HpetTimer.CFG_LEVEL | HpetTimer.CFG_INT_ENABLE | (21L << 9));
        write(T1_COMPARATOR, 10);
        write(CONFIGURATION, CFG_ENABLE);
        h.step(100);
        assertTrue(h.lineHigh(21));
        write(INTERRUPT_STATUS, 0b10);
        assertFalse(h.lineHigh(21));
    }

    @Test
    void matchWithInterruptsDisabledDeliversNothing() {
        write(T0_CONFIG, HpetTimer.CFG_LEVEL);
        write(T0_COMPARATOR, 1);
        write(CONFIGURATION, CFG_ENABLE);
        h.step(100);
        assertEquals(0L, read(INTERRUPT_STATUS));
        assertEquals(0L, h.snapshot().get("interrupts-t0"));
    }

    @Test
    void timerConfigKeepsCapabilityBitsReadOnly() {
        long caps = HpetTimer.CAP_PERIODIC | HpetTimer.CAP_64BIT | HpetTimer.ROUTE_CAP;
        assertEquals(caps, read(T0_CONFIG));
        write(T0_CONFIG, 0);
        assertEquals(caps, read(T0_CONFIG));
    }

    @Test
    void timersBeyondTheConfiguredCountReadZero() {
        assertEquals(0L, read(TIMER_BASE + 3 * TIMER_STRIDE));
    }

    @Test
    void contractTakesAlignedFourAndEightByteAccesses() {
        AccessContract c = h.model().contract();
        assertTrue(c.accepts(MAIN_COUNTER + 4, 4));
        assertTrue(c.accepts(MAIN_COUNTER, 8));
        assertFalse(c.accepts(MAIN_COUNTER + 4, 8));
        assertFalse(c.accepts(MAIN_COUNTER, 2));
    }

    @Test
    void periodAboveSpecLimitIsRejected() {
        DeviceConfigException e = assertThrows(DeviceConfigException.class,
                () -> new HpetDevice(DeviceParams.of(Map.of("period-fs", 200_000_000L))));
        assertTrue(e.getMessage().contains("params.period-fs"), e.getMessage());
    }
}
