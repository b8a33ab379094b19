package io.tdxsim.sim.bench;

/** Everything measured at one vCPU count. */
final class BenchRow {

    final int vcpus;
    /** The raw limit: the best of its candidate settings ({@link Bench#limitSettings}). */
    Series raw = new Series("raw");
    /** The dispatcher the raw limit ran on. */
    io.tdxsim.sim.run.DispatcherSetting rawSetting;
    final Series stress = new Series("stress");
    /** Stress without its window: calls start as they arrive (for contrast; no target). */
    final Series unbounded = new Series("unbounded");
    final Series deterministic = new Series("deterministic");
    /** Null where not measured (a few vCPUs are below the heap's noise). */
    IdleFootprint.Result footprint;
    /** Share of the machine's CPU time the hypervisor took while this row ran; NaN if unknown. */
    double steal = Double.NaN;
    /** Cross-core hand-off before and after this row: whether it ran on the same host as the others. */
    CoreHandOff.Span handOff = CoreHandOff.Span.UNKNOWN;

    BenchRow(int vcpus) {
        this.vcpus = vcpus;
    }

    /** A mode's median as a fraction of the raw limit measured in the same run. */
    double ofRaw(Series mode) {
        return mode.median() / raw.median();
    }
}
