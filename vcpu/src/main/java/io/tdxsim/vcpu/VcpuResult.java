package io.tdxsim.vcpu;

/**
 * How a vCPU ended.
 *
 * @param fault  null if the vCPU halted normally
 * @param log    the last kernel log line the handler printed, or null
 * @param exits  MMIO exits completed (TDVMCALLs answered)
 * @param failedExits exits whose TDVMCALL returned an error status
 */
public record VcpuResult(int index, Fault fault, String detail, String log, long[] gprs, long rip,
                         long exits, long failedExits, long instructions, long vt) {

    public String outcome() {
        return fault == null ? "HALTED" : fault.name();
    }
}
