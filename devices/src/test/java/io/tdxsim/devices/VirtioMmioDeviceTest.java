package io.tdxsim.devices;

import static io.tdxsim.devices.VirtioMmioRegisters.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtioMmioDeviceTest {

    private static final long F_RING_EVENT_IDX = 1L << 29;
    private static final long F_BLK_SIZE = 1L << 6;

    private final TestContext ctx = TestContext.at(0);
    private VirtioMmioDevice dev = new VirtioMmioDevice(DeviceParams.of(Map.of(
            "features", "0x20000040", "queues", 2, "queue-num-max", 128, "config", List.of(0x10, 0x20, 0x30, 0x40, 1))));

    private long read(int reg) {
        return dev.read(reg, 4, ctx);
    }

    private void write(int reg, long value) {
        dev.write(reg, 4, value, ctx);
    }

    private void acceptFeatures(long features) {
        write(DRIVER_FEATURES_SEL, 0);
        write(DRIVER_FEATURES, features & 0xFFFF_FFFFL);
        write(DRIVER_FEATURES_SEL, 1);
        write(DRIVER_FEATURES, features >>> 32);
    }

    private void handshakeUpTo(int finalStatus, long features) {
        write(STATUS, STATUS_ACKNOWLEDGE);
        write(STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
        acceptFeatures(features);
        write(STATUS, finalStatus);
    }

    private Object snap(String key) {
        return dev.snapshot().get(key);
    }

    @Test
    void identifiesAsVersion2BlockDeviceFromQemu() {
        assertEquals(0x74726976L, read(MAGIC_VALUE));
        assertEquals(2L, read(VERSION));
        assertEquals(2L, read(DEVICE_ID));
        assertEquals(0x554d4551L, read(VENDOR_ID));
    }

    @Test
    void deviceIdAndVendorIdComeFromParams() {
        VirtioMmioDevice rng = new VirtioMmioDevice(DeviceParams.of(Map.of("device-id", 4, "vendor-id", "0x1af4")));
        assertEquals(4L, rng.read(DEVICE_ID, 4, ctx));
        assertEquals(0x1af4L, rng.read(VENDOR_ID, 4, ctx));
    }

    @Test
    void deviceFeaturesSelPicksWordsAndVersion1IsAlwaysOffered() {
        assertEquals(0x20000040L, read(DEVICE_FEATURES));
        write(DEVICE_FEATURES_SEL, 1);
        assertEquals(1L, read(DEVICE_FEATURES), "VERSION_1 is bit 32");
        write(DEVICE_FEATURES_SEL, 2);
        assertEquals(0L, read(DEVICE_FEATURES));
    }

    @Test
    void fullHandshakeNegotiatesAcceptedFeatures() {
        long wanted = F_VERSION_1 | F_RING_EVENT_IDX;
        handshakeUpTo(STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK, wanted);
        assertEquals(STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK, read(STATUS));
        write(STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK | STATUS_DRIVER_OK);
        assertEquals(0x0FL, read(STATUS));
        assertEquals(wanted, snap("negotiated"));
        assertEquals(0L, snap("protocol-errors"));
    }

    @Test
    void featuresOkIsRefusedWhenDriverAcceptsAFeatureNotOffered() {
        handshakeUpTo(STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK, F_VERSION_1 | (1L << 3));
        assertEquals(STATUS_ACKNOWLEDGE | STATUS_DRIVER, read(STATUS));
        assertEquals(1L, snap("features-refused"));
        assertEquals(0L, snap("negotiated"));
    }

    @Test
    void featuresOkIsRefusedWithoutVersion1() {
        handshakeUpTo(STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK, F_BLK_SIZE);
        assertEquals(STATUS_ACKNOWLEDGE | STATUS_DRIVER, read(STATUS));
        assertEquals(1L, snap("features-refused"));
    }

    @Test
    void writingZeroToStatusResetsDeviceAndQueues() {
        handshakeUpTo(0x0B, F_VERSION_1);
        write(QUEUE_NUM, 64);
        write(QUEUE_READY, 1);
        write(STATUS, 0);
        assertEquals(0L, read(STATUS));
        assertEquals(0L, read(QUEUE_READY));
        assertEquals(0L, read(QUEUE_NUM));
        assertEquals(0L, snap("driver-features"));
        assertEquals(1L, snap("resets"));
    }

    @Test
    void failedBitSticksAlongsideEarlierBits() {
        write(STATUS, STATUS_ACKNOWLEDGE);
        write(STATUS, STATUS_ACKNOWLEDGE | STATUS_FAILED);
        assertEquals(STATUS_ACKNOWLEDGE | STATUS_FAILED, read(STATUS));
    }

    @Test
    void driverOkWithoutFeaturesOkCountsAsProtocolError() {
        write(STATUS, STATUS_ACKNOWLEDGE);
        write(STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_DRIVER_OK);
        assertEquals(1L, snap("protocol-errors"));
        assertTrue(ctx.logged.get(0).contains("DRIVER_OK set without FEATURES_OK"), ctx.logged.toString());
    }

    @Test
    void queueNumMaxIsZeroForQueuesThatDoNotExist() {
        assertEquals(128L, read(QUEUE_NUM_MAX));
        write(QUEUE_SEL, 1);
        assertEquals(128L, read(QUEUE_NUM_MAX));
        write(QUEUE_SEL, 2);
        assertEquals(0L, read(QUEUE_NUM_MAX));
    }

    @Test
    void queueAddressesAreKeptPerSelectedQueue() {
        write(QUEUE_SEL, 1);
        write(QUEUE_NUM, 32);
        write(QUEUE_DESC_LOW, 0x1000);
        write(QUEUE_DESC_HIGH, 0x2);
        write(QUEUE_DRIVER_LOW, 0x3000);
        write(QUEUE_DEVICE_LOW, 0x4000);
        write(QUEUE_READY, 1);
        assertEquals(1L, read(QUEUE_READY));
        assertEquals(0x1000L, read(QUEUE_DESC_LOW));
        assertEquals(0x2L, read(QUEUE_DESC_HIGH));
        assertEquals(0x3000L, read(QUEUE_DRIVER_LOW));
        assertEquals(0x4000L, read(QUEUE_DEVICE_LOW));
        write(QUEUE_SEL, 0);
        assertEquals(0L, read(QUEUE_READY));
        assertEquals(0L, read(QUEUE_DESC_LOW));
    }

    @Test
    void queueReconfigurationWhileReadyIsIgnoredAndCounted() {
        write(QUEUE_NUM, 16);
        write(QUEUE_READY, 1);
        write(QUEUE_NUM, 8);
        assertEquals(16L, read(QUEUE_NUM));
        assertEquals(1L, snap("protocol-errors"));
    }

    @Test
    void queueNumAboveMaxIsCounted() {
        write(QUEUE_NUM, 129);
        assertEquals(1L, snap("protocol-errors"));
    }

    /** Without a backend (not a block device), a kick sets the used-buffer bit at once. */
    @Test
    void notificationsAreCountedPerQueueAndWithoutABackendRaiseUsedBufferAtOnce() {
        dev = new VirtioMmioDevice(DeviceParams.of(Map.of("device-id", 4, "queues", 2, "queue-num-max", 128)));
        handshakeUpTo(0x0B, F_VERSION_1);
        for (int q = 0; q < 2; q++) {
            write(QUEUE_SEL, q);
            write(QUEUE_NUM, 64);
            write(QUEUE_READY, 1);
        }
        write(STATUS, 0x0F);
        write(QUEUE_NOTIFY, 1);
        write(QUEUE_NOTIFY, 1);
        write(QUEUE_NOTIFY, 0);
        assertEquals(1L, snap("notifications-q0"));
        assertEquals(2L, snap("notifications-q1"));
        assertEquals(3L, snap("notifications"));
        assertEquals((long) INT_USED_BUFFER, read(INTERRUPT_STATUS));
        write(INTERRUPT_ACK, INT_USED_BUFFER);
        assertEquals(0L, read(INTERRUPT_STATUS));
        assertEquals(0L, snap("protocol-errors"));
    }

    @Test
    void notifyBeforeDriverOkIsCountedButRaisesNoInterrupt() {
        write(QUEUE_NOTIFY, 0);
        assertEquals(1L, snap("notifications-q0"));
        assertEquals(1L, snap("protocol-errors"));
        assertEquals(0L, read(INTERRUPT_STATUS));
    }

    @Test
    void configSpaceTakesByteHalfAndWordAccessesLittleEndian() {
        assertEquals(0x10L, dev.read(CONFIG, 1, ctx));
        assertEquals(0x2010L, dev.read(CONFIG, 2, ctx));
        assertEquals(0x40302010L, dev.read(CONFIG, 4, ctx));
        assertEquals(0x01L, dev.read(CONFIG + 4, 4, ctx), "bytes past the config space read as zero");
        dev.write(CONFIG + 2, 2, 0xBEEF, ctx);
        assertEquals(0xBEEF2010L, dev.read(CONFIG, 4, ctx));
        assertEquals(0L, snap("bad-accesses"));
    }

    @Test
    void offsetsFarPastConfigSpaceReadZero() {
        assertEquals(0L, dev.read(0x1_0000_0100L, 4, ctx));
        dev.write(0x1_0000_0100L, 4, 0xFF, ctx);
        assertEquals(0x10L, dev.read(CONFIG, 1, ctx));
    }

    @Test
    void deviceConfigChangeBumpsGenerationAndRaisesConfigInterrupt() {
        assertEquals(0L, read(CONFIG_GENERATION));
        dev.changeConfig(0, new byte[] {(byte) 0xAA});
        assertEquals(1L, read(CONFIG_GENERATION));
        assertEquals((long) INT_CONFIG_CHANGE, read(INTERRUPT_STATUS));
        assertEquals(0xAAL, dev.read(CONFIG, 1, ctx));
    }

    @Test
    void narrowAccessesToControlRegistersAreIgnoredAndCounted() {
        assertEquals(0L, dev.read(MAGIC_VALUE, 1, ctx));
        dev.write(STATUS, 2, STATUS_ACKNOWLEDGE, ctx);
        assertEquals(0L, read(STATUS));
        assertEquals(2L, snap("bad-accesses"));
    }

    @Test
    void contractRequiresAlignmentAndAtMostFourBytes() {
        AccessContract c = dev.contract();
        assertTrue(c.accepts(CONFIG + 1, 1));
        assertTrue(c.accepts(STATUS, 4));
        assertFalse(c.accepts(STATUS + 2, 4));
        assertFalse(c.accepts(QUEUE_DESC_LOW, 8));
    }

    @Test
    void sharedMemoryRegistersReportNoRegion() {
        assertEquals(0xFFFF_FFFFL, read(SHM_LEN_LOW));
        assertEquals(0xFFFF_FFFFL, read(SHM_BASE_HIGH));
    }

    @Test
    void configBytesOutOfRangeAreRejectedNamingTheKey() {
        DeviceConfigException e = assertThrows(DeviceConfigException.class,
                () -> new VirtioMmioDevice(DeviceParams.of(Map.of("config", List.of(1, 300)))));
        assertTrue(e.getMessage().contains("params.config"), e.getMessage());
        assertTrue(e.getMessage().contains("300"), e.getMessage());
    }
}
