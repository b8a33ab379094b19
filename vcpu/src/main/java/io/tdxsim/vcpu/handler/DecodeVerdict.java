package io.tdxsim.vcpu.handler;

import io.tdxsim.vcpu.AddressSpace;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.Interpreter;
import io.tdxsim.vcpu.RegisterFile;
import io.tdxsim.vcpu.VeInfo;
import io.tdxsim.vcpu.decode.Insn;
import io.tdxsim.vcpu.decode.MmioKind;
import io.tdxsim.vcpu.decode.ReadModifyWrite;
import io.tdxsim.vcpu.decode.VectorStores;
import io.tdxsim.vcpu.decode.X86Decoder;
import io.tdxsim.vmm.Ghci;
import java.util.Locale;

/**
 * What a handler profile does with one instruction that faulted on MMIO, for the decode
 * command: every GPR starts at {@code regInit}, the device answers reads with {@code readValue}.
 * The #VE is taken at a kernel ioremap address; its direction is the instruction's first data
 * access (a store for MOV-to-memory, MOVS and vector stores, a load otherwise); read-modify-write
 * forms report a write as well, as the CPU does.
 */
public final class DecodeVerdict {

    private static final AddressSpace SPACE = new AddressSpace(48, 64L << 20);
    private static final long MMIO_GPA = 0xfebf_0000L;

    private DecodeVerdict() {
    }

    /** JSON members (leading comma included) to append to the decode line. */
    public static String json(byte[] code, HandlerProfile profile, long regInit, long readValue) {
        Insn insn = new Insn();
        X86Decoder.decode(code, 0, code.length, insn);
        MmioKind kind = MmioKind.of(insn);
        if (profile == HandlerProfile.ARCHITECTURAL) {
            return architectural(insn, kind, regInit, readValue);
        }
        RegisterFile regs = new RegisterFile();
        java.util.Arrays.fill(regs.gpr, regInit);
        Interpreter cpu = new Interpreter(SPACE, code, false, false, regs);
        // the CPU's direction: a VEX form's own (vshufps reads though the kernel calls it WRITE_IMM)
        boolean write = insn.vex ? VectorStores.is(insn)
                : kind == MmioKind.WRITE || kind == MmioKind.WRITE_IMM || kind == MmioKind.MOVS;
        long qual = write ? Ghci.EXIT_QUAL_WRITE
                : ReadModifyWrite.is(insn) ? Ghci.EXIT_QUAL_READ | Ghci.EXIT_QUAL_WRITE : Ghci.EXIT_QUAL_READ;
        VeInfo ve = new VeInfo(Ghci.EXIT_REASON_EPT_VIOLATION, qual,
                SPACE.linearOf(MMIO_GPA, false), MMIO_GPA | SPACE.sharedBit());
        VeHandler handler = profile.handler(SPACE.sharedBit());
        VeDecision d = handler.onVe(ve, cpu, new VeDecision());
        if (d.isFault()) {
            return ",\"outcome\":\"" + d.fault.name().toLowerCase(Locale.ROOT) + "\"";
        }
        if (d.write) {
            return ",\"data\":\"" + hex(d.data & Ghci.mask(d.size)) + "\"";
        }
        handler.complete(d, 0, readValue, regs);
        return writeback(Gpr.of(d.register), regs.gpr[d.register]);
    }

    private static String architectural(Insn insn, MmioKind kind, long regInit, long readValue) {
        if (insn.vex && insn.hasMemoryOperand()) {
            return ",\"outcome\":\"invalid_opcode\"";      // a vector access is not carried to a device
        }
        if (kind == MmioKind.DECODE_FAILED || kind == MmioKind.MOVS) {
            return ",\"outcome\":\"executed\"";
        }
        RegisterFile regs = new RegisterFile();
        java.util.Arrays.fill(regs.gpr, regInit);
        int size = kind.size(insn);
        boolean high = size == 1 && insn.rex == 0 && insn.reg >= 4 && insn.reg < 8
                && (kind == MmioKind.WRITE || kind == MmioKind.READ);
        int number = high ? insn.reg - 4 : insn.reg;
        long value = readValue & Ghci.mask(size);
        switch (kind) {
            case WRITE -> {
                return ",\"data\":\"" + hex(regs.read(number, size, high)) + "\"";
            }
            case WRITE_IMM -> {
                return ",\"data\":\"" + hex(insn.imm & Ghci.mask(size)) + "\"";
            }
            case READ -> regs.write(number, size, high, value);
            case READ_ZERO_EXTEND -> regs.write(number, insn.opndBytes, false, value);
            default -> {
                int shift = 64 - 8 * size;
                regs.write(number, insn.opndBytes, false, (value << shift) >> shift);
            }
        }
        return writeback(Gpr.of(number), regs.gpr[number]);
    }

    private static String writeback(Gpr reg, long value) {
        return String.format(",\"writeback\":{\"reg64\":\"%s\",\"value\":\"0x%016x\"}", reg.name64(), value);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
