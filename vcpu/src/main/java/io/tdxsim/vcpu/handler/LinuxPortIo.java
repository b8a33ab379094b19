package io.tdxsim.vcpu.handler;

import io.tdxsim.vcpu.Fault;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.RegisterFile;
import io.tdxsim.vcpu.VeInfo;
import io.tdxsim.vmm.Ghci;

/**
 * Linux's handle_io() for an IO_INSTRUCTION #VE: TDG.VP.VMCALL&lt;Instruction.IO&gt; with the size,
 * direction and port from the exit qualification and the data in RAX ("assumes the IO
 * instruction was using ax"). String forms are refused (io.h unrolls them in a TD); a failed
 * call returns -EIO. RIP advances by the length the TDX module reported.
 */
final class LinuxPortIo {

    /** With the 2026 port-I/O fixes (exact mask, insn_assign_reg()), or as before them. */
    private final boolean fixed;

    LinuxPortIo(boolean fixed) {
        this.fixed = fixed;
    }

    VeDecision onVe(VeInfo ve, RegisterFile regs, VeDecision d) {
        long qual = ve.exitQualification();
        d.port = true;
        d.length = ve.instructionLength();
        if ((qual & Ghci.IO_QUAL_STRING) != 0) {
            return d.fail(Fault.OOPS, "VE fault: string port I/O is not emulated (handle_io() returns -EIO)");
        }
        int size = Ghci.ioSize(qual);
        int port = Ghci.ioPort(qual);
        if ((qual & Ghci.IO_QUAL_IN) != 0) {
            return d.request(size, false, port, 0);
        }
        long mask = fixed ? PortIoMask.exact(size) : PortIoMask.offByOne(size);
        return d.request(size, true, port, regs.get(Gpr.RAX) & mask);
    }

    void complete(VeDecision d, long status, long value, RegisterFile regs) {
        boolean ok = status == 0;
        if (!d.write) {
            long rax = regs.get(Gpr.RAX);
            regs.set(Gpr.RAX, fixed ? PortIoMask.assignReg(rax, ok ? value : 0, d.size)
                    : PortIoMask.inBeforeFix(rax, ok ? value : 0, d.size));
        }
        if (!ok) {
            d.fail(Fault.OOPS, "VE fault: Instruction.IO returned " + io.tdxsim.vmm.TdvmcallStatus.describe(status)
                    + " (-EIO)");
            return;
        }
        regs.rip += d.length;
    }
}
