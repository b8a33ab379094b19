package io.tdxsim.vcpu;

import java.util.Arrays;

/** Guest GPRs, RIP and RFLAGS, with the SDM's rules for writing partial registers. */
public final class RegisterFile {

    public static final long CF = 1L;
    public static final long PF = 1L << 2;
    public static final long ZF = 1L << 6;
    public static final long SF = 1L << 7;
    public static final long OF = 1L << 11;
    /** Bit 1 of RFLAGS always reads as one. */
    public static final long FIXED = 1L << 1;

    public final long[] gpr = new long[16];
    public long rip;
    public long rflags = FIXED;

    public long get(Gpr r) {
        return gpr[r.number()];
    }

    public void set(Gpr r, long value) {
        gpr[r.number()] = value;
    }

    /**
     * Reads register {@code number} at {@code size} bytes; {@code highByte} selects bits 15:8
     * (AH..BH, only meaningful for size 1 without REX).
     */
    public long read(int number, int size, boolean highByte) {
        long v = gpr[number];
        if (highByte) {
            return (v >>> 8) & 0xFF;
        }
        return size == 8 ? v : v & io.tdxsim.vmm.Ghci.mask(size);
    }

    /**
     * Architectural write: 32-bit results zero-extend to 64 bits; 8- and 16-bit writes leave
     * the other bits alone.
     */
    public void write(int number, int size, boolean highByte, long value) {
        if (highByte) {
            gpr[number] = (gpr[number] & ~0xFF00L) | ((value & 0xFF) << 8);
        } else if (size == 8) {
            gpr[number] = value;
        } else if (size == 4) {
            gpr[number] = value & 0xFFFF_FFFFL;
        } else {
            long m = io.tdxsim.vmm.Ghci.mask(size);
            gpr[number] = (gpr[number] & ~m) | (value & m);
        }
    }

    public boolean flag(long bit) {
        return (rflags & bit) != 0;
    }

    public void copyFrom(RegisterFile other) {
        System.arraycopy(other.gpr, 0, gpr, 0, 16);
        rip = other.rip;
        rflags = other.rflags;
    }


    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Gpr r : Gpr.values()) {
            sb.append(r.name64()).append('=').append(String.format("0x%x", gpr[r.number()])).append(' ');
        }
        return sb.append("rip=").append(String.format("0x%x", rip)).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegisterFile r && Arrays.equals(gpr, r.gpr) && rip == r.rip && rflags == r.rflags;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(gpr) * 31 + Long.hashCode(rip);
    }
}
