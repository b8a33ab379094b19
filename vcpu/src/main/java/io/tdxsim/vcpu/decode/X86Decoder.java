package io.tdxsim.vcpu.decode;

import static io.tdxsim.vcpu.decode.OpcodeTable.GROUP3;
import static io.tdxsim.vcpu.decode.OpcodeTable.IMM_B;
import static io.tdxsim.vcpu.decode.OpcodeTable.IMM_MOFFS;
import static io.tdxsim.vcpu.decode.OpcodeTable.IMM_REL32;
import static io.tdxsim.vcpu.decode.OpcodeTable.IMM_V;
import static io.tdxsim.vcpu.decode.OpcodeTable.IMM_W;
import static io.tdxsim.vcpu.decode.OpcodeTable.IMM_WB;
import static io.tdxsim.vcpu.decode.OpcodeTable.IMM_Z;
import static io.tdxsim.vcpu.decode.OpcodeTable.INVALID;
import static io.tdxsim.vcpu.decode.OpcodeTable.MODRM;
import static io.tdxsim.vcpu.decode.OpcodeTable.ONE_BYTE;
import static io.tdxsim.vcpu.decode.OpcodeTable.PREFIX;
import static io.tdxsim.vcpu.decode.OpcodeTable.REG_ONLY;
import static io.tdxsim.vcpu.decode.OpcodeTable.TWO_BYTE;

/**
 * x86-64 (64-bit mode) instruction decoder: prefixes, REX, one/two/three-byte opcode maps,
 * ModRM, SIB, displacement and immediate, with the exact length. VEX/EVEX instructions get their
 * length, ModRM memory operand, operand size and vector width. Stateless and allocation-free.
 *
 * <p>Two prefix rules exist: the CPU's ({@link #decode}), which the interpreter executes, and the
 * Linux kernel's insn_get_prefixes() ({@link #decodeLinux}), which the {@code linux} handler
 * profile decodes with. They differ only in which bytes count as prefixes.
 */
public final class X86Decoder {

    /** The architectural limit; like the kernel, the handler fetches this many bytes at RIP. */
    public static final int MAX_LENGTH = 15;

    private X86Decoder() {
    }

    /** Decodes at {@code code[offset]} as the CPU does, reading at most {@code available} bytes. */
    public static boolean decode(byte[] code, int offset, int available, Insn out) {
        return decode(code, offset, available, out, false);
    }

    /**
     * Decodes as the Linux kernel's insn_decode() does. Its prefix scan differs from the CPU: it
     * takes at most four distinct legacy prefixes (a fifth distinct one becomes the opcode), and
     * a REX only right after the legacy prefixes (a legacy prefix or REX after a REX becomes the
     * opcode). Such an opcode byte has no ModRM; {@link Insn#strayPrefix} marks it.
     */
    public static boolean decodeLinux(byte[] code, int offset, int available, Insn out) {
        return decode(code, offset, available, out, true);
    }

    private static boolean decode(byte[] code, int offset, int available, Insn out, boolean kernelRules) {
        out.reset();
        Cursor c = out.cursor == null ? out.cursor = new Cursor() : out.cursor;   // one per Insn: no garbage per decode
        c.over(code, offset, Math.min(available, MAX_LENGTH));
        try {
            decodeInto(c, out, kernelRules);
            out.length = c.pos - offset;
            out.valid = true;
        } catch (Truncated e) {
            out.error = e.getMessage();
        } finally {
            c.code = null;          // a cached Insn must not keep its program text alive
        }
        return out.valid;
    }

    private static void decodeInto(Cursor c, Insn insn, boolean kernelRules) {
        int b = kernelRules ? kernelPrefixes(c, insn) : prefixesAndRex(c, insn);
        if (insn.strayPrefix) {
            insn.opcode = b;
            return;
        }
        if (b == 0xC4 || b == 0xC5 || b == 0x62) {
            vex(c, insn, b);
            return;
        }
        int flags;
        if (b == 0x0F) {
            int second = c.next();
            if (second == 0x38 || second == 0x3A) {
                insn.map = second == 0x38 ? Insn.MAP_0F38 : Insn.MAP_0F3A;
                insn.opcode = c.next();
                flags = MODRM | (second == 0x3A ? IMM_B : 0);
            } else {
                insn.map = Insn.MAP_0F;
                insn.opcode = second;
                flags = TWO_BYTE[second];
            }
        } else {
            insn.opcode = b;
            flags = ONE_BYTE[b];
        }
        if ((flags & INVALID) != 0) {
            throw new Truncated("invalid opcode in 64-bit mode");
        }
        if ((flags & MODRM) != 0) {
            modrm(c, insn, (flags & REG_ONLY) != 0);
        }
        immediate(c, insn, flags);
    }

    /** Consumes legacy prefixes and a REX that directly precedes the opcode; returns the opcode byte. */
    private static int prefixesAndRex(Cursor c, Insn insn) {
        while (true) {
            int b = c.next();
            if (isRex(b)) {
                insn.rex = b;               // a REX followed by a legacy prefix is dropped, as on hardware
                continue;
            }
            if ((ONE_BYTE[b] & PREFIX) == 0) {
                if (insn.rexW()) {
                    insn.opndBytes = 8;
                }
                return b;
            }
            insn.rex = 0;
            legacyPrefix(insn, b);
        }
    }

    /**
     * insn_get_prefixes(): repeats of a prefix already taken are skipped, a fifth distinct one
     * ends the scan and is read as the opcode; then one REX if it comes next, and whatever
     * follows it is the opcode.
     */
    private static int kernelPrefixes(Cursor c, Insn insn) {
        long taken = 0;                     // up to four distinct prefix bytes, one per byte lane
        int distinct = 0;
        int b = c.next();
        while ((ONE_BYTE[b] & PREFIX) != 0) {
            if (!taken(taken, distinct, b)) {
                if (distinct == 4) {
                    insn.strayPrefix = true;
                    return b;
                }
                taken |= (long) b << (8 * distinct++);
                legacyPrefix(insn, b);
            }
            b = c.next();
        }
        if (isRex(b)) {
            insn.rex = b;
            if (insn.rexW()) {
                insn.opndBytes = 8;
            }
            b = c.next();
            insn.strayPrefix = isRex(b) || (ONE_BYTE[b] & PREFIX) != 0;
        }
        return b;
    }

    private static boolean taken(long taken, int count, int b) {
        for (int i = 0; i < count; i++) {
            if (((taken >>> (8 * i)) & 0xFF) == b) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies one legacy prefix. A repeated 66 or 67 does not toggle back (the kernel skips
     * repeats; the CPU ignores them).
     */
    private static void legacyPrefix(Insn insn, int b) {
        switch (b) {
            case 0x66 -> {
                insn.opndBytes = 2;
                insn.prefixes |= Insn.P_OPSIZE;
            }
            case 0x67 -> {
                insn.addrBytes = 4;
                insn.prefixes |= Insn.P_ADDRSIZE;
            }
            case 0xF0 -> insn.prefixes |= Insn.P_LOCK;
            case 0xF2 -> insn.prefixes |= Insn.P_REPNE;
            case 0xF3 -> insn.prefixes |= Insn.P_REP;
            default -> {
                insn.prefixes |= Insn.P_SEGMENT;
                insn.segmentSeen |= segmentBit(b);
                insn.segment = b;
            }
        }
    }

    private static int segmentBit(int b) {
        return switch (b) {
            case 0x26 -> 1;
            case 0x2E -> 2;
            case 0x36 -> 4;
            case 0x3E -> 8;
            case 0x64 -> 16;
            default -> 32;                   // 0x65
        };
    }

    private static boolean isRex(int b) {
        return b >= 0x40 && b <= 0x4F;
    }

    /** {@code regOnly}: the CPU ignores ModRM.mod and reads rm as a register (MOV to/from CR/DR). */
    private static void modrm(Cursor c, Insn insn, boolean regOnly) {
        int m = c.next();
        insn.hasModrm = true;
        insn.mod = regOnly ? 3 : m >>> 6;
        insn.reg = ((m >>> 3) & 7) | ((insn.rex & 4) << 1);
        int rmLow = m & 7;
        insn.rm = rmLow | ((insn.rex & 1) << 3);
        if (insn.mod == 3) {
            return;
        }
        int dispSize = insn.mod == 1 ? 1 : insn.mod == 2 ? 4 : 0;
        if (rmLow == 4) {
            int sib = c.next();
            insn.hasSib = true;
            insn.scale = 1 << (sib >>> 6);
            int idx = ((sib >>> 3) & 7) | ((insn.rex & 2) << 2);
            insn.index = idx == 4 ? -1 : idx;
            int baseLow = sib & 7;
            if (baseLow == 5 && insn.mod == 0) {
                insn.base = -1;
                dispSize = 4;
            } else {
                insn.base = baseLow | ((insn.rex & 1) << 3);
            }
        } else if (rmLow == 5 && insn.mod == 0) {
            insn.ripRelative = true;
            dispSize = 4;
        } else {
            insn.base = insn.rm;
        }
        insn.dispSize = dispSize;
        insn.disp = c.signed(dispSize);
    }

    private static void immediate(Cursor c, Insn insn, int flags) {
        if ((flags & GROUP3) != 0 && (insn.reg & 7) > 1) {
            return;                          // F6/F7 /2../7 (not, neg, mul, div) take no immediate
        }
        if ((flags & IMM_B) != 0) {
            setImm(insn, c.signed(1), 1);
        } else if ((flags & IMM_W) != 0) {
            setImm(insn, c.signed(2), 2);
        } else if ((flags & IMM_Z) != 0) {
            int size = insn.opndBytes == 2 ? 2 : 4;
            setImm(insn, c.signed(size), size);
        } else if ((flags & IMM_V) != 0) {
            setImm(insn, c.signed(insn.opndBytes), insn.opndBytes);
        } else if ((flags & IMM_REL32) != 0) {
            setImm(insn, c.signed(4), 4);
        } else if ((flags & IMM_WB) != 0) {
            setImm(insn, c.signed(2), 2);
            c.signed(1);
            insn.immSize = 3;
        } else if ((flags & IMM_MOFFS) != 0) {
            insn.moffs = true;
            insn.dispSize = insn.addrBytes;
            insn.disp = c.signed(insn.addrBytes);
        }
    }

    private static void setImm(Insn insn, long value, int size) {
        insn.imm = value;
        insn.immSize = size;
    }

    /**
     * VEX (C4/C5) and EVEX (62): prefix fields, opcode, ModRM memory operand and immediate. The
     * inverted R, X, B bits go into {@link Insn#rex} so register numbers extend as with REX; W
     * sets an 8-byte operand size as the kernel's decoder does.
     */
    private static void vex(Cursor c, Insn insn, int escape) {
        insn.vex = true;
        int map;
        int rxb;
        int w = 0;
        int length;
        if (escape == 0xC5) {
            int p = c.next();
            rxb = (p & 0x80) >>> 5 | 3;     // VEX2 has no X or B: stored as 1 (not extended)
            map = 1;
            length = (p >>> 2) & 1;
            insn.vexPp = p & 3;
        } else if (escape == 0xC4) {
            int p0 = c.next();
            int p1 = c.next();
            rxb = p0 >>> 5;
            map = p0 & 0x1F;
            w = p1 >>> 7;
            length = (p1 >>> 2) & 1;
            insn.vexPp = p1 & 3;
        } else {
            insn.evex = true;
            int p0 = c.next();
            int p1 = c.next();
            int p2 = c.next();
            rxb = p0 >>> 5;
            map = p0 & 0x07;
            w = p1 >>> 7;
            length = Math.min((p2 >>> 5) & 3, 2);
            insn.vexPp = p1 & 3;
        }
        insn.rex = 0x40 | (w << 3) | (~rxb & 7);
        if (w != 0) {
            insn.opndBytes = 8;
        }
        insn.vectorBytes = 16 << length;
        insn.map = map;
        insn.opcode = c.next();
        if (map < 1 || map > 3) {
            throw new Truncated("unsupported VEX/EVEX opcode map " + map);
        }
        if (!vexFormExists(insn)) {
            throw new Truncated(String.format("no VEX/EVEX instruction has opcode 0x%02x in map %d", insn.opcode, map));
        }
        if (map == 1 && insn.opcode == 0x77) {
            return;                          // vzeroupper / vzeroall: no ModRM
        }
        modrm(c, insn, false);
        // map 0F keeps the legacy imm8 opcodes (vpshufd, vcmpps, vpinsrw, vshufps...); map 0F3A always has one
        if (map == 3 || (map == 1 && (TWO_BYTE[insn.opcode] & IMM_B) != 0)) {
            setImm(insn, c.signed(1), 1);
        }
    }

    /**
     * For the opcode bytes the kernel's MMIO classifier knows (88-8b, a4, a5, c6, c7), which
     * VEX/EVEX forms exist: VEX/EVEX 0f c6 (vshufps/pd), EVEX 0f38 88-8b (expand, compress) and
     * EVEX 0f38 c6/c7 (gather/scatter prefetch). Any other such form is #UD on the CPU and a bad
     * instruction to the kernel's decoder; other opcode bytes are not checked here.
     */
    private static boolean vexFormExists(Insn insn) {
        int op = insn.opcode;
        boolean known = (op >= 0x88 && op <= 0x8B) || op == 0xA4 || op == 0xA5 || op == 0xC6 || op == 0xC7;
        if (!known) {
            return true;
        }
        return switch (insn.map) {
            case Insn.MAP_0F -> op == 0xC6;
            case Insn.MAP_0F38 -> insn.evex && (op <= 0x8B || op == 0xC6 || op == 0xC7);
            default -> false;
        };
    }

    /** Bounds-checked reader over the instruction bytes. */
    static final class Cursor {
        private byte[] code;
        private int end;
        int pos;

        void over(byte[] code, int offset, int available) {
            this.code = code;
            this.pos = offset;
            this.end = Math.min(code.length, offset + Math.max(0, available));
        }

        int next() {
            if (pos >= end) {
                throw new Truncated("instruction truncated (or longer than 15 bytes)");
            }
            return code[pos++] & 0xFF;
        }

        long signed(int size) {
            long value = 0;
            for (int i = 0; i < size; i++) {
                value |= (long) next() << (8 * i);
            }
            int shift = 64 - 8 * size;
            return size == 8 ? value : (value << shift) >> shift;
        }
    }

    /** Decoding ran out of bytes or hit an invalid opcode; no stack trace needed. */
    private static final class Truncated extends RuntimeException {
        Truncated(String message) {
            super(message, null, false, false);
        }
    }
}
