package io.tdxsim.vcpu;

import static io.tdxsim.vcpu.RegisterFile.CF;
import static io.tdxsim.vcpu.RegisterFile.OF;
import static io.tdxsim.vcpu.RegisterFile.PF;
import static io.tdxsim.vcpu.RegisterFile.SF;
import static io.tdxsim.vcpu.RegisterFile.ZF;

/** Integer arithmetic with the status flags the supported instructions define. */
final class Alu {

    static final int ADD = 0;
    static final int OR = 1;
    static final int ADC = 2;
    static final int SBB = 3;
    static final int AND = 4;
    static final int SUB = 5;
    static final int XOR = 6;
    static final int CMP = 7;

    private static final long STATUS = CF | PF | ZF | SF | OF | (1L << 4);

    private Alu() {
    }

    /** Runs ALU operation {@code op} (ModRM /digit order) and updates {@code regs.rflags}. */
    static long compute(int op, long a, long b, int size, RegisterFile regs) {
        long m = io.tdxsim.vmm.Ghci.mask(size);
        a &= m;
        b &= m;
        long carryIn = (op == ADC || op == SBB) && regs.flag(CF) ? 1 : 0;
        long r;
        long flags;
        switch (op) {
            case ADD, ADC -> {
                r = (a + b + carryIn) & m;
                boolean carry = size == 8
                        ? Long.compareUnsigned(r, a) < 0 || (carryIn == 1 && r == a)
                        : (a + b + carryIn) > m;
                flags = (carry ? CF : 0) | (((a ^ r) & (b ^ r) & signBit(size)) != 0 ? OF : 0);
            }
            case SUB, SBB, CMP -> {
                r = (a - b - carryIn) & m;
                boolean borrow = Long.compareUnsigned(a, b) < 0 || (carryIn == 1 && a == b);
                flags = (borrow ? CF : 0) | (((a ^ b) & (a ^ r) & signBit(size)) != 0 ? OF : 0);
            }
            case AND -> {
                r = a & b;
                flags = 0;
            }
            case OR -> {
                r = a | b;
                flags = 0;
            }
            case XOR -> {
                r = a ^ b;
                flags = 0;
            }
            default -> throw new IllegalArgumentException("ALU op " + op);
        }
        setResultFlags(regs, flags, r, size);
        return r;
    }

    /** INC/DEC leave CF alone. */
    static long incDec(long a, boolean dec, int size, RegisterFile regs) {
        long keepCf = regs.rflags & CF;
        long r = compute(dec ? SUB : ADD, a, 1, size, regs);
        regs.rflags = (regs.rflags & ~CF) | keepCf;
        return r;
    }

    /**
     * The shift group by ModRM digit: ROL (0), ROR (1), RCL (2), RCR (3), SHL (4), SHR (5), SAL (6,
     * the same as SHL), SAR (7), by {@code count} (already masked to 5 or 6 bits).
     */
    static long shift(int kind, long a, int count, int size, RegisterFile regs) {
        long m = io.tdxsim.vmm.Ghci.mask(size);
        a &= m;
        if (count == 0) {
            return a;
        }
        if (kind < 4) {
            return rotate(kind, a, count, size, regs);
        }
        if (kind == 6) {
            kind = 4;
        }
        long r;
        boolean cf;
        int bits = size * 8;
        switch (kind) {
            case 4 -> {
                r = count >= 64 ? 0 : (a << count) & m;
                cf = count <= bits && ((a >>> (bits - count)) & 1) != 0;
            }
            case 5 -> {
                r = count >= 64 ? 0 : a >>> count;
                cf = ((a >>> (count - 1)) & 1) != 0;
            }
            case 7 -> {
                long signed = (a << (64 - bits)) >> (64 - bits);
                r = (signed >> Math.min(count, 63)) & m;
                cf = ((signed >> Math.min(count - 1, 63)) & 1) != 0;
            }
            default -> throw new IllegalArgumentException("shift kind " + kind);
        }
        boolean of = kind == 4 ? (((r & signBit(size)) != 0) != cf) : kind == 5 && (a & signBit(size)) != 0;
        setResultFlags(regs, (cf ? CF : 0) | (count == 1 && of ? OF : 0), r, size);
        return r;
    }

    /** Rotates change CF and (for a count of 1) OF only. */
    private static long rotate(int kind, long a, int count, int size, RegisterFile regs) {
        int bits = size * 8;
        long m = io.tdxsim.vmm.Ghci.mask(size);
        long r = a;
        boolean cf = regs.flag(CF);
        if (kind == 0 || kind == 1) {
            int c = count % bits;
            r = kind == 0 ? ((a << c) | (c == 0 ? 0 : a >>> (bits - c))) & m
                    : ((a >>> c) | (c == 0 ? 0 : a << (bits - c))) & m;
            cf = kind == 0 ? (r & 1) != 0 : (r & signBit(size)) != 0;
        } else {
            int c = count % (bits + 1);
            for (int i = 0; i < c; i++) {             // through the carry: one bit at a time
                if (kind == 2) {
                    boolean out = (r & signBit(size)) != 0;
                    r = ((r << 1) | (cf ? 1 : 0)) & m;
                    cf = out;
                } else {
                    boolean out = (r & 1) != 0;
                    r = (r >>> 1) | (cf ? signBit(size) : 0);
                    cf = out;
                }
            }
        }
        boolean msb = (r & signBit(size)) != 0;
        boolean of = kind == 0 || kind == 2 ? msb != cf : msb != ((r & (signBit(size) >>> 1)) != 0);
        long keep = regs.rflags & ~(CF | (count == 1 ? OF : 0));
        regs.rflags = keep | (cf ? CF : 0) | (count == 1 && of ? OF : 0);
        return r;
    }

    /** SHLD (left) or SHRD by {@code count} (already masked, non-zero), filling from {@code src}. */
    static long shiftDouble(boolean left, long dst, long src, int count, int size, RegisterFile regs) {
        int bits = size * 8;
        long m = io.tdxsim.vmm.Ghci.mask(size);
        dst &= m;
        src &= m;
        long r;
        boolean cf;
        if (left) {
            r = ((dst << count) | (count >= bits ? 0 : src >>> (bits - count))) & m;
            cf = ((dst >>> (bits - count)) & 1) != 0;
        } else {
            r = ((dst >>> count) | (count >= bits ? 0 : src << (bits - count))) & m;
            cf = ((dst >>> (count - 1)) & 1) != 0;
        }
        boolean of = ((r ^ dst) & signBit(size)) != 0;
        setResultFlags(regs, (cf ? CF : 0) | (count == 1 && of ? OF : 0), r, size);
        return r;
    }

    static void logicFlags(long r, int size, RegisterFile regs) {
        setResultFlags(regs, 0, r & io.tdxsim.vmm.Ghci.mask(size), size);
    }

    private static void setResultFlags(RegisterFile regs, long flags, long r, int size) {
        if (r == 0) {
            flags |= ZF;
        }
        if ((r & signBit(size)) != 0) {
            flags |= SF;
        }
        if ((Long.bitCount(r & 0xFF) & 1) == 0) {
            flags |= PF;
        }
        regs.rflags = (regs.rflags & ~STATUS) | flags;
    }

    private static long signBit(int size) {
        return 1L << (8 * size - 1);
    }

    /** Condition code {@code cc} (low nibble of Jcc/SETcc). */
    static boolean condition(int cc, RegisterFile regs) {
        boolean r = switch (cc >> 1) {
            case 0 -> regs.flag(OF);
            case 1 -> regs.flag(CF);
            case 2 -> regs.flag(ZF);
            case 3 -> regs.flag(CF) || regs.flag(ZF);
            case 4 -> regs.flag(SF);
            case 5 -> regs.flag(PF);
            case 6 -> regs.flag(SF) != regs.flag(OF);
            default -> regs.flag(ZF) || regs.flag(SF) != regs.flag(OF);
        };
        return (cc & 1) == 0 ? r : !r;
    }
}
