package io.tdxsim.devices;

/**
 * The TD's memory as a device reaches it by DMA. In a TD a device reaches shared pages only:
 * a transfer that touches a private page (the TD's own memory, which the IOMMU does not map for
 * the device) moves nothing and returns false; the run counts it as refused. Guest-physical
 * addresses here carry no shared bit.
 */
public interface DmaMemory {

    /** Copies {@code length} bytes from guest-physical {@code gpa} into {@code into[at..]}; false if refused. */
    boolean read(long gpa, byte[] into, int at, int length);

    /** Copies {@code length} bytes of {@code from[at..]} to guest-physical {@code gpa}; false if refused. */
    boolean write(long gpa, byte[] from, int at, int length);

    /** Reads a little-endian value of 1..8 bytes; {@code orElse} if refused. */
    default long readLong(long gpa, int size, long orElse) {
        byte[] b = new byte[size];
        if (!read(gpa, b, 0, size)) {
            return orElse;
        }
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFFL);
        }
        return v;
    }

    /** Writes the low {@code size} bytes of {@code value} little-endian; false if refused. */
    default boolean writeLong(long gpa, int size, long value) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return write(gpa, b, 0, size);
    }

    /** No memory behind it: every transfer is refused. */
    DmaMemory NONE = new DmaMemory() {
        @Override
        public boolean read(long gpa, byte[] into, int at, int length) {
            return false;
        }

        @Override
        public boolean write(long gpa, byte[] from, int at, int length) {
            return false;
        }
    };
}
