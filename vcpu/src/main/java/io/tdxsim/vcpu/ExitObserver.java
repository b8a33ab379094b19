package io.tdxsim.vcpu;

/**
 * Told about every completed MMIO exit. Called from many vCPU actors at once, so
 * implementations must be thread-safe and cheap.
 */
public interface ExitObserver {

    /**
     * @param device   index of the device that served it, or -1 (unassigned or refused)
     * @param exitVt   virtual time the access trapped
     * @param resumeVt virtual time the vCPU continued
     * @param status   R10 of the TDVMCALL
     */
    void exitCompleted(int vcpu, long seq, int device, boolean write, int size, long gpa,
                       long exitVt, long resumeVt, long status);

    ExitObserver NONE = (vcpu, seq, device, write, size, gpa, exitVt, resumeVt, status) -> { };
}
