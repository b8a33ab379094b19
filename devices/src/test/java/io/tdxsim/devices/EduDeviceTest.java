package io.tdxsim.devices;

import static io.tdxsim.devices.EduDevice.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EduDeviceTest {

    private final DeviceHarness h = DeviceHarness.of(new EduDevice(DeviceParams.of(Map.of("factorial-time", "500ns"))))
            .step(1_000);

    private long read(long reg) {
        return h.readl(reg);
    }

    private void write(long reg, long value) {
        h.writel(reg, value);
    }

    @Test
    void identificationReads010000ed() {
        assertEquals(0x010000edL, read(IDENTIFICATION));
    }

    @Test
    void livenessReadsBitwiseInverseOfWrite() {
        write(LIVENESS, 0x12345678L);
        assertEquals(0xEDCBA987L, read(LIVENESS));
    }

    @Test
    void factorialIsComputingUntilVirtualTimePassesCompletion() {
        write(FACTORIAL, 5);
        assertEquals(STATUS_COMPUTING, read(STATUS));
        assertEquals(5L, read(FACTORIAL), "until done the register still holds the input");
        h.step(499);
        assertEquals(STATUS_COMPUTING, read(STATUS));
        h.step(1);
        assertEquals(0L, read(STATUS));
        assertEquals(120L, read(FACTORIAL));
    }

    @Test
    void factorialFinishesOnItsTimerWithoutTheGuestLooking() {
        write(STATUS, STATUS_IRQFACT);
        write(FACTORIAL, 5);
        h.step(499);
        assertEquals(0L, h.snapshot().get("factorials"));
        h.step(1);
        assertEquals(1L, h.snapshot().get("factorials"), "done 500ns after the write, no access needed");
        assertEquals(120L, h.snapshot().get("factorial"));
        assertEquals(java.util.List.of(new DeviceHarness.Interrupt(h.nowNs(), false, 0, true)), h.interrupts());
        assertEquals(0, h.pendingTimers());
    }

    @Test
    void factorialWriteWhileComputingIsDropped() {
        write(FACTORIAL, 4);
        h.step(100);
        write(FACTORIAL, 6);
        h.step(400);
        assertEquals(24L, read(FACTORIAL));
        assertEquals(1L, h.snapshot().get("factorials"));
    }

    @Test
    void factorialWrapsAt32BitsAndIsZeroFrom34() {
        assertEquals(1932053504L, EduDevice.factorial32(13) & 0xFFFF_FFFFL);
        assertEquals(2147483648L, EduDevice.factorial32(32) & 0xFFFF_FFFFL);
        assertEquals(0, EduDevice.factorial32(34));
        assertEquals(1, EduDevice.factorial32(0));
        assertEquals(0, EduDevice.factorial32(-1), "n is unsigned");
    }

    @Test
    void irqFactRaisesFactorialInterruptOnCompletion() {
        write(STATUS, STATUS_IRQFACT);
        write(FACTORIAL, 3);
        assertEquals(0L, read(IRQ_STATUS));
        h.step(500);
        assertEquals(IRQ_FACTORIAL, read(IRQ_STATUS));
        assertEquals(STATUS_IRQFACT, read(STATUS));
        assertEquals(1L, h.snapshot().get("irq-line"));
    }

    @Test
    void completionWithoutIrqFactLeavesInterruptStatusClear() {
        write(FACTORIAL, 3);
        h.step(500);
        assertEquals(6L, read(FACTORIAL));
        assertEquals(0L, read(IRQ_STATUS));
    }

    @Test
    void completionUsesIrqFactAsItWasWhenTheResultLanded() {
        write(FACTORIAL, 3);
        h.step(600);
        write(STATUS, STATUS_IRQFACT);   // the factorial finished 100 ns before this write
        assertEquals(0L, read(IRQ_STATUS));
    }

    @Test
    void statusComputingBitIsReadOnly() {
        write(STATUS, STATUS_COMPUTING | STATUS_IRQFACT);
        assertEquals(STATUS_IRQFACT, read(STATUS));
    }

    @Test
    void raiseOrsBitsAndAckClearsThem() {
        write(IRQ_RAISE, 0x100);
        write(IRQ_RAISE, 0x3);
        assertEquals(0x103L, read(IRQ_STATUS));
        write(IRQ_ACK, 0x101);
        assertEquals(0x2L, read(IRQ_STATUS));
        write(IRQ_ACK, 0x2);
        assertEquals(0L, h.snapshot().get("irq-line"));
        assertEquals(1L, h.snapshot().get("irqs-raised"), "the line rose once");
    }

    @Test
    void eightByteAccessBelow0x80ReadsAllOnesAndWriteIsIgnored() {
        assertEquals(-1L, h.readq(IDENTIFICATION));
        h.writeq(LIVENESS, 0x5);
        assertEquals(0L, read(LIVENESS));
    }

    @Test
    void unimplementedRegistersReadAllOnes() {
        assertEquals(-1L, h.readq(0xa0));
        assertEquals(0xFFFF_FFFFL, read(0x10), "a 4-byte read sees the low four bytes");
    }

    @Test
    void zeroFactorialTimeCompletesImmediately() {
        DeviceHarness instant = DeviceHarness.of(new EduDevice(DeviceParams.of(Map.of("factorial-time", "0ns"))));
        instant.writel(FACTORIAL, 4);
        assertEquals(0L, instant.readl(STATUS));
        assertEquals(24L, instant.readl(FACTORIAL));
    }

    @Test
    void contractTakesAlignedFourAndEightByteAccesses() {
        AccessContract c = h.model().contract();
        assertTrue(c.accepts(STATUS, 4));
        assertTrue(c.accepts(0x80, 8));
        assertFalse(c.accepts(STATUS, 2));
        assertFalse(c.accepts(0x22, 4));
    }

    @Test
    void dmaMovesSharedRamIntoTheBufferAndBackAtItsTimeAndRaisesIrq0x100() {
        h.memory().share(0x200000, 0x2000);
        h.memory().poke(0x200000, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        h.writeq(EduDma.SOURCE, 0x200000).writeq(EduDma.DESTINATION, EduDma.BUFFER_BASE + 16)
                .writeq(EduDma.COUNT, 8).writeq(EduDma.COMMAND, EduDma.CMD_START);
        assertEquals(0, h.lastAccess().serviceNs(), "the command write itself costs only the service");
        h.step(7);
        assertEquals(EduDma.CMD_START, h.readq(EduDma.COMMAND) & EduDma.CMD_START, "1ns a byte: still moving");
        assertTrue(h.memory().transfers().isEmpty());
        h.writeq(EduDma.COMMAND, EduDma.CMD_START | EduDma.CMD_TO_RAM);   // dropped while busy
        h.step(1);
        assertEquals(0L, h.readq(EduDma.COMMAND) & EduDma.CMD_START, "the transfer is done");
        assertEquals(h.nowNs(), h.memory().transfers().get(0).vt(), "the bytes moved at the transfer's end");
        h.writeq(EduDma.SOURCE, EduDma.BUFFER_BASE + 16).writeq(EduDma.DESTINATION, 0x201000)
                .writeq(EduDma.COMMAND, EduDma.CMD_START | EduDma.CMD_TO_RAM | EduDma.CMD_IRQ);
        assertFalse(h.lineHigh(0));
        assertTrue(h.stepToNextTimer());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
                h.memory().peek(0x201000, 8));
        assertEquals(EduDma.IRQ_DMA, read(IRQ_STATUS));
        assertTrue(h.lineHigh(0));
        write(IRQ_ACK, EduDma.IRQ_DMA);
        assertFalse(h.lineHigh(0), "the acknowledge lowers the line");
        assertEquals(2L, h.snapshot().get("dma-transfers"));
    }

    @Test
    void dmaFromAPrivatePageIsRefusedAndCostsNothing() {
        h.memory().poke(0x300000, new byte[] {9});      // private: never shared
        h.writeq(EduDma.SOURCE, 0x300000).writeq(EduDma.DESTINATION, EduDma.BUFFER_BASE)
                .writeq(EduDma.COUNT, 1).writeq(EduDma.COMMAND, EduDma.CMD_START | EduDma.CMD_IRQ);
        h.step(1);
        assertEquals(1, h.memory().refusedTransfers());
        assertEquals(1L, h.snapshot().get("dma-refused"));
        assertEquals(0L, h.snapshot().get("dma-buffer-q0"));
        assertTrue(h.log().get(0).contains("refused"));
    }

    @Test
    void dmaOutsideTheBufferMovesNothing() {
        h.memory().share(0x200000, 0x1000);
        h.writeq(EduDma.SOURCE, 0x200000).writeq(EduDma.DESTINATION, EduDma.BUFFER_BASE + 4090)
                .writeq(EduDma.COUNT, 8).writeq(EduDma.COMMAND, EduDma.CMD_START);
        h.step(100);
        assertTrue(h.memory().transfers().isEmpty());
        assertTrue(h.log().get(0).contains("outside the 4 KiB buffer"));
    }
}
