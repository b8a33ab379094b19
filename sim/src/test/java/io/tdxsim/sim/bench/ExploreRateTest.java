package io.tdxsim.sim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's explore rates are measured campaigns: in this JVM and on a worker JVM it starts. */
class ExploreRateTest {

    @Test
    void measuresSeedsPerSecondHereAndOnAWorkerJvm() {
        ExploreRate.Measured here = ExploreRate.measure(ExploreRate.SETUPS.get(0), 20);
        ExploreRate.Measured worker = ExploreRate.measure(ExploreRate.SETUPS.get(2), 20);
        assertNull(here.problem());
        assertNull(worker.problem(), worker::toString);
        assertTrue(here.seedsPerSecond() > 0 && worker.seedsPerSecond() > 0, () -> here + " " + worker);
        assertTrue(worker.seedsPerSecond() < 100 * here.seedsPerSecond() && here.seedsPerSecond() < 100 * worker.seedsPerSecond(),
                () -> "the same seeds at rates of one order: " + here + " " + worker);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchTable.explore(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of(here, worker,
                new ExploreRate.Measured(ExploreRate.SETUPS.get(3), 2 * worker.seedsPerSecond(), null)));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(2).endsWith("2.00x one worker JVM"), lines::toString);
    }
}
