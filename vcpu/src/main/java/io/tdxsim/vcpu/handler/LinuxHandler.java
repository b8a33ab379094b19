package io.tdxsim.vcpu.handler;

import io.tdxsim.vcpu.AddressSpace;
import io.tdxsim.vcpu.Fault;
import io.tdxsim.vcpu.Interpreter;
import io.tdxsim.vcpu.RegisterFile;
import io.tdxsim.vcpu.VeInfo;
import io.tdxsim.vcpu.decode.Insn;
import io.tdxsim.vcpu.decode.MmioKind;

/**
 * The Linux TDX guest's #VE handling: virt_exception_user/kernel, handle_mmio() with its checks
 * in their order (v6.12's user-address check where the kernel modelled has it) and handle_io()
 * (before or after the 2026 port-I/O fixes), decoding with the kernel's own decoder rules (insn_decode(), which
 * differ from the CPU's on prefixes) and computing the split-page address as
 * insn_get_addr_ref() does. Failures end where ve_raise_fault() ends them: SIGSEGV for user
 * mode, an oops for the kernel unless the vCPU's exception table fixes the instruction up.
 */
final class LinuxHandler implements VeHandler {

    /** The first line WARN_ON_ONCE() prints, without the CPU, PID and line number tdxsim has none of. */
    static final String WARN_DECODE_FAILED = "WARNING: at arch/x86/coco/tdx/tdx.c handle_mmio";

    /** cc_mask: the shared bit the guest learned from TDG.VP.INFO's GPA width. */
    private final long sharedBit;
    /** v6.12's fault_in_kernel_space() check in handle_mmio() (d4fc4d01). */
    private final boolean userAddressCheck;
    private final LinuxPortIo portIo;

    LinuxHandler(long sharedBit, boolean userAddressCheck, boolean portIoFixed) {
        this.sharedBit = sharedBit;
        this.userAddressCheck = userAddressCheck;
        this.portIo = new LinuxPortIo(portIoFixed);
    }

    @Override
    public VeDecision onVe(VeInfo ve, Interpreter cpu, VeDecision d) {
        d.reset();
        if (ve.isPortIo()) {
            return portIo.onVe(ve, cpu.registers(), d);
        }
        if (cpu.userMode()) {
            d.log = "Unexpected #VE: 48";
            return d.fail(Fault.SIGSEGV, "user-mode EPT-violation #VE is not handled");
        }
        if ((ve.gpa() & sharedBit) == 0) {
            return d.fail(Fault.PANIC, "Unexpected EPT-violation on private memory.");
        }
        Insn insn = cpu.kernelDecoded(cpu.registers().rip);
        if (insn == null) {
            return d.fail(Fault.OOPS, "VE fault: cannot read the instruction (-EFAULT)");
        }
        d.insn = insn;
        if (!insn.valid) {
            return d.fail(Fault.OOPS, "VE fault: instruction does not decode (-EINVAL)");
        }
        MmioKind kind = MmioKind.linuxClass(insn);
        d.kind = kind;
        if (kind == MmioKind.DECODE_FAILED) {
            d.log = WARN_DECODE_FAILED;
            return d.fail(Fault.OOPS, insn.strayPrefix
                    ? String.format("VE fault: the kernel's decoder takes prefix byte 0x%02x as the opcode"
                            + " (a fifth distinct prefix, or a prefix after REX): DECODE_FAILED (-EINVAL)", insn.opcode)
                    : "VE fault: DECODE_FAILED on " + named(insn) + ", not an MMIO MOV the handler knows (-EINVAL)");
        }
        if (kind != MmioKind.WRITE_IMM && kind != MmioKind.MOVS) {
            d.register = insn.reg;
        }
        if (userAddressCheck && !AddressSpace.isKernelAddress(ve.gla())) {
            d.log = "Access to userspace address is not supported";
            return d.fail(Fault.OOPS, "VE fault: MMIO through a user address (-EINVAL)");
        }
        int size = kind.size(insn);
        long vaddr = KernelAddress.of(insn, cpu.registers());
        if (KernelAddress.splitsPages(vaddr, size)) {
            return d.fail(Fault.OOPS, vaddr == KernelAddress.ERROR
                    ? "VE fault: no address for two different segment overrides (insn_get_addr_ref() = -1),"
                            + " so the split-page check fails (-EFAULT)"
                    : "VE fault: access splits pages (-EFAULT)");
        }
        RegisterFile regs = cpu.registers();
        return switch (kind) {
            case WRITE -> d.request(size, true, ve.gpa(), regs.gpr[d.register] & io.tdxsim.vmm.Ghci.mask(size));
            case WRITE_IMM -> d.request(size, true, ve.gpa(), insn.imm);
            case READ, READ_ZERO_EXTEND, READ_SIGN_EXTEND -> d.request(size, false, ve.gpa(), 0);
            // handle_mmio() prints nothing here: it returns -EINVAL and the oops follows
            case MOVS, DECODE_FAILED -> d.fail(Fault.OOPS, "VE fault: " + kind + " is not emulated (-EINVAL)");
        };
    }

    @Override
    public void complete(VeDecision d, long status, long value, RegisterFile regs) {
        if (d.port) {
            portIo.complete(d, status, value, regs);
            return;
        }
        if (status != 0) {
            d.fail(Fault.OOPS, "VE fault: TDVMCALL returned " + io.tdxsim.vmm.TdvmcallStatus.describe(status) + " (-EIO)");
            return;
        }
        if (!d.write) {
            int extendSize = 0;
            int fill = 0;
            switch (d.kind) {
                case READ -> extendSize = d.size == 4 ? 8 : 0;
                case READ_ZERO_EXTEND -> extendSize = d.insn.opndBytes;
                case READ_SIGN_EXTEND -> {
                    extendSize = d.insn.opndBytes;
                    boolean negative = d.size == 1 ? (value & 0x80) != 0 : (value & 0x8000) != 0;
                    fill = negative ? 0xFF : 0;
                }
                default -> { }
            }
            long slot = regs.gpr[d.register];
            if (extendSize != 0) {
                slot = SlotBytes.fillLow(slot, fill, extendSize);
            }
            regs.gpr[d.register] = SlotBytes.copyLow(slot, value, d.size);
        }
        regs.rip += d.insn.length;
    }

    /** The instruction as the review asks about it: its mnemonic (from the instruction table) and opcode. */
    private static String named(Insn insn) {
        String op = String.format("%s%02x%s", insn.map == Insn.MAP_0F ? "0f " : "", insn.opcode,
                insn.hasModrm ? " /" + (insn.reg & 7) : "");
        return insn.row() == null ? "opcode " + op : "'" + insn.row().mnemonic() + "' (" + op + ")";
    }
}
