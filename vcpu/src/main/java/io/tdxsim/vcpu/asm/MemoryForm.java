package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.Gpr;

/** Chooses ModRM.mod/rm, SIB and displacement for a memory operand, as GNU as does in 64-bit mode. */
final class MemoryForm {
    private static final int RM_SIB = 4;
    private static final int RM_RIP = 5;
    private static final int SIB_NO_INDEX = 4;
    private static final int SIB_NO_BASE = 5;

    private MemoryForm() {
    }

    static void apply(Encoding e, Operand.Mem m, EncodeContext ctx) {
        Value d = ctx.eval(m.disp());
        Gpr base = m.base();
        Gpr index = m.index();
        if (m.rip() || (base == null && index == null && d.isAddress())) {
            // [rip + label] and [label] address the label; [rip + n] is a raw displacement.
            if (d.isAddress()) {
                e.memory(0, RM_RIP, -1, false, false, 4, d.value(), true);
            } else {
                if (ctx.checks(d)) {
                    requireDisp32(d.value(), "rip-relative displacement");
                }
                e.memory(0, RM_RIP, -1, false, false, 4, d.value(), false);
            }
            return;
        }
        if (base == null && index == null) {
            // 64-bit mode gives mod=00 rm=101 to rip, so an absolute address goes through a SIB without base.
            if (ctx.checks(d)) {
                requireDisp32(d.value(), "absolute address");
            }
            e.memory(0, RM_SIB, sib(0, SIB_NO_INDEX, SIB_NO_BASE), false, false, 4, d.value(), false);
            return;
        }
        if (ctx.checks(d)) {
            requireDisp32(d.value(), "displacement");
        }
        boolean x = index != null && index.number() >= 8;
        boolean b = base != null && base.number() >= 8;
        if (base == null) {
            // index without base: mod=00 with SIB base=101 always carries a disp32
            e.memory(0, RM_SIB, sib(scaleBits(m.scale()), index.number() & 7, SIB_NO_BASE), x, false, 4, d.value(), false);
            return;
        }
        int dispSize = dispSize(d, base);
        int mod = switch (dispSize) {
            case 0 -> 0;
            case 1 -> 1;
            default -> 2;
        };
        if (index == null && (base.number() & 7) != RM_SIB) {
            e.memory(mod, base.number() & 7, -1, false, b, dispSize, d.value(), false);
        } else {
            // rsp/r12 as base (rm=100) always needs a SIB
            int indexBits = index == null ? SIB_NO_INDEX : index.number() & 7;
            int scale = index == null ? 0 : scaleBits(m.scale());
            e.memory(mod, RM_SIB, sib(scale, indexBits, base.number() & 7), x, b, dispSize, d.value(), false);
        }
    }

    /** rbp/r13 as base with mod=00 would mean rip/no-base, so they take an explicit disp8 of 0. */
    private static int dispSize(Value d, Gpr base) {
        if (d.usesLabels()) {
            return 4;
        }
        long v = d.value();
        if (v == 0 && (base.number() & 7) != 5) {
            return 0;
        }
        if (Immediates.fitsInt8(v)) {
            return 1;
        }
        requireDisp32(v, "displacement");
        return 4;
    }

    private static void requireDisp32(long v, String what) {
        if (!Immediates.fitsInt32(v)) {
            throw new AsmError(what + " " + Immediates.show(v) + " does not fit a signed 32-bit displacement");
        }
    }

    private static int sib(int scaleBits, int index, int base) {
        return scaleBits << 6 | index << 3 | base;
    }

    private static int scaleBits(int scale) {
        return Integer.numberOfTrailingZeros(scale);
    }
}
