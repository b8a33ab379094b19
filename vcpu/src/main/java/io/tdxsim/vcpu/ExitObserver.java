package io.tdxsim.vcpu;

/**
 * Told about every completed MMIO exit. Called from many vCPU actors at once, so
 * implementations must be thread-safe and cheap.
 */
public interface ExitObserver {

    /**
     * @param device        index of the device that served it, or -1 (unassigned or refused)
     * @param exitVt        virtual time the access trapped
     * @param callVt        virtual time the TDVMCALL reached the VMM
     * @param vmmStartVt    virtual time the VMM started dispatching it
     * @param deviceStartVt virtual time the device started serving it, or -1
     * @param replyVt       virtual time the VMM answered
     * @param resumeVt      virtual time the vCPU continued
     * @param status        R10 of the TDVMCALL
     */
    void exitCompleted(int vcpu, long seq, int device, boolean write, int size, long gpa, long exitVt,
                       long callVt, long vmmStartVt, long deviceStartVt, long replyVt, long resumeVt, long status);

    /** True if the vCPU should also time each exit in wall-clock time (costs two clock reads per exit). */
    default boolean timesWallClock() {
        return false;
    }

    /** Wall-clock nanoseconds from sending the TDVMCALL to receiving its answer; only if {@link #timesWallClock}. */
    default void exitWallNanos(long nanos) {
    }

    ExitObserver NONE = (vcpu, seq, device, write, size, gpa, exitVt, callVt, vmmStartVt, deviceStartVt,
                         replyVt, resumeVt, status) -> { };
}
