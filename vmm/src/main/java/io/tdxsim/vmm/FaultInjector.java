package io.tdxsim.vmm;

import java.util.SplittableRandom;

/** Decides, access by access, which configured fault strikes. One per device actor. */
final class FaultInjector {

    private final DeviceFaults faults;
    private final SplittableRandom random;
    private long accesses;

    FaultInjector(DeviceFaults faults) {
        this.faults = faults;
        this.random = new SplittableRandom(faults.seed());
    }

    /** Starts the next access; the checks below refer to it. */
    void next() {
        accesses++;
    }

    boolean restartOnFailure() {
        return faults.restartOnFailure();
    }

    long accesses() {
        return accesses;
    }

    boolean shouldThrow() {
        return strikes(faults.throwEvery(), faults.throwProbability());
    }

    long extraDelay() {
        if (faults.delayNs() == 0) {
            return 0;
        }
        return faults.delayProbability() == 0 || random.nextDouble() < faults.delayProbability() ? faults.delayNs() : 0;
    }

    boolean shouldDrop() {
        return strikes(faults.dropEvery(), faults.dropProbability());
    }

    boolean shouldDuplicate() {
        return strikes(faults.duplicateEvery(), faults.duplicateProbability());
    }

    private boolean strikes(long every, double probability) {
        if (every > 0 && accesses % every == 0) {
            return true;
        }
        return probability > 0 && random.nextDouble() < probability;
    }
}
