package io.tdxsim.sim;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped scenario, run with {@code mode=deterministic}, writes the same bytes at 1, 2 and
 * 4 dispatcher threads: as shipped, and with an exit log much shorter than the run.
 */
class ShippedScenariosDeterminismTest {

    static List<Path> scenarios() {
        return ShippedScenarios.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void sameBytesAtAnyDispatcherSize(Path file, @TempDir Path tmp) throws Exception {
        // repeats of a deterministic run are the same run: two show that, more only cost time
        DeterminismAcrossThreads.check(file, tmp, "outcomes.repeat=2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void sameBytesWhenTheRunOutgrowsItsExitLog(Path file, @TempDir Path tmp) throws Exception {
        DeterminismAcrossThreads.check(file, tmp, "outcomes.repeat=1", "run.trace-exits=1000");
    }
}
