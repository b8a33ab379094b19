package io.tdxsim.devices;

import static io.tdxsim.devices.VirtioMmioRegisters.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The block device behind virtio-mmio, driven as a driver would: rings built in the harness's
 * shared memory, a kick, time moving on, then the used ring, the data and the interrupt checked.
 */
class VirtioBlkQueueTest {

    private static final long DESC = 0x100000;
    private static final long AVAIL = 0x101000;
    private static final long USED = 0x102000;
    private static final long BUF = 0x110000;
    private static final int NUM = 16;

    private final DeviceHarness h = DeviceHarness.of(new VirtioMmioDevice(DeviceParams.of(Map.of(
            "disk-size", "4KiB", "request-time", "5us", "irq", 5))));
    private int availIdx;

    VirtioBlkQueueTest() {
        h.memory().share(DESC, 0x20000);
        h.writel(STATUS, STATUS_ACKNOWLEDGE).writel(STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
        h.writel(DRIVER_FEATURES_SEL, 1).writel(DRIVER_FEATURES, 1);            // VERSION_1
        h.writel(STATUS, 0x0B).writel(QUEUE_SEL, 0).writel(QUEUE_NUM, NUM);
        h.writel(QUEUE_DESC_LOW, DESC).writel(QUEUE_DRIVER_LOW, AVAIL).writel(QUEUE_DEVICE_LOW, USED);
        h.writel(QUEUE_READY, 1).writel(STATUS, 0x0F);
    }

    private void poke(long gpa, int size, long value) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        h.memory().poke(gpa, b);
    }

    private long peek(long gpa, int size) {
        byte[] b = h.memory().peek(gpa, size);
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFFL);
        }
        return v;
    }

    private void descriptor(int i, long addr, int len, int flags, int next) {
        long at = DESC + 16L * i;
        poke(at, 8, addr);
        poke(at + 8, 4, len);
        poke(at + 12, 2, flags);
        poke(at + 14, 2, next);
    }

    /** A three-descriptor request at descriptors first..first+2: header, data, status. */
    private void request(int first, int type, long sector, long data, int len, boolean deviceWritesData) {
        long header = BUF + 0x1000L * first;
        poke(header, 4, type);
        poke(header + 8, 8, sector);
        descriptor(first, header, 16, VirtqRing.F_NEXT, first + 1);
        descriptor(first + 1, data, len, VirtqRing.F_NEXT | (deviceWritesData ? VirtqRing.F_WRITE : 0), first + 2);
        descriptor(first + 2, header + 16, 1, VirtqRing.F_WRITE, 0);
        poke(header + 16, 1, 0xFF);                                   // the device must overwrite it
        poke(AVAIL + 4 + 2L * (availIdx % NUM), 2, first);
        availIdx++;
        poke(AVAIL + 2, 2, availIdx);                                 // publish, as the driver's idx store
    }

    private int status(int first) {
        return (int) peek(BUF + 0x1000L * first + 16, 1);
    }

    @Test
    void aWriteThenAReadRoundTripThroughTheRingsWithAnInterruptAtTheirTime() {
        byte[] sectorData = new byte[512];
        for (int i = 0; i < sectorData.length; i++) {
            sectorData[i] = (byte) (i * 7);
        }
        h.memory().poke(BUF + 0x8000, sectorData);
        request(0, VirtioBlk.T_OUT, 3, BUF + 0x8000, 512, false);
        h.writel(QUEUE_NOTIFY, 0);
        long kicked = h.nowNs();
        h.step(4_999);
        assertEquals(0, peek(USED + 2, 2), "nothing used before request-time has passed");
        assertFalse(h.lineHigh(5));
        h.step(1);
        assertEquals(1, peek(USED + 2, 2), "used idx");
        assertEquals(0, peek(USED + 4, 4), "used element id: the chain's head");
        assertEquals(1, peek(USED + 8, 4), "a write gives back only its status byte");
        assertEquals(VirtioBlk.S_OK, status(0));
        assertTrue(h.lineHigh(5));
        assertEquals(new DeviceHarness.Interrupt(kicked + 5_000, false, 5, true), h.interrupts().get(0));
        assertEquals((long) INT_USED_BUFFER, h.readl(INTERRUPT_STATUS));
        h.writel(INTERRUPT_ACK, INT_USED_BUFFER);
        assertFalse(h.lineHigh(5), "the acknowledge lowers the line");

        request(3, VirtioBlk.T_IN, 3, BUF + 0x9000, 512, true);
        h.writel(QUEUE_NOTIFY, 0);
        assertTrue(h.stepToNextTimer());
        assertEquals(2, peek(USED + 2, 2));
        assertEquals(3, peek(USED + 12, 4));
        assertEquals(513, peek(USED + 16, 4), "512 data bytes and the status byte written");
        assertArrayEquals(sectorData, h.memory().peek(BUF + 0x9000, 512));
        assertEquals(2L, h.snapshot().get("requests"));
        assertEquals(1L, h.snapshot().get("blk-writes"));
        assertEquals(1L, h.snapshot().get("blk-reads"));
    }

    @Test
    void oneKickServesEveryRequestMadeAvailableAndFlushAndBadRequestsGetTheirStatus() {
        request(0, VirtioBlk.T_FLUSH, 0, BUF + 0x8000, 0, false);
        request(3, 99, 0, BUF + 0x8000, 8, true);
        request(6, VirtioBlk.T_IN, 8, BUF + 0x8000, 512, true);       // sector 8 of a 4 KiB disk: beyond it
        h.writel(QUEUE_NOTIFY, 0).writel(QUEUE_NOTIFY, 0);
        assertEquals(1, h.pendingTimers(), "a second kick before the first is served adds no work");
        h.step(5_000);
        assertEquals(3, peek(USED + 2, 2));
        assertEquals(VirtioBlk.S_OK, status(0));
        assertEquals(VirtioBlk.S_UNSUPP, status(3), h.log()::toString);
        assertEquals(VirtioBlk.S_IOERR, status(6));
        assertEquals(1L, h.snapshot().get("blk-flushes"));
        assertEquals(2L, h.snapshot().get("blk-errors"));
        assertEquals(1, h.interrupts().size(), "one interrupt for the batch");
    }

    @Test
    void capacityIsInConfigSpaceAndAReadOnlyDiskFailsWrites() {
        assertEquals(8L, h.readl(CONFIG), "4 KiB in 512-byte sectors");
        DeviceHarness ro = DeviceHarness.of(new VirtioMmioDevice(DeviceParams.of(Map.of("features", "0x20"))));
        assertEquals(128L, ro.readl(CONFIG), "64 KiB by default");
        VirtioBlk readOnly = new VirtioBlk(4096, VirtioBlk.F_RO);
        HarnessMemory m = new HarnessMemory(() -> 0).share(0, 4096);
        m.poke(0, new byte[] {VirtioBlk.T_OUT});
        int written = readOnly.serve(java.util.List.of(new VirtqRing.Descriptor(0, 16, VirtqRing.F_NEXT, 1),
                new VirtqRing.Descriptor(64, 512, VirtqRing.F_NEXT, 2), new VirtqRing.Descriptor(1024, 1, VirtqRing.F_WRITE, 0)),
                m, new StringBuilder());
        assertEquals(1, written);
        assertEquals(VirtioBlk.S_IOERR, m.peek(1024, 1)[0], "VIRTIO_BLK_F_RO: writes fail");
        assertEquals(0, readOnly.writes);
    }

    @Test
    void ringsInPrivateMemoryAreTheDriversMistakeAndNothingIsUsed() {
        h.memory().unshare(AVAIL, 0x1000);
        request(0, VirtioBlk.T_FLUSH, 0, BUF, 0, false);
        h.writel(QUEUE_NOTIFY, 0).step(5_000);
        assertEquals(0, peek(USED + 2, 2));
        assertEquals(1L, h.snapshot().get("protocol-errors"));
        assertTrue(h.log().get(h.log().size() - 1).contains("not in a shared page"), h.log()::toString);
        assertTrue(h.interrupts().isEmpty());
    }

    @Test
    void aChainThatLoopsIsRefusedWithoutHangingTheDevice() {
        descriptor(0, BUF, 16, VirtqRing.F_NEXT, 1);
        descriptor(1, BUF + 16, 1, VirtqRing.F_NEXT | VirtqRing.F_WRITE, 0);
        poke(AVAIL + 4, 2, 0);
        poke(AVAIL + 2, 2, 1);
        h.writel(QUEUE_NOTIFY, 0).step(5_000);
        assertEquals(1L, h.snapshot().get("protocol-errors"));
        assertTrue(h.log().get(0).contains("loops"), h.log()::toString);
    }

    @Test
    void anMsiVectorReplacesTheLine() {
        DeviceHarness msi = DeviceHarness.of(new VirtioMmioDevice(DeviceParams.of(Map.of("msi", 0x41, "request-time", "0ns"))));
        msi.memory().share(DESC, 0x20000);
        msi.writel(STATUS, 1).writel(STATUS, 3).writel(DRIVER_FEATURES_SEL, 1).writel(DRIVER_FEATURES, 1)
                .writel(STATUS, 0x0B).writel(QUEUE_NUM, NUM).writel(QUEUE_DESC_LOW, DESC)
                .writel(QUEUE_DRIVER_LOW, AVAIL).writel(QUEUE_DEVICE_LOW, USED).writel(QUEUE_READY, 1).writel(STATUS, 0x0F);
        long header = BUF;
        msi.memory().poke(header, new byte[] {VirtioBlk.T_FLUSH, 0, 0, 0});
        byte[] d0 = new byte[16];
        java.nio.ByteBuffer.wrap(d0).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(header).putInt(16)
                .putShort((short) VirtqRing.F_NEXT).putShort((short) 1);
        byte[] d1 = new byte[16];
        java.nio.ByteBuffer.wrap(d1).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(header + 16).putInt(1)
                .putShort((short) VirtqRing.F_WRITE).putShort((short) 0);
        msi.memory().poke(DESC, d0);
        msi.memory().poke(DESC + 16, d1);
        msi.memory().poke(AVAIL + 2, new byte[] {1, 0});
        msi.writel(QUEUE_NOTIFY, 0).step(0);
        assertEquals(java.util.List.of(new DeviceHarness.Interrupt(msi.nowNs(), true, 0x41, true)), msi.interrupts());
    }
}
