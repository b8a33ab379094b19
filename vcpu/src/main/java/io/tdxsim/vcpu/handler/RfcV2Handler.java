package io.tdxsim.vcpu.handler;

import io.tdxsim.vcpu.Fault;
import io.tdxsim.vcpu.Interpreter;
import io.tdxsim.vcpu.RegisterFile;
import io.tdxsim.vcpu.VeInfo;
import io.tdxsim.vcpu.decode.Insn;
import io.tdxsim.vcpu.decode.MmioKind;
import io.tdxsim.vmm.Ghci;

/**
 * The handler of the RFC v2 patch under review: the kernel's decoder (its prefix rules), direction
 * from the exit qualification, any ModRM instruction treated as a MOV, no split-page or shared-GPA
 * check, no zero-extension, SIGBUS for user mode, BUG on the forms it cannot handle, TDVMCALL
 * status ignored. Port I/O goes to the series' tdg_handle_io().
 */
final class RfcV2Handler implements VeHandler {

    private final RfcV2PortIo portIo = new RfcV2PortIo();

    @Override
    public VeDecision onVe(VeInfo ve, Interpreter cpu, VeDecision d) {
        d.reset();
        if (ve.isPortIo()) {
            return portIo.onVe(ve, cpu.registers(), d);
        }
        if (cpu.userMode()) {
            d.log = "Unexpected user-mode MMIO access.";
            return d.fail(Fault.SIGBUS, "SIGBUS (BUS_ADRERR) at " + String.format("0x%x", ve.gla()));
        }
        Insn insn = cpu.kernelDecoded(cpu.registers().rip);
        d.insn = insn;
        if (insn == null || !insn.valid) {
            return d.fail(Fault.BUG, "kernel BUG: instruction at RIP does not decode");
        }
        d.kind = MmioKind.linuxClass(insn);
        boolean write = (ve.exitQualification() & Ghci.EXIT_QUAL_WRITE) != 0;
        int op = insn.kernelOpcodeKey();
        int size = op == 0x88 || op == 0x8A || op == 0xC6 ? 1 : insn.opndBytes;
        if (insn.immSize > 0) {
            if (!write) {
                return d.fail(Fault.BUG, "kernel BUG: BUG_ON(!write) for an instruction with an immediate");
            }
            return d.request(size, true, ve.gpa(), insn.imm);
        }
        if (!insn.hasModrm) {
            return d.fail(Fault.BUG, "kernel BUG: BUG_ON(!inat_has_modrm) (no ModRM byte)");
        }
        d.register = insn.reg;
        RegisterFile regs = cpu.registers();
        if (write) {
            return d.request(size, true, ve.gpa(), regs.gpr[d.register] & io.tdxsim.vmm.Ghci.mask(size));
        }
        return d.request(size, false, ve.gpa(), 0);
    }

    @Override
    public void complete(VeDecision d, long status, long value, RegisterFile regs) {
        if (d.port) {
            portIo.complete(d, status, value, regs);
            return;
        }
        // The patch ignores the hypercall status: a failed read still lands in the register.
        if (!d.write) {
            long slot = SlotBytes.fillLow(regs.gpr[d.register], 0, d.size);
            regs.gpr[d.register] = SlotBytes.copyLow(slot, value, d.size);
        }
        regs.rip += d.insn.length;
    }
}
