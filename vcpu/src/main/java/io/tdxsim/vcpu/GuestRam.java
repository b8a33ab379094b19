package io.tdxsim.vcpu;

import java.util.HashMap;
import java.util.Map;

/**
 * A vCPU's private RAM, allocated a page at a time on first write so idle vCPUs cost nothing.
 * RAM is per vCPU: vCPUs share state only through devices, whose ordering the simulator studies.
 */
final class GuestRam {

    private Map<Long, byte[]> pages;

    int readByte(long gpa) {
        if (pages == null) {
            return 0;
        }
        byte[] page = pages.get(gpa >>> 12);
        return page == null ? 0 : page[(int) (gpa & 0xFFF)] & 0xFF;
    }

    void writeByte(long gpa, int value) {
        if (pages == null) {
            pages = new HashMap<>(4);
        }
        pages.computeIfAbsent(gpa >>> 12, k -> new byte[AddressSpace.PAGE_SIZE])[(int) (gpa & 0xFFF)] = (byte) value;
    }

    long read(long gpa, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | readByte(gpa + i);
        }
        return v;
    }

    void write(long gpa, int size, long value) {
        for (int i = 0; i < size; i++) {
            writeByte(gpa + i, (int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
