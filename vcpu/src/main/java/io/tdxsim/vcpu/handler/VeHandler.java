package io.tdxsim.vcpu.handler;

import io.tdxsim.vcpu.Interpreter;
import io.tdxsim.vcpu.RegisterFile;
import io.tdxsim.vcpu.VeInfo;

/**
 * A guest #VE handler for EPT violations on MMIO, as one kernel version implements it. Holds no
 * per-exit state (that lives in the {@link VeDecision}), so one instance serves every vCPU.
 */
public interface VeHandler {

    /** Decides what to do about a #VE; fills {@code out} and returns it. */
    VeDecision onVe(VeInfo ve, Interpreter cpu, VeDecision out);

    /**
     * Applies the TDVMCALL result: writes back and advances RIP, or fills in a fault.
     *
     * @param status R10 from the VMM
     * @param value  R11 from the VMM
     */
    void complete(VeDecision d, long status, long value, RegisterFile regs);
}
