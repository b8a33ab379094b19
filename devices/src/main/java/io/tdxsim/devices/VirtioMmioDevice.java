package io.tdxsim.devices;

import static io.tdxsim.devices.VirtioMmioRegisters.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The virtio-mmio version 2 transport: identification, feature negotiation, the status
 * handshake and per-queue configuration, and for device ID 2 a block device ({@link VirtioBlk})
 * behind split virtqueues ({@link VirtqRing}). A kick sets a timer {@code request-time} later;
 * then the device takes every request the driver made available, by DMA through the rings in
 * shared memory, puts each in the used ring and raises the used-buffer interrupt (InterruptStatus
 * bit 0; the line, or an MSI, until the driver acknowledges it). For other device IDs nothing
 * walks the rings: with {@code used-on-notify} a kick just sets the used-buffer bit.
 *
 * <p>Control registers (below {@link VirtioMmioRegisters#CONFIG}) take only aligned 4-byte
 * accesses; config space also takes 1 and 2 bytes. The contract can state one rule for the whole
 * range, so the 4-byte rule is checked here: other accesses read 0, are ignored, and are counted.
 * Driver mistakes the spec forbids are counted as {@code protocol-errors} and logged.
 */
public final class VirtioMmioDevice implements MmioDevice {

    public static final DeviceModel MODEL = new DeviceModel("virtio-mmio",
            "virtio-mmio v2 transport with split virtqueues; device ID 2 is a RAM-disk block device (read, write, flush, get-id)",
            List.of(reg(MAGIC_VALUE, "MagicValue", "r", "0x74726976 (\"virt\")"),
                    reg(VERSION, "Version", "r", "2"),
                    reg(DEVICE_ID, "DeviceID", "r", "device-id param"),
                    reg(VENDOR_ID, "VendorID", "r", "vendor-id param"),
                    reg(DEVICE_FEATURES, "DeviceFeatures", "r", "32 feature bits selected by DeviceFeaturesSel"),
                    reg(DEVICE_FEATURES_SEL, "DeviceFeaturesSel", "w", "0: bits 0-31, 1: bits 32-63"),
                    reg(DRIVER_FEATURES, "DriverFeatures", "w", "accepted features, word chosen by DriverFeaturesSel"),
                    reg(DRIVER_FEATURES_SEL, "DriverFeaturesSel", "w", "0: bits 0-31, 1: bits 32-63"),
                    reg(QUEUE_SEL, "QueueSel", "w", "queue the Queue* registers refer to"),
                    reg(QUEUE_NUM_MAX, "QueueNumMax", "r", "largest ring size; 0 if the queue does not exist"),
                    reg(QUEUE_NUM, "QueueNum", "rw", "ring size chosen by the driver"),
                    reg(QUEUE_READY, "QueueReady", "rw", "1 once the queue is set up"),
                    reg(QUEUE_NOTIFY, "QueueNotify", "w", "kick: value is the queue index; the block device serves it request-time later"),
                    reg(INTERRUPT_STATUS, "InterruptStatus", "r", "bit 0 used buffer, bit 1 config change"),
                    reg(INTERRUPT_ACK, "InterruptACK", "w", "clears the written InterruptStatus bits"),
                    reg(STATUS, "Status", "rw", "ACKNOWLEDGE 1, DRIVER 2, DRIVER_OK 4, FEATURES_OK 8, FAILED 128; 0 resets"),
                    reg(QUEUE_DESC_LOW, "QueueDescLow/High", "rw", "descriptor table address (0x080/0x084)"),
                    reg(QUEUE_DRIVER_LOW, "QueueDriverLow/High", "rw", "driver (available) ring address (0x090/0x094)"),
                    reg(QUEUE_DEVICE_LOW, "QueueDeviceLow/High", "rw", "device (used) ring address (0x0a0/0x0a4)"),
                    reg(SHM_LEN_LOW, "SHMLen/SHMBase", "r", "all ones: no shared memory regions (0x0b0-0x0bc)"),
                    reg(CONFIG_GENERATION, "ConfigGeneration", "r", "changes whenever the device changes its config"),
                    new DeviceModel.Register(CONFIG, "Config", 1, "rw", "device config space, 1/2/4-byte accesses")),
            List.of(new DeviceModel.Param("device-id", "2", "virtio device type (1 net, 2 block, 4 rng, ...)"),
                    new DeviceModel.Param("vendor-id", "0x554d4551", "vendor ID (\"QEMU\")"),
                    new DeviceModel.Param("features", "0", "64-bit feature bits offered; VERSION_1 (bit 32) is always added"),
                    new DeviceModel.Param("queues", "1", "number of virtqueues"),
                    new DeviceModel.Param("queue-num-max", "256", "QueueNumMax of every queue"),
                    new DeviceModel.Param("config", "[]", "initial config space bytes (block device: its capacity, le64 sectors)"),
                    new DeviceModel.Param("config-size", "size of config", "config space size; zero-padded"),
                    new DeviceModel.Param("used-on-notify", "true", "no backend (device ID not 2): a notify sets InterruptStatus bit 0 at once"),
                    new DeviceModel.Param("disk-size", "64KiB", "block device: RAM disk size, a multiple of 512 bytes (config space: capacity)"),
                    new DeviceModel.Param("request-time", "10us", "block device: virtual time from a kick to its requests' completion"),
                    new DeviceModel.Param("irq", "0", "interrupt line of the used-buffer interrupt"),
                    new DeviceModel.Param("msi", "-1", "MSI vector to send instead of the line (-1: use the line)")),
            VirtioMmioDevice::new);

    private static DeviceModel.Register reg(int offset, String name, String access, String description) {
        return new DeviceModel.Register(offset, name, 4, access, description);
    }

    private final int deviceId;
    private final int vendorId;
    private final int queueNumMax;
    private final boolean usedOnNotify;
    private final VirtioQueue[] queues;
    private final VirtioConfigSpace config;
    private final VirtioHandshake handshake;
    private int interruptStatus;
    private int deviceFeaturesSel, driverFeaturesSel, queueSel;
    private long protocolErrors, badAccesses, resets;
    /** The block backend (device ID 2), or null: then no ring is walked. */
    private final VirtioBlk blk;
    private final long requestNs;
    private final int irqLine;
    private final int msiVector;
    private long requests;

    public VirtioMmioDevice(DeviceParams params) {
        deviceId = params.getInt("device-id", 2);
        vendorId = (int) params.getLong("vendor-id", 0x554d4551L);
        handshake = new VirtioHandshake(params.getLong("features", 0));
        int queueCount = params.getInt("queues", 1);
        if (queueCount < 0 || queueCount > 1024) {
            throw params.error("queues", "expected 0..1024, got " + queueCount);
        }
        queueNumMax = params.getInt("queue-num-max", 256);
        if (queueNumMax < 0 || queueNumMax > 32768) {
            throw params.error("queue-num-max", "expected 0..32768, got " + queueNumMax);
        }
        usedOnNotify = params.getBoolean("used-on-notify", true);
        queues = new VirtioQueue[queueCount];
        for (int i = 0; i < queueCount; i++) {
            queues[i] = new VirtioQueue();
        }
        long diskSize = params.getSizeBytes("disk-size", 64 * 1024);
        if (diskSize < VirtioBlk.SECTOR || diskSize % VirtioBlk.SECTOR != 0 || diskSize > 1L << 30) {
            throw params.error("disk-size", "expected a multiple of 512 bytes, 512B..1GiB, got " + diskSize);
        }
        requestNs = params.getDurationNs("request-time", 10_000);
        if (requestNs < 0) {
            throw params.error("request-time", "expected a non-negative duration");
        }
        irqLine = params.getInt("irq", 0);
        msiVector = params.getInt("msi", -1);
        if (irqLine < 0 || msiVector < -1) {
            throw params.error(irqLine < 0 ? "irq" : "msi", "expected a line >= 0, and an MSI vector >= 0 or -1");
        }
        blk = deviceId == 2 ? new VirtioBlk((int) diskSize, handshake.offered()) : null;
        byte[] initial = params.getBytes("config", blk != null ? blk.config() : new byte[0]);
        int configSize = params.getInt("config-size", initial.length);
        if (configSize < initial.length || configSize > 0xF00) {
            throw params.error("config-size", "expected " + initial.length + "..3840, got " + configSize);
        }
        config = new VirtioConfigSpace(initial, configSize);
    }

    /** The device changes its config space: bumps ConfigGeneration and raises a config interrupt. */
    public void changeConfig(int offset, byte[] bytes) {
        config.change(offset, bytes);
        interruptStatus |= INT_CONFIG_CHANGE;
    }

    @Override
    public boolean talksBack() {
        return true;
    }

    @Override
    public long read(long offset, int size, AccessContext ctx) {
        if (offset >= CONFIG) {
            return config.read(offset - CONFIG, size);
        }
        if (!controlAccess(offset, size, ctx)) {
            return 0;
        }
        VirtioQueue q = selectedQueue();
        return switch ((int) offset) {
            case MAGIC_VALUE -> MAGIC;
            case VERSION -> TRANSPORT_VERSION;
            case DEVICE_ID -> deviceId & 0xFFFF_FFFFL;
            case VENDOR_ID -> vendorId & 0xFFFF_FFFFL;
            case DEVICE_FEATURES -> handshake.offeredWord(deviceFeaturesSel);
            case QUEUE_NUM_MAX -> q == null ? 0 : queueNumMax;
            case QUEUE_NUM, QUEUE_READY, QUEUE_DESC_LOW, QUEUE_DESC_HIGH, QUEUE_DRIVER_LOW, QUEUE_DRIVER_HIGH,
                    QUEUE_DEVICE_LOW, QUEUE_DEVICE_HIGH -> q == null ? 0 : q.read((int) offset);
            case INTERRUPT_STATUS -> interruptStatus;
            case STATUS -> handshake.status();
            case SHM_LEN_LOW, SHM_LEN_HIGH, SHM_BASE_LOW, SHM_BASE_HIGH -> 0xFFFF_FFFFL;
            case CONFIG_GENERATION -> config.generation() & 0xFFFF_FFFFL;
            default -> 0;
        };
    }

    @Override
    public void write(long offset, int size, long value, AccessContext ctx) {
        if (offset >= CONFIG) {
            config.write(offset - CONFIG, size, value);
            return;
        }
        if (!controlAccess(offset, size, ctx)) {
            return;
        }
        int v = (int) value;
        switch ((int) offset) {
            case DEVICE_FEATURES_SEL -> deviceFeaturesSel = v;
            case DRIVER_FEATURES -> handshake.accept(driverFeaturesSel, v, what -> protocolError(ctx, what));
            case DRIVER_FEATURES_SEL -> driverFeaturesSel = v;
            case QUEUE_SEL -> queueSel = v;
            case QUEUE_NOTIFY -> notify(v, ctx);
            case INTERRUPT_ACK -> acknowledge(v, ctx);
            case STATUS -> writeStatus(v, ctx);
            case QUEUE_NUM, QUEUE_READY, QUEUE_DESC_LOW, QUEUE_DESC_HIGH, QUEUE_DRIVER_LOW, QUEUE_DRIVER_HIGH,
                    QUEUE_DEVICE_LOW, QUEUE_DEVICE_HIGH -> writeQueue((int) offset, v, ctx);
            default -> protocolError(ctx, String.format("write to read-only or reserved register 0x%03x", offset));
        }
    }

    private boolean controlAccess(long offset, int size, AccessContext ctx) {
        if (size == 4 && (offset & 3) == 0) {
            return true;
        }
        badAccesses++;
        ctx.log().info(String.format("virtio-mmio: %d-byte access to control register 0x%03x ignored", size, offset));
        return false;
    }

    private VirtioQueue selectedQueue() {
        return queueSel >= 0 && queueSel < queues.length ? queues[queueSel] : null;
    }

    private void writeQueue(int offset, int v, AccessContext ctx) {
        VirtioQueue q = selectedQueue();
        String mistake = q == null ? "QueueSel " + Integer.toUnsignedString(queueSel) + " names no queue"
                : q.write(offset, v, queueNumMax);
        if (mistake != null) {
            protocolError(ctx, mistake + String.format(" (register 0x%03x)", offset));
        }
    }

    private void notify(int index, AccessContext ctx) {
        if (index < 0 || index >= queues.length) {
            protocolError(ctx, "notify of queue " + Integer.toUnsignedString(index) + ", which does not exist");
            return;
        }
        queues[index].notifications++;
        if ((handshake.status() & STATUS_DRIVER_OK) == 0 || !queues[index].ready) {
            protocolError(ctx, "notify of queue " + index + " before DRIVER_OK and QueueReady");
        } else if (blk != null) {
            if (!queues[index].draining) {
                queues[index].draining = true;
                ctx.scheduleTimer(ctx.nowNs() + requestNs, done -> drain(index, done));
            }
        } else if (usedOnNotify) {
            interruptStatus |= INT_USED_BUFFER;
        }
    }

    /** The queue's time came: serves every request the driver has made available. */
    private void drain(int index, AccessContext ctx) {
        VirtioQueue q = queues[index];
        q.draining = false;
        if (!q.ready || (handshake.status() & STATUS_DRIVER_OK) == 0) {
            return;                                   // reset since the kick
        }
        VirtqRing ring = new VirtqRing(q, ctx.dma());
        int used = 0;
        try {
            int avail = ring.availIdx();
            if (((avail - q.lastAvail) & 0xFFFF) > q.num) {
                throw new VirtqRing.RingFault("available idx " + avail + " is more than QueueNum ahead of " + q.lastAvail);
            }
            while (q.lastAvail != avail) {
                int head = ring.availHead(q.lastAvail);
                StringBuilder why = new StringBuilder();
                int len = blk.serve(ring.chain(head), ctx.dma(), why);
                if (len < 0) {
                    protocolError(ctx, "queue " + index + " request at descriptor " + head + ": " + why);
                    len = 0;
                }
                ring.pushUsed(q.usedIdx, head, len);
                q.usedIdx = (q.usedIdx + 1) & 0xFFFF;
                q.lastAvail = (q.lastAvail + 1) & 0xFFFF;
                requests++;
                used++;
            }
            if (used > 0 && (ring.availFlags() & VirtqRing.AVAIL_F_NO_INTERRUPT) == 0) {
                raise(INT_USED_BUFFER, ctx);
            }
        } catch (VirtqRing.RingFault f) {
            protocolError(ctx, "queue " + index + ": " + f.getMessage());
        }
    }

    private void raise(int bit, AccessContext ctx) {
        interruptStatus |= bit;
        if (msiVector >= 0) {
            ctx.interrupts().msi(msiVector);
        } else {
            ctx.interrupts().line(irqLine, true);
        }
    }

    private void acknowledge(int bits, AccessContext ctx) {
        interruptStatus &= ~bits;
        if (interruptStatus == 0 && msiVector < 0) {
            ctx.interrupts().line(irqLine, false);
        }
    }

    private void writeStatus(int v, AccessContext ctx) {
        if (v != 0) {
            handshake.writeStatus(v, what -> protocolError(ctx, what), ctx.log());
            return;
        }
        handshake.reset();
        interruptStatus = 0;
        deviceFeaturesSel = 0;
        driverFeaturesSel = 0;
        queueSel = 0;
        for (VirtioQueue q : queues) {
            q.reset();
        }
        resets++;
    }

    private void protocolError(AccessContext ctx, String what) {
        protocolErrors++;
        ctx.log().info("virtio-mmio: " + what);
    }

    @Override
    public AccessContract contract() {
        return AccessContract.sizes(1, 4).aligned().implementing(1, 4);
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", (long) handshake.status());
        s.put("device-features", handshake.offered());
        s.put("driver-features", handshake.accepted());
        s.put("negotiated", handshake.negotiated());
        s.put("interrupt-status", (long) interruptStatus);
        s.put("config-generation", (long) config.generation());
        long total = 0;
        for (int i = 0; i < queues.length; i++) {
            s.put("notifications-q" + i, queues[i].notifications);
            s.put("ready-q" + i, queues[i].ready ? 1L : 0L);
            total += queues[i].notifications;
        }
        s.put("notifications", total);
        if (blk != null) {
            s.put("requests", requests);
            s.put("blk-reads", blk.reads);
            s.put("blk-writes", blk.writes);
            s.put("blk-flushes", blk.flushes);
            s.put("blk-errors", blk.errors);
            s.put("blk-bytes-read", blk.bytesRead);
            s.put("blk-bytes-written", blk.bytesWritten);
        }
        s.put("protocol-errors", protocolErrors);
        s.put("bad-accesses", badAccesses);
        s.put("features-refused", handshake.refusals());
        s.put("resets", resets);
        return s;
    }

    @Override
    public java.util.Set<String> acceptedParams() {
        return MODEL.paramKeys();
    }
}
