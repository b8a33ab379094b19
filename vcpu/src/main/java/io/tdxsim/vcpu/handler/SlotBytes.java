package io.tdxsim.vcpu.handler;

/** memset/memcpy on the low bytes of a saved register slot, as the C handlers do. */
final class SlotBytes {

    private SlotBytes() {
    }

    /** Replaces the low {@code bytes} bytes of {@code slot} with those of {@code value}. */
    static long copyLow(long slot, long value, int bytes) {
        long m = io.tdxsim.vmm.Ghci.mask(bytes);
        return (slot & ~m) | (value & m);
    }

    /** Sets the low {@code bytes} bytes of {@code slot} to {@code fill} (0x00 or 0xFF). */
    static long fillLow(long slot, int fill, int bytes) {
        long m = io.tdxsim.vmm.Ghci.mask(bytes);
        return fill == 0 ? slot & ~m : slot | m;
    }
}
