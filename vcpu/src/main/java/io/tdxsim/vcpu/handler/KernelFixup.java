package io.tdxsim.vcpu.handler;

import io.tdxsim.vcpu.Interpreter;
import io.tdxsim.vcpu.RegisterFile;
import io.tdxsim.vcpu.VcpuGroup;
import io.tdxsim.vcpu.VcpuSpec;
import io.tdxsim.vcpu.decode.Insn;
import io.tdxsim.vcpu.decode.X86Decoder;
import java.util.OptionalLong;

/**
 * fixup_exception() for a kernel #VE that handle_mmio() refused, as ve_raise_fault() calls it with
 * the #VE's GLA as the fault address. An EX_TYPE_DEFAULT entry resumes at its fixup; an
 * EX_TYPE_ZEROPAD entry runs ex_handler_zeropad() first, which may refuse (then the kernel oopses).
 */
public final class KernelFixup {

    private KernelFixup() {
    }

    /**
     * Where the kernel resumes the instruction at RIP, registers already updated, or
     * {@link VcpuSpec#NO_FIXUP} when it has no entry or its handler refuses.
     */
    public static long resume(VcpuSpec spec, Interpreter cpu, long faultAddress) {
        return resume(spec.group(), cpu, faultAddress);
    }

    /** {@link #resume(VcpuSpec, Interpreter, long)} for a vCPU of {@code group}. */
    public static long resume(VcpuGroup group, Interpreter cpu, long faultAddress) {
        RegisterFile regs = cpu.registers();
        long fixup = group.fixupFor(regs.rip);
        if (fixup == VcpuSpec.NO_FIXUP || group.fixupType(regs.rip) == VcpuSpec.EX_DEFAULT) {
            return fixup;
        }
        return zeropad(cpu, fixup, faultAddress) ? fixup : VcpuSpec.NO_FIXUP;
    }

    /** {@link #readsAt}: the fixup reads no RAM. */
    public static final long NO_READ = -1;

    /**
     * The linear address of the aligned word {@link #resume} would read for the instruction at RIP
     * (a zeropad entry whose checks pass), or {@link #NO_READ}; lets a caller take a memory turn first.
     */
    public static long readsAt(VcpuSpec spec, Interpreter cpu, long faultAddress) {
        return readsAt(spec.group(), cpu, faultAddress);
    }

    /** {@link #readsAt(VcpuSpec, Interpreter, long)} for a vCPU of {@code group}. */
    public static long readsAt(VcpuGroup group, Interpreter cpu, long faultAddress) {
        long rip = cpu.registers().rip;
        long fixup = group.fixupFor(rip);
        if (fixup == VcpuSpec.NO_FIXUP || group.fixupType(rip) == VcpuSpec.EX_DEFAULT) {
            return NO_READ;
        }
        long addr = zeropadLoad(cpu, fixup, faultAddress, new Insn());
        return addr == NO_READ ? NO_READ : addr & ~7L;
    }

    /**
     * ex_handler_zeropad(): the load's register gets the aligned word it starts in, shifted right
     * by the load's misalignment: the RAM bytes, zero-padded where the MMIO page would have been.
     */
    static boolean zeropad(Interpreter cpu, long fixup, long faultAddress) {
        Insn insn = new Insn();
        long addr = zeropadLoad(cpu, fixup, faultAddress, insn);
        if (addr == NO_READ) {
            return false;
        }
        OptionalLong word = cpu.readRam(addr & ~7L, 8);
        if (word.isEmpty()) {
            return false;                    // the kernel's own read would fault: no recovery
        }
        cpu.registers().gpr[insn.reg] = word.getAsLong() >>> (8 * (addr & 7));
        return true;
    }

    /**
     * ex_handler_zeropad()'s checks: the fixup must follow the instruction directly, the
     * instruction must be an 8-byte MOV load (opcode 8b), and the fault address must be the end of
     * the aligned word the load starts in. Returns the load's address, or {@link #NO_READ}.
     */
    private static long zeropadLoad(Interpreter cpu, long fixup, long faultAddress, Insn insn) {
        RegisterFile regs = cpu.registers();
        long len = fixup - regs.rip;
        if (len <= 0 || len > X86Decoder.MAX_LENGTH) {
            return NO_READ;
        }
        byte[] bytes = new byte[(int) len];
        if (cpu.fetch(regs.rip, bytes) != len || !X86Decoder.decodeLinux(bytes, 0, bytes.length, insn)
                || insn.length != len) {
            return NO_READ;
        }
        if (insn.kernelOpcodeKey() != 0x8B || insn.opndBytes != 8) {
            return NO_READ;
        }
        long addr = KernelAddress.of(insn, regs);
        if (addr == KernelAddress.ERROR || faultAddress != (addr & ~7L) + 8) {
            return NO_READ;
        }
        return addr;
    }
}
