package io.tdxsim.vmm;

/**
 * Faults to inject into one device, for testing how the simulated VMM and guests cope.
 * "every N" counts accesses to this device (1-based: every = 3 hits the 3rd, 6th, ...); a
 * probability draws from the device's own seeded generator, so deterministic runs stay
 * reproducible. Zero turns a fault off.
 *
 * @param throwEvery            the model throws on every Nth access
 * @param throwProbability      ... or with this probability
 * @param delayNs               extra virtual service time
 * @param delayProbability      share of accesses that get the delay
 * @param dropEvery             the device never answers every Nth access
 * @param dropProbability       ... or with this probability
 * @param duplicateEvery        the device answers every Nth access twice
 * @param duplicateProbability  ... or with this probability
 * @param restartOnFailure      a failed model is rebuilt fresh (else it resumes with its state)
 */
public record DeviceFaults(long throwEvery, double throwProbability, long delayNs, double delayProbability,
                           long dropEvery, double dropProbability, long duplicateEvery, double duplicateProbability,
                           boolean restartOnFailure, long seed) {

    public static final DeviceFaults NONE = new DeviceFaults(0, 0, 0, 0, 0, 0, 0, 0, false, 0);

    public boolean drops() {
        return dropEvery > 0 || dropProbability > 0;
    }

    public boolean any() {
        return throwEvery > 0 || throwProbability > 0 || delayNs > 0 || drops() || duplicateEvery > 0
                || duplicateProbability > 0;
    }
}
