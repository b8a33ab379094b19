package io.tdxsim.devices;

import java.util.Arrays;

/** Device-specific config space of a virtio device, little-endian, with its generation counter. */
final class VirtioConfigSpace {

    private final byte[] bytes;
    private int generation;

    VirtioConfigSpace(byte[] initial, int size) {
        bytes = Arrays.copyOf(initial, size);
    }

    int generation() {
        return generation;
    }

    long read(long at, int size) {
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (at + i < bytes.length ? bytes[(int) (at + i)] & 0xFF : 0);
        }
        return value;
    }

    /** A driver write: no generation change, the driver knows what it wrote. */
    void write(long at, int size, long value) {
        for (int i = 0; i < size && at + i < bytes.length; i++) {
            bytes[(int) (at + i)] = (byte) (value >>> (8 * i));
        }
    }

    /** A device-side change, which a driver reading a multi-word field must be able to detect. */
    void change(int at, byte[] values) {
        System.arraycopy(values, 0, bytes, at, values.length);
        generation++;
    }
}
