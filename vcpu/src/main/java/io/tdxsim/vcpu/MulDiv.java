package io.tdxsim.vcpu;

import static io.tdxsim.vcpu.RegisterFile.CF;
import static io.tdxsim.vcpu.RegisterFile.OF;

import java.math.BigInteger;

/**
 * MUL, IMUL and DIV, IDIV on rDX:rAX (AH:AL for bytes). Flags the SDM leaves undefined (SF, ZF,
 * PF after a multiply; all after a divide) keep their old values.
 */
final class MulDiv {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private MulDiv() {
    }

    /** The one-operand forms: rDX:rAX = rAX * src; CF = OF = the high half is significant. */
    static void multiply(RegisterFile regs, long src, int size, boolean signed) {
        long a = regs.read(0, size, false);
        long low;
        long high;
        boolean overflow;
        if (size == 8) {
            low = a * src;
            high = signed ? Math.multiplyHigh(a, src) : unsignedMultiplyHigh(a, src);
            overflow = signed ? high != (low >> 63) : high != 0;
        } else {
            int bits = size * 8;
            long x = signed ? Executor.signExtend(a, size) : a;
            long y = signed ? Executor.signExtend(src, size) : src & io.tdxsim.vmm.Ghci.mask(size);
            long product = x * y;
            low = product & io.tdxsim.vmm.Ghci.mask(size);
            high = (product >> bits) & io.tdxsim.vmm.Ghci.mask(size);
            overflow = signed ? Executor.signExtend(low, size) != product : high != 0;
        }
        if (size == 1) {
            regs.write(0, 2, false, (high << 8) | low);
        } else {
            regs.write(0, size, false, low);
            regs.write(2, size, false, high);
        }
        setOverflow(regs, overflow);
    }

    /** IMUL r, r/m (, imm): the truncated product; CF = OF = it did not fit. */
    static long multiplyTruncated(RegisterFile regs, long a, long b, int size) {
        long x = Executor.signExtend(a, size);
        long y = Executor.signExtend(b, size);
        long product = x * y;
        boolean overflow = size == 8 ? Math.multiplyHigh(x, y) != (product >> 63)
                : Executor.signExtend(product, size) != product;
        setOverflow(regs, overflow);
        return product;
    }

    /** DIV/IDIV; returns false on #DE (division by zero or a quotient that does not fit). */
    static boolean divide(RegisterFile regs, long divisor, int size, boolean signed) {
        long m = io.tdxsim.vmm.Ghci.mask(size);
        if ((divisor & m) == 0) {
            return false;
        }
        long low = size == 1 ? regs.read(0, 1, false) : regs.read(0, size, false);
        long high = size == 1 ? regs.read(0, 1, true) : regs.read(2, size, false);
        long q;
        long r;
        if (size == 8) {
            if (!signed && high == 0) {
                q = Long.divideUnsigned(low, divisor);
                r = Long.remainderUnsigned(low, divisor);
            } else if (signed && high == (low >> 63) && !(low == Long.MIN_VALUE && divisor == -1)) {
                q = low / divisor;
                r = low % divisor;
            } else {                        // a 128-bit dividend: rare in compiled code
                BigInteger dividend = (signed ? BigInteger.valueOf(high) : unsigned(high)).shiftLeft(64)
                        .or(unsigned(low));
                BigInteger d = signed ? BigInteger.valueOf(divisor) : unsigned(divisor);
                BigInteger[] qr = dividend.divideAndRemainder(d);
                if (signed ? qr[0].bitLength() > 63 : qr[0].bitLength() > 64) {
                    return false;
                }
                q = qr[0].longValue();
                r = qr[1].longValue();
            }
        } else {
            int bits = size * 8;
            long dividend = (high << bits) | low;
            if (signed) {
                dividend = Executor.signExtend(dividend, size * 2);
                long d = Executor.signExtend(divisor, size);
                q = dividend / d;
                r = dividend % d;
                if (Executor.signExtend(q, size) != q) {
                    return false;
                }
            } else {
                long d = divisor & m;
                q = Long.divideUnsigned(dividend, d);
                r = Long.remainderUnsigned(dividend, d);
                if ((q & ~m) != 0) {
                    return false;
                }
            }
        }
        if (size == 1) {
            regs.write(0, 2, false, ((r & 0xFF) << 8) | (q & 0xFF));
        } else {
            regs.write(0, size, false, q);
            regs.write(2, size, false, r);
        }
        return true;
    }

    private static void setOverflow(RegisterFile regs, boolean overflow) {
        regs.rflags = (regs.rflags & ~(CF | OF)) | (overflow ? CF | OF : 0);
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    private static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v);
        return v < 0 ? b.add(TWO_64) : b;
    }
}
