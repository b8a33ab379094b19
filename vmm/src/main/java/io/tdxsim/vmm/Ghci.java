package io.tdxsim.vmm;

/** Constants of the GHCI TDVMCALL ABI used on the MMIO path. */
public final class Ghci {

    /** R10 = 0 selects a standard GHCI sub-function (non-zero is a vendor hypercall). */
    public static final long STANDARD = 0;
    /** R11 sub-function #VE.RequestMMIO; equal to VMX exit reason EPT_VIOLATION. */
    public static final long SUBFUNC_REQUEST_MMIO = 48;
    public static final long EXIT_REASON_EPT_VIOLATION = 48;
    public static final long DIRECTION_READ = 0;
    public static final long DIRECTION_WRITE = 1;
    /** EPT-violation exit qualification bits. */
    public static final long EXIT_QUAL_READ = 1;
    public static final long EXIT_QUAL_WRITE = 2;

    private Ghci() {
    }

    /** The shared bit for a guest-physical address width: bit GPAW-1 (47 for 48, 51 for 52). */
    public static long sharedBit(int gpaWidth) {
        if (gpaWidth != 48 && gpaWidth != 52) {
            throw new IllegalArgumentException("GPA width must be 48 or 52, got " + gpaWidth);
        }
        return 1L << (gpaWidth - 1);
    }

    public static boolean validSize(long size) {
        return size == 1 || size == 2 || size == 4 || size == 8;
    }

    /** Mask of the low {@code size} bytes. */
    public static long mask(int size) {
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }
}
