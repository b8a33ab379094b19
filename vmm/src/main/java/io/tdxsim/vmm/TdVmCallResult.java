package io.tdxsim.vmm;

/**
 * The VMM's answer: R10 status and R11 read data, at virtual time {@code vt} (when the VMM
 * finished; the vCPU adds the return half of the TD transition), with the timing of each stage
 * so the run can show who waited where.
 *
 * @param device        index of the device that served the call, or -1 if none did
 * @param vmmStartVt    when the VMM began dispatching it (after queueing behind other calls)
 * @param deviceStartVt when the device began serving it, or -1
 */
public record TdVmCallResult(long seq, long r10, long r11, long vt, int device, long vmmStartVt,
                             long deviceStartVt) implements VmmActor.Reply {

    public boolean ok() {
        return r10 == TdvmcallStatus.SUCCESS.code();
    }
}
