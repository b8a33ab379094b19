package io.tdxsim.devices;

/**
 * Which accesses a device accepts and which it implements, after QEMU's MemoryRegionOps:
 * {@code valid*} bounds what a guest may issue (violations are answered per {@link Violation});
 * {@code impl*} bounds what the model's read/write see (the VMM splits wider accesses).
 *
 * @param concurrent the model is thread-safe and may be served without serialisation
 */
public record AccessContract(int validMin, int validMax, boolean validUnaligned,
                             int implMin, int implMax, Violation onViolation, boolean concurrent) {

    /** What the VMM answers when an access breaks the valid rules. */
    public enum Violation { ERROR, IGNORE }

    /** Any size 1..8, any alignment, implemented as issued. */
    public static final AccessContract ANY = new AccessContract(1, 8, true, 1, 8, Violation.ERROR, false);

    public AccessContract {
        requirePowerOfTwoSize("validMin", validMin);
        requirePowerOfTwoSize("validMax", validMax);
        requirePowerOfTwoSize("implMin", implMin);
        requirePowerOfTwoSize("implMax", implMax);
        if (validMin > validMax || implMin > implMax) {
            throw new IllegalArgumentException("access contract: min size above max size");
        }
    }

    public static AccessContract sizes(int validMin, int validMax) {
        return new AccessContract(validMin, validMax, true, 1, 8, Violation.ERROR, false);
    }

    public AccessContract implementing(int min, int max) {
        return new AccessContract(validMin, validMax, validUnaligned, min, max, onViolation, concurrent);
    }

    public AccessContract aligned() {
        return new AccessContract(validMin, validMax, false, implMin, implMax, onViolation, concurrent);
    }

    public AccessContract ignoringViolations() {
        return new AccessContract(validMin, validMax, validUnaligned, implMin, implMax, Violation.IGNORE, concurrent);
    }

    public AccessContract asConcurrent() {
        return new AccessContract(validMin, validMax, validUnaligned, implMin, implMax, onViolation, true);
    }

    /** True if a guest access of {@code size} at {@code offset} is allowed. */
    public boolean accepts(long offset, int size) {
        if (size < validMin || size > validMax) {
            return false;
        }
        return validUnaligned || (offset & (size - 1)) == 0;
    }

    private static void requirePowerOfTwoSize(String what, int size) {
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new IllegalArgumentException("access contract: " + what + " must be 1, 2, 4 or 8, got " + size);
        }
    }
}
