package io.tdxsim.vcpu.decode;

/**
 * One decoded x86-64 instruction. Mutable so a vCPU can decode into the same object on every
 * exit without allocating; {@link X86Decoder#decode} resets every field.
 */
public final class Insn {

    public static final int P_OPSIZE = 1;      // 66
    public static final int P_ADDRSIZE = 1 << 1; // 67
    public static final int P_REP = 1 << 2;    // F3
    public static final int P_REPNE = 1 << 3;  // F2
    public static final int P_LOCK = 1 << 4;   // F0
    public static final int P_SEGMENT = 1 << 5; // 26 2E 36 3E 64 65

    public static final int MAP_ONE_BYTE = 0;
    public static final int MAP_0F = 1;
    public static final int MAP_0F38 = 2;
    public static final int MAP_0F3A = 3;

    /** Bytes consumed; meaningful only when {@link #valid}. */
    public int length;
    /** The decoder's reader, kept between decodes into this Insn so that decoding allocates nothing. */
    X86Decoder.Cursor cursor;
    public boolean valid;
    /** Why decoding stopped, when not valid. */
    public String error;

    public int prefixes;
    public int segment;          // the last segment-override byte, 0 if none
    /** One bit per distinct segment-override byte taken as a prefix (26 2E 36 3E 64 65, low bit first). */
    public int segmentSeen;
    /**
     * 0x40..0x4F, or 0 if absent. For VEX/EVEX the prefix's R, X, B and W bits are stored here as
     * a REX would carry them (un-inverted), so register numbers come out the same way.
     */
    public int rex;
    /** VEX/EVEX-encoded (AVX): length, ModRM operand and operand size decoded; not executed. */
    public boolean vex;
    /** EVEX (62) rather than VEX (C4/C5). */
    public boolean evex;
    /** VEX/EVEX pp: the implied mandatory prefix (0 none, 1 66, 2 F3, 3 F2). */
    public int vexPp;
    /** Bytes of the vector operand a VEX/EVEX instruction names (16, 32 or 64), 0 otherwise. */
    public int vectorBytes;
    /**
     * Kernel decoder only: the opcode byte is a legacy prefix or a REX that its prefix scan did not
     * take (a fifth distinct prefix, or a prefix after a REX). It has no ModRM and no class.
     */
    public boolean strayPrefix;
    public int map;
    public int opcode;

    public boolean hasModrm;
    public int mod;
    /** ModRM.reg extended by REX.R: 0..15. */
    public int reg;
    /** ModRM.rm extended by REX.B: 0..15 (for mod != 3 without SIB, the base register). */
    public int rm;
    public boolean hasSib;
    public int scale;
    /** SIB index extended by REX.X, or -1 for none. */
    public int index;
    /** Base register 0..15, or -1 for none (SIB disp32-only or RIP-relative). */
    public int base;
    public boolean ripRelative;
    public long disp;
    public int dispSize;
    /** A0-A3: the absolute address (moffs) is in {@link #disp}. */
    public boolean moffs;

    /** Immediate, sign-extended to 64 bits as the Linux decoder stores it; imm64 kept whole. */
    public long imm;
    public int immSize;

    public int opndBytes;
    public int addrBytes;

    /** {@link #row()}, once looked up; decoding alone (the kernel's view, the length) does not need it. */
    private InstructionTable.Row row;
    private boolean rowKnown;

    void reset() {
        length = 0;
        valid = false;
        error = null;
        prefixes = 0;
        segment = 0;
        segmentSeen = 0;
        rex = 0;
        vex = false;
        evex = false;
        vectorBytes = 0;
        vexPp = 0;
        strayPrefix = false;
        map = MAP_ONE_BYTE;
        opcode = 0;
        hasModrm = false;
        mod = 0;
        reg = 0;
        rm = 0;
        hasSib = false;
        scale = 1;
        index = -1;
        base = -1;
        ripRelative = false;
        disp = 0;
        dispSize = 0;
        moffs = false;
        imm = 0;
        immSize = 0;
        opndBytes = 4;
        addrBytes = 8;
        row = null;
        rowKnown = false;
    }

    /**
     * What the instruction is in {@link InstructionTable}, or null when the interpreter does not
     * execute it. Looked up on first use; a shared, cached instruction has it looked up before
     * it is published.
     */
    public InstructionTable.Row row() {
        if (!rowKnown) {
            row = InstructionTable.lookup(this);
            rowKnown = true;
        }
        return row;
    }

    /** The interpreter's operation for this instruction ({@link Op#UNSUPPORTED} without a row). */
    public Op op() {
        InstructionTable.Row r = row();
        return r == null ? Op.UNSUPPORTED : r.op();
    }

    public boolean rexW() {
        return (rex & 8) != 0;
    }

    /** Distinct segment overrides: the kernel computes no address for an instruction with two or more. */
    public int segmentOverrides() {
        return Integer.bitCount(segmentSeen);
    }

    public boolean has(int prefix) {
        return (prefixes & prefix) != 0;
    }

    /** True if the instruction names a memory operand through ModRM or moffs. */
    public boolean hasMemoryOperand() {
        return (hasModrm && mod != 3) || moffs;
    }

    /**
     * The opcode as the kernel's insn_decode_mmio() switches on it: opcode.bytes[0], and for a
     * 0f escape bytes[1] as well. A VEX/EVEX opcode map is implied by the prefix and not stored,
     * so a VEX instruction is keyed by its opcode byte alone (VEX 0f c6 is 0xc6).
     */
    public int kernelOpcodeKey() {
        return vex ? opcode : opcodeKey();
    }

    /** Key of the opcode within its map, e.g. 0x8b or 0x0fb6: for switch statements. */
    public int opcodeKey() {
        return switch (map) {
            case MAP_0F -> 0x0F00 | opcode;
            case MAP_0F38 -> 0x0F3800 | opcode;
            case MAP_0F3A -> 0x0F3A00 | opcode;
            default -> opcode;
        };
    }
}
