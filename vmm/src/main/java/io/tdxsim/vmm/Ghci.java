package io.tdxsim.vmm;

/** Constants of the GHCI TDVMCALL ABI used on the MMIO and port-I/O paths, and the #VE exit qualifications. */
public final class Ghci {

    /** R10 = 0 selects a standard GHCI sub-function (non-zero is a vendor hypercall). */
    public static final long STANDARD = 0;
    /** R11 sub-function #VE.RequestMMIO; equal to VMX exit reason EPT_VIOLATION. */
    public static final long SUBFUNC_REQUEST_MMIO = 48;
    public static final long EXIT_REASON_EPT_VIOLATION = 48;
    /** R11 sub-function Instruction.IO; equal to VMX exit reason IO_INSTRUCTION. */
    public static final long SUBFUNC_IO = 30;
    public static final long EXIT_REASON_IO_INSTRUCTION = 30;
    /**
     * R11 sub-function Instruction.HLT; equal to VMX exit reason HLT. R12 is the guest's
     * "interrupts blocked" flag: when set, the VMM need not wake the vCPU for a pending interrupt.
     */
    public static final long SUBFUNC_HLT = 12;
    public static final long DIRECTION_READ = 0;
    public static final long DIRECTION_WRITE = 1;
    /** EPT-violation exit qualification bits. */
    public static final long EXIT_QUAL_READ = 1;
    public static final long EXIT_QUAL_WRITE = 2;
    /**
     * I/O-instruction exit qualification (SDM "Exit Qualification for I/O Instructions"): bits 2:0
     * size - 1, bit 3 IN, bit 4 string (INS/OUTS), bit 5 REP, bit 6 port from an immediate, bits
     * 31:16 the port.
     */
    public static final long IO_QUAL_IN = 1 << 3;
    public static final long IO_QUAL_STRING = 1 << 4;
    public static final long IO_QUAL_REP = 1 << 5;
    public static final long IO_QUAL_IMMEDIATE = 1 << 6;
    /** Ports 0 .. 0xffff. */
    public static final int PORTS = 0x10000;

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

    public static long ioQualification(int size, boolean in, boolean string, boolean rep, boolean immediate, int port) {
        return (size - 1) | (in ? IO_QUAL_IN : 0) | (string ? IO_QUAL_STRING : 0) | (rep ? IO_QUAL_REP : 0)
                | (immediate ? IO_QUAL_IMMEDIATE : 0) | (long) (port & 0xFFFF) << 16;
    }

    public static int ioSize(long qualification) {
        return (int) (qualification & 7) + 1;
    }

    public static int ioPort(long qualification) {
        return (int) (qualification >>> 16) & 0xFFFF;
    }

    /** Mask of the low {@code size} bytes. */
    public static long mask(int size) {
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }
}
