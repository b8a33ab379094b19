package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tdxsim.sim.run.SimRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped midway (as Ctrl-C stops it) still writes its report, marked incomplete. */
class InterruptedRunReportTest {

    @Test
    void theStoppedRunsReportIsWrittenIncompleteWithExactAccounting(@TempDir Path tmp) throws Exception {
        Path scenario = tmp.resolve("endless.conf");
        Files.writeString(scenario, """
                tdxsim {
                  name = endless
                  devices = [ { name = dev, class = "io.tdxsim.sim.run.CountingDevice", base = 0xfe000000 } ]
                  vcpus = [ { count = 8, workload { targets = [dev], exits = 1000000000 } } ]
                  run.max-instructions = 100000000000
                }
                """);
        Path out = tmp.resolve("report");
        long before = io.tdxsim.sim.run.CountingDevice.ACCESSES.get();
        Thread stopper = new Thread(() -> {
            try {
                io.tdxsim.sim.run.CountingDevice.awaitMoreThan(before, 1000);     // stopped mid-way, however fast
            } catch (InterruptedException e) {
                return;
            }
            SimRun.interrupt();
        });
        stopper.start();
        Cli.Outcome o = Cli.execute("run", "--no-progress", "--out", out.toString(), scenario.toString());
        stopper.join();

        assertEquals(1, o.exit(), "an incomplete run fails its checks: " + o);
        assertTrue(o.out().contains("INCOMPLETE"), o::toString);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertFalse(report.get("complete").asBoolean());
        assertEquals(8, report.get("outcomes").get("RUNNING").asInt());
        JsonNode accounting = report.get("accounting");
        assertTrue(accounting.get("exact").asBoolean(), accounting::toString);
        assertEquals(accounting.get("issued").asLong(),
                accounting.get("answered").asLong() + accounting.get("late-answers").asLong()
                        + accounting.get("in-flight").asLong());
        assertEquals(report.get("totals").get("exits").asLong(), accounting.get("answered").asLong(),
                "the report and the check count the same exits");
        assertTrue(accounting.get("answered").asLong() > 0);
        assertTrue(Files.exists(out.resolve("report.html")) && Files.exists(out.resolve("trace.json")));
    }
}
