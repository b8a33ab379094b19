package io.tdxsim.vmm;

/**
 * @param gpaWidth          guest-physical address width (48 or 52); fixes the shared bit
 * @param dispatchNs        virtual time the VMM spends validating and routing one call
 * @param unassigned        policy for addresses no device owns
 * @param ordering          how calls are ordered before dispatch
 * @param vcpus             number of vCPUs (the deterministic sequencer tracks each)
 * @param firstCallNs       earliest virtual time any vCPU's first call can arrive
 * @param replyToNextCallNs least virtual time between an answer and the same vCPU's next call
 * @param deviceTimeoutMs   wall time after which a device that has not answered is given up
 *                          (0: wait forever)
 * @param deviceTimeoutNs   virtual time charged for such a timed-out call
 * @param restartAfterCalls the VMM actor crashes and is restarted by its supervisor after this
 *                          many calls (0: never), to test that no call is lost across a restart
 */
public record VmmSettings(int gpaWidth, long dispatchNs, UnassignedPolicy unassigned, Ordering ordering,
                          int vcpus, long firstCallNs, long replyToNextCallNs, long deviceTimeoutMs,
                          long deviceTimeoutNs, long restartAfterCalls) {

    /** Arrival order (stress), or conservative (time, vCPU, sequence) order (deterministic). */
    public enum Ordering { ARRIVAL, DETERMINISTIC }

    /** Arrival-order VMM, for tests and simple wiring. */
    public VmmSettings(int gpaWidth, long dispatchNs, UnassignedPolicy unassigned) {
        this(gpaWidth, dispatchNs, unassigned, Ordering.ARRIVAL, 0, 0, 0, 0, 0, 0);
    }

    public long sharedBit() {
        return Ghci.sharedBit(gpaWidth);
    }
}
