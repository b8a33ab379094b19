package io.tdxsim.vcpu.handler;

import io.tdxsim.vcpu.Fault;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.RegisterFile;
import io.tdxsim.vcpu.VeInfo;
import io.tdxsim.vmm.Ghci;

/**
 * The RFC series' tdg_handle_io(): BUG_ON a string form, R15 = all of RAX in both directions,
 * an IN masked with GENMASK(8 * size, 0) and filled with UINT_MAX when the call failed; the
 * status is otherwise ignored and RIP advances by the reported length.
 */
final class RfcV2PortIo {

    VeDecision onVe(VeInfo ve, RegisterFile regs, VeDecision d) {
        long qual = ve.exitQualification();
        d.port = true;
        d.length = ve.instructionLength();
        if ((qual & Ghci.IO_QUAL_STRING) != 0) {
            return d.fail(Fault.BUG, "kernel BUG: BUG_ON(string) in tdg_handle_io()");
        }
        return d.request(Ghci.ioSize(qual), (qual & Ghci.IO_QUAL_IN) == 0, Ghci.ioPort(qual), regs.get(Gpr.RAX));
    }

    void complete(VeDecision d, long status, long value, RegisterFile regs) {
        if (!d.write) {
            long answer = status != 0 ? 0xFFFF_FFFFL : value;
            regs.set(Gpr.RAX, PortIoMask.inBeforeFix(regs.get(Gpr.RAX), answer, d.size));
        }
        regs.rip += d.length;
    }
}
