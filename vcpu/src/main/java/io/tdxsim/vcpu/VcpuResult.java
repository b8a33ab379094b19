package io.tdxsim.vcpu;

/**
 * How a vCPU ended, or where it stood when the run was stopped.
 *
 * @param fault       null if the vCPU halted normally (or is still running)
 * @param log         the last kernel log line the handler printed, or null
 * @param fixups      #VE faults the kernel's exception table fixed up (the vCPU went on)
 * @param issued      TDVMCALLs sent
 * @param exits       TDVMCALLs answered (failed ones included)
 * @param failedExits exits whose TDVMCALL returned an error status
 * @param inFlight    a TDVMCALL is sent and not yet answered
 * @param finished    false for a snapshot of a vCPU the run stopped
 */
public record VcpuResult(int index, Fault fault, String detail, String log, long[] gprs, long rip, long fixups,
                         long issued, long exits, long failedExits, boolean inFlight, boolean finished,
                         long instructions, long vt) {

    public String outcome() {
        if (!finished) {
            return "RUNNING";
        }
        return fault == null ? "HALTED" : fault.name();
    }

    /** Every call sent is answered or still in flight. */
    public boolean accountsExactly() {
        return issued == exits + (inFlight ? 1 : 0);
    }
}
