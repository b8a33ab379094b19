package io.tdxsim.devices;

import static io.tdxsim.devices.VirtioMmioRegisters.*;

/** One virtqueue: what the driver configured, how often it kicked, and how far the device got. */
final class VirtioQueue {

    int num;
    boolean ready;
    long desc;
    long driver;
    long device;
    /** Kicks seen since the device was built; survives resets because it is a statistic. */
    long notifications;
    /** Device side of the rings: the next available index to take, the next used index to fill. */
    int lastAvail;
    int usedIdx;
    /** A kick set the timer that will serve the queue, which has not fired yet. */
    boolean draining;

    void reset() {
        num = 0;
        ready = false;
        desc = 0;
        driver = 0;
        device = 0;
        lastAvail = 0;
        usedIdx = 0;
    }

    /** Reads one of the Queue* registers that hold per-queue values. */
    long read(int offset) {
        return switch (offset) {
            case QUEUE_NUM -> num;
            case QUEUE_READY -> ready ? 1 : 0;
            case QUEUE_DESC_LOW, QUEUE_DESC_HIGH -> half(desc, offset);
            case QUEUE_DRIVER_LOW, QUEUE_DRIVER_HIGH -> half(driver, offset);
            case QUEUE_DEVICE_LOW, QUEUE_DEVICE_HIGH -> half(device, offset);
            default -> 0;
        };
    }

    /** Writes a per-queue register; returns the driver's mistake, or null if there was none. */
    String write(int offset, int v, int numMax) {
        if (offset == QUEUE_READY) {
            ready = (v & 1) != 0;
            return null;
        }
        if (ready) {
            return "queue reconfigured while ready";   // the device may already be using the rings
        }
        switch (offset) {
            case QUEUE_NUM -> num = v;
            case QUEUE_DESC_LOW, QUEUE_DESC_HIGH -> desc = withHalf(desc, offset, v);
            case QUEUE_DRIVER_LOW, QUEUE_DRIVER_HIGH -> driver = withHalf(driver, offset, v);
            case QUEUE_DEVICE_LOW, QUEUE_DEVICE_HIGH -> device = withHalf(device, offset, v);
            default -> throw new IllegalArgumentException("not a queue register: " + offset);
        }
        if (offset == QUEUE_NUM && (v == 0 || Integer.compareUnsigned(v, numMax) > 0)) {
            return "QueueNum " + Integer.toUnsignedString(v) + " outside 1.." + numMax;
        }
        return null;
    }

    /** Low/High register pairs sit 4 bytes apart, so bit 2 of the offset picks the half. */
    static long half(long register, int offset) {
        return ((offset & 4) == 0 ? register : register >>> 32) & 0xFFFF_FFFFL;
    }

    static long withHalf(long register, int offset, int v) {
        long word = v & 0xFFFF_FFFFL;
        return (offset & 4) == 0 ? (register & 0xFFFF_FFFF_0000_0000L) | word
                : (register & 0xFFFF_FFFFL) | (word << 32);
    }
}
