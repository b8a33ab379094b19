package io.tdxsim.sim.bench;

import io.tdxsim.sim.run.DispatcherSetting;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioLoader;

/**
 * The scenario the bench runs: {@code vcpus} kernel vCPUs, each a generated workload of reads
 * and writes (4 and 8 bytes, half each) to one scratch device, with the product's defaults for
 * everything else (handler, costs, window, dispatcher, tracing, schedule recording).
 */
final class BenchScenario {

    private BenchScenario() {
    }

    static Scenario of(int vcpus, BenchMode mode, long exitsPerVcpu) {
        return of(vcpus, mode, exitsPerVcpu, null);
    }

    /** On {@code dispatcher} instead of the shipped setting, when not null. */
    static Scenario of(int vcpus, BenchMode mode, long exitsPerVcpu, DispatcherSetting dispatcher) {
        String text = """
                tdxsim {
                  name = bench-%s-%d
                  mode = %s%s
                  devices = [ { name = scratch0, model = scratch, base = 0xfe000000, size = 4KiB } ]
                  vcpus = [ { count = %d, workload { targets = [scratch0], offsets = [0, 8], read = 50%%,
                                                     sizes = [4, 8], exits = %d } } ]
                  run.timeout = 60m%s
                }
                """.formatted(mode.id, vcpus, mode.mode.name().toLowerCase(java.util.Locale.ROOT),
                        mode.window == null ? "" : "\n  stress.window = " + mode.window, vcpus, exitsPerVcpu,
                        dispatcher == null ? "" : "\n  run.dispatcher-executor = " + dispatcher.executor().scenarioName()
                                + "\n  run.dispatcher-threads = " + dispatcher.threads()
                                + "\n  run.dispatcher-throughput = " + dispatcher.throughput()
                                + "\n  run.serving-threads = " + dispatcher.servingThreads()
                                + "\n  run.serving-above-vcpus = 0");   // the setting as given, at any count
        return ScenarioLoader.fromText(text, "bench.conf");
    }
}
