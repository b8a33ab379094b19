package io.tdxsim.vmm;

/**
 * The VMM's answer: R10 status and R11 read data, at virtual time {@code vt} (when the VMM
 * finished; the vCPU adds the return half of the TD transition).
 *
 * @param device index of the device that served the call, or -1 if none did
 */
public record TdVmCallResult(long seq, long r10, long r11, long vt, int device) implements VcpuMessage {

    public boolean ok() {
        return r10 == TdvmcallStatus.SUCCESS.code();
    }
}
