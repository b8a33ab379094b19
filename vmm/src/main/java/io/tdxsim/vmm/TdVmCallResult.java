package io.tdxsim.vmm;

/**
 * The VMM's answer: R10 status and R11 read data, at virtual time {@code vt} (when the VMM
 * finished; the vCPU adds the return half of the TD transition), with the timing of each stage
 * so the run can show who waited where.
 *
 * @param device        index of the device that served the call, or -1 if none did
 * @param vmmStartVt    when the VMM began dispatching it (after queueing behind other calls)
 * @param deviceStartVt when the device began serving it, or -1
 * @param vectors       interrupts now pending for the vCPU (posted into its virtual APIC, no #VE), or null
 * @param idle          the answer to an Instruction.HLT when nothing is left that could wake the vCPU
 */
public record TdVmCallResult(long seq, long r10, long r11, long vt, int device, long vmmStartVt,
                             long deviceStartVt, int[] vectors, boolean idle) implements VmmActor.Reply {

    public TdVmCallResult(long seq, long r10, long r11, long vt, int device, long vmmStartVt, long deviceStartVt) {
        this(seq, r10, r11, vt, device, vmmStartVt, deviceStartVt, null, false);
    }

    /** The same answer carrying {@code delivered}: vectors now pending for the vCPU (null: none). */
    public TdVmCallResult withVectors(int[] delivered) {
        return new TdVmCallResult(seq, r10, r11, vt, device, vmmStartVt, deviceStartVt, delivered, idle);
    }

    /** The same answer to an Instruction.HLT, telling the vCPU nothing is left that could wake it. */
    public TdVmCallResult asIdle() {
        return new TdVmCallResult(seq, r10, r11, vt, device, vmmStartVt, deviceStartVt, null, true);
    }

    public boolean ok() {
        return r10 == TdvmcallStatus.SUCCESS.code();
    }
}
