package io.tdxsim.vcpu;

/**
 * How a vCPU ended, or where it stood when the run was stopped.
 *
 * @param fault       null if the vCPU halted normally (or is still running)
 * @param log         the last kernel log line the handler printed, or null
 * @param fixups      #VE faults the kernel's exception table fixed up (the vCPU went on)
 * @param issued      TDVMCALLs sent
 * @param exits       TDVMCALLs answered and completed (failed ones included)
 * @param lateAnswers answers that arrived after the run stopped the vCPU: received, not executed
 * @param failedExits exits whose TDVMCALL returned an error status
 * @param finished    false for a snapshot of a vCPU the run stopped
 * @param waitNs      virtual time its calls spent queued at the VMM and the devices, summed
 * @param maxWaitNs   the longest any one of its calls was queued
 * @param interrupts  interrupts it took through its IDT
 */
public record VcpuResult(int index, Fault fault, String detail, String log, long[] gprs, long rip, long fixups,
                         long issued, long exits, long lateAnswers, long failedExits, boolean finished,
                         long instructions, long vt, long waitNs, long maxWaitNs, long interrupts) {

    /** Without interrupts taken (the figure interrupt-free runs have). */
    public VcpuResult(int index, Fault fault, String detail, String log, long[] gprs, long rip, long fixups,
                      long issued, long exits, long lateAnswers, long failedExits, boolean finished,
                      long instructions, long vt, long waitNs, long maxWaitNs) {
        this(index, fault, detail, log, gprs, rip, fixups, issued, exits, lateAnswers, failedExits, finished,
                instructions, vt, waitNs, maxWaitNs, 0);
    }

    public String outcome() {
        if (!finished) {
            return "RUNNING";
        }
        return fault == null ? "HALTED" : fault.name();
    }

    /** Answers this vCPU received, executed or not. */
    public long received() {
        return exits + lateAnswers;
    }

    /** A call is sent and its answer has not arrived. */
    public boolean inFlight() {
        return issued > received();
    }
}
