package io.tdxsim.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's window and each server's distortion reach the console and report.json. */
class EngineFiguresTest {

    @Test
    void callsStartedOutOfVirtualTimeOrderAreReportedPerServer(@TempDir Path dir) throws Exception {
        RunResult r = SyntheticRun.run(0, 1000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summary.print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String console = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("  engine    window 500ns; out of virtual-time order: vmm 1 calls (max 1.50us)"),
                console);

        ReportFiles.write(r, DefaultRun.WALL, dir);
        JsonNode engine = new ObjectMapper().readTree(dir.resolve(ReportFiles.REPORT_JSON).toFile()).get("engine");
        assertEquals(500, engine.get("window-ns").asLong());
        JsonNode vmm = engine.get("servers").get(0);
        assertEquals("vmm", vmm.get("server").asText());
        assertEquals(1, vmm.get("out-of-order").asLong());
        assertEquals(1500, vmm.get("max-ns").asLong());
        assertEquals(1500, vmm.get("total-ns").asLong());
        assertEquals(0, engine.get("servers").get(1).get("out-of-order").asLong());
    }
}
