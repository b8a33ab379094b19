package io.tdxsim.sim.bench;

import io.tdxsim.sim.scenario.Scenario;

/** How a simulated round orders its calls: the two modes, and stress without its window for contrast. */
enum BenchMode {
    STRESS("stress", Scenario.Mode.STRESS, null),
    UNBOUNDED("unbounded", Scenario.Mode.STRESS, "unbounded"),
    DETERMINISTIC("deterministic", Scenario.Mode.DETERMINISTIC, null);

    final String id;
    final Scenario.Mode mode;
    /** The stress.window the round sets, or null for the product's default. */
    final String window;

    BenchMode(String id, Scenario.Mode mode, String window) {
        this.id = id;
        this.mode = mode;
        this.window = window;
    }
}
