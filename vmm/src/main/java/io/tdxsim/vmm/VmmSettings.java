package io.tdxsim.vmm;

import io.tdxsim.vmm.engine.CostModel;

/**
 * @param gpaWidth          guest-physical address width (48 or 52); fixes the shared bit
 * @param unassigned        policy for addresses no device owns
 * @param windowNs          the engine's window W: 0 is deterministic mode, W > 0 windowed stress,
 *                          {@link #FREE} releases calls in arrival order with no bound at all
 * @param vcpus             number of vCPUs (the engine tracks each one's lower bound)
 * @param routers           VMM dispatch servers; vCPU v is served by router v mod routers
 * @param costs             the cost model: the VMM's own dispatch cost and every vCPU's lookahead
 * @param deviceTimeoutNs   virtual time after which a device that has not answered a call is
 *                          given up: the VMM answers INVALID_OPERAND then (0: wait forever)
 * @param restartAfterCalls the VMM actor crashes and is restarted by its supervisor after this
 *                          many calls (0: never), to test that no call is lost across a restart
 * @param horizonNs         virtual time at which the run ends (0: none): calls from then on are
 *                          held, and once every vCPU has halted or is held, the run is over
 * @param loseAnswerEvery   every Nth answer is counted as sent and never delivered (0: never), so
 *                          the end-of-run accounting can be seen to catch a lost message
 * @param schedule          how the seed breaks ties between vCPUs (jitter and preemptions are the vCPUs')
 * @param strictAccesses    an access a device's contract refuses (too wide, misaligned) is answered
 *                          INVALID_OPERAND or ALIGN_ERROR; false answers as KVM with QEMU does: success,
 *                          reads 0, writes dropped (QEMU ignores the failed memory transaction)
 * @param unassignedPorts   policy for I/O ports no device owns (QEMU's unassigned I/O reads all ones)
 */
public record VmmSettings(int gpaWidth, UnassignedPolicy unassigned, long windowNs, int vcpus, int routers,
                          CostModel costs, long deviceTimeoutNs, long restartAfterCalls, long horizonNs,
                          long loseAnswerEvery, io.tdxsim.vmm.engine.SchedulePlan schedule, boolean strictAccesses,
                          UnassignedPolicy unassignedPorts) {

    public VmmSettings(int gpaWidth, UnassignedPolicy unassigned, long windowNs, int vcpus, int routers,
                       CostModel costs, long deviceTimeoutNs, long restartAfterCalls, long horizonNs,
                       long loseAnswerEvery, io.tdxsim.vmm.engine.SchedulePlan schedule, boolean strictAccesses) {
        this(gpaWidth, unassigned, windowNs, vcpus, routers, costs, deviceTimeoutNs, restartAfterCalls, horizonNs,
                loseAnswerEvery, schedule, strictAccesses, UnassignedPolicy.ONES);
    }

    public VmmSettings(int gpaWidth, UnassignedPolicy unassigned, long windowNs, int vcpus, int routers,
                       CostModel costs, long deviceTimeoutNs, long restartAfterCalls, long horizonNs,
                       long loseAnswerEvery, io.tdxsim.vmm.engine.SchedulePlan schedule) {
        this(gpaWidth, unassigned, windowNs, vcpus, routers, costs, deviceTimeoutNs, restartAfterCalls, horizonNs,
                loseAnswerEvery, schedule, false);
    }

    public VmmSettings(int gpaWidth, UnassignedPolicy unassigned, long windowNs, int vcpus, int routers,
                       CostModel costs, long deviceTimeoutNs, long restartAfterCalls, long horizonNs,
                       long loseAnswerEvery) {
        this(gpaWidth, unassigned, windowNs, vcpus, routers, costs, deviceTimeoutNs, restartAfterCalls, horizonNs,
                loseAnswerEvery, io.tdxsim.vmm.engine.SchedulePlan.NONE);
    }

    /** No window: calls are dispatched as they arrive (host scheduling decides the order). */
    public static final long FREE = -1;

    public VmmSettings {
        if (routers < 1) {
            throw new IllegalArgumentException("at least one router: " + routers);
        }
    }

    /** The same settings, answering refused accesses with errors or not. */
    public VmmSettings withStrictAccesses(boolean strict) {
        return new VmmSettings(gpaWidth, unassigned, windowNs, vcpus, routers, costs, deviceTimeoutNs, restartAfterCalls,
                horizonNs, loseAnswerEvery, schedule, strict, unassignedPorts);
    }

    /** The same settings with another policy for unassigned I/O ports. */
    public VmmSettings withUnassignedPorts(UnassignedPolicy policy) {
        return new VmmSettings(gpaWidth, unassigned, windowNs, vcpus, routers, costs, deviceTimeoutNs, restartAfterCalls,
                horizonNs, loseAnswerEvery, schedule, strictAccesses, policy);
    }

    /** Arrival-order VMM with one router, for tests and simple wiring. */
    public VmmSettings(int gpaWidth, long dispatchNs, UnassignedPolicy unassigned) {
        this(gpaWidth, unassigned, FREE, 0, 1, new CostModel(0, 0, 0, dispatchNs, false), 0, 0, 0, 0);
    }

    /** The same settings with another window. */
    public VmmSettings withWindow(long window) {
        return new VmmSettings(gpaWidth, unassigned, window, vcpus, routers, costs, deviceTimeoutNs, restartAfterCalls,
                horizonNs, loseAnswerEvery, schedule, strictAccesses, unassignedPorts);
    }

    public long sharedBit() {
        return Ghci.sharedBit(gpaWidth);
    }

    public long dispatchNs() {
        return costs.vmmNs();
    }

    public boolean ordered() {
        return windowNs != FREE;
    }
}
