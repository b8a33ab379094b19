package io.tdxsim.vcpu.asm;

import java.io.ByteArrayOutputStream;

/**
 * Builds one instruction in x86-64 order: legacy prefixes (66, F0, F3), REX, opcode, ModRM, SIB,
 * displacement, immediate.
 */
final class Encoding {
    private final byte[] opcode;
    private boolean operandSize16;
    private boolean rep;
    private boolean rexW;
    private boolean rexR;
    private boolean rexX;
    private boolean rexB;
    /** A byte register that exists only with REX (spl..dil), or null. */
    private String rexNeededBy;
    /** A byte register that exists only without REX (ah..bh), or null. */
    private String rexForbiddenBy;
    private boolean hasModrm;
    private int mod;
    private int regBits;
    private int rmBits;
    private int sib = -1;
    private int dispSize;
    private long disp;
    private boolean dispIsRipTarget;
    private int immSize;
    private long imm;

    private Encoding(byte[] opcode) {
        this.opcode = opcode;
    }

    /** The opcode of an instruction-table row, plus {@code plus} (the w bit, or a condition code). */
    static Encoding op(io.tdxsim.vcpu.decode.InstructionTable.Row row, int plus) {
        return op(row.opcode(plus));
    }

    static Encoding op(io.tdxsim.vcpu.decode.InstructionTable.Row row) {
        return op(row, 0);
    }

    static Encoding op(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new Encoding(b);
    }

    /** 2 adds the 66 prefix, 8 sets REX.W; 1 and 4 need nothing (the opcode picks byte vs full size). */
    Encoding operandSize(int size) {
        operandSize16 |= size == 2;
        rexW |= size == 8;
        return this;
    }

    Encoding rep() {
        rep = true;
        return this;
    }

    /** A register in ModRM.reg. */
    Encoding reg(Operand.Reg r) {
        hasModrm = true;
        regBits = r.code() & 7;
        rexR = r.code() >= 8;
        noteByteRegister(r);
        return this;
    }

    /** An opcode extension (/digit) in ModRM.reg. */
    Encoding ext(int digit) {
        hasModrm = true;
        regBits = digit;
        return this;
    }

    /** The ModRM.rm operand: a register or a memory reference. */
    Encoding rm(Operand op, EncodeContext ctx) {
        hasModrm = true;
        if (op instanceof Operand.Reg r) {
            mod = 3;
            rmBits = r.code() & 7;
            rexB = r.code() >= 8;
            noteByteRegister(r);
        } else if (op instanceof Operand.Mem m) {
            MemoryForm.apply(this, m, ctx);
        } else {
            throw new IllegalArgumentException("immediate as r/m");
        }
        return this;
    }

    /** The register folded into the last opcode byte (B0+r, B8+r). */
    Encoding opcodeRegister(Operand.Reg r) {
        opcode[opcode.length - 1] += (byte) (r.code() & 7);
        rexB = r.code() >= 8;
        noteByteRegister(r);
        return this;
    }

    Encoding imm(long value, int size) {
        imm = value;
        immSize = size;
        return this;
    }

    /** Called by {@link MemoryForm}. */
    void memory(int mod, int rm, int sib, boolean x, boolean b, int dispSize, long disp, boolean ripTarget) {
        this.mod = mod;
        this.rmBits = rm;
        this.sib = sib;
        this.rexX = x;
        this.rexB = b;
        this.dispSize = dispSize;
        this.disp = disp;
        this.dispIsRipTarget = ripTarget;
    }

    private void noteByteRegister(Operand.Reg r) {
        if (r.needsRex()) {
            rexNeededBy = r.name();
        } else if (r.highByte()) {
            rexForbiddenBy = r.name();
        }
    }

    byte[] bytes(EncodeContext ctx) {
        boolean rex = rexW || rexR || rexX || rexB || rexNeededBy != null;
        if (rex && rexForbiddenBy != null) {
            throw new AsmError("can't encode register '" + rexForbiddenBy + "' in an instruction requiring a REX prefix"
                    + (rexNeededBy != null ? " (because of '" + rexNeededBy + "')" : ""));
        }
        boolean lock = ctx.lock();
        int length = (operandSize16 ? 1 : 0) + (lock ? 1 : 0) + (rep ? 1 : 0) + (rex ? 1 : 0) + opcode.length
                + (hasModrm ? 1 : 0) + (sib >= 0 ? 1 : 0) + dispSize + immSize;
        long d = disp;
        if (dispIsRipTarget) {
            d = disp - (ctx.address() + length);
            if (ctx.strict() && !Immediates.fitsInt32(d)) {
                throw new AsmError("rip-relative target 0x" + Long.toHexString(disp) + " is more than 2 GiB away");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        if (operandSize16) {
            out.write(0x66);
        }
        if (lock) {
            out.write(0xf0);                 // after 66, as GNU as orders them
        }
        if (rep) {
            out.write(0xf3);
        }
        if (rex) {
            out.write(0x40 | (rexW ? 8 : 0) | (rexR ? 4 : 0) | (rexX ? 2 : 0) | (rexB ? 1 : 0));
        }
        out.write(opcode, 0, opcode.length);
        if (hasModrm) {
            out.write(mod << 6 | regBits << 3 | rmBits);
        }
        if (sib >= 0) {
            out.write(sib);
        }
        little(out, d, dispSize);
        little(out, imm, immSize);
        return out.toByteArray();
    }

    private static void little(ByteArrayOutputStream out, long v, int size) {
        for (int i = 0; i < size; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
