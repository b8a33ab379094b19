package io.tdxsim.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same exits, recorded in different orders and at different wall times, give the same reports. */
class DeterminismTest {

    @Test
    void reportsDependOnTheExitsNotTheirArrivalOrder(@TempDir Path a, @TempDir Path b) throws IOException {
        ReportFiles.write(SyntheticRun.run(0, 1000), DefaultRun.WALL, a);
        ReportFiles.write(SyntheticRun.run(42, 1000), new WallClock(Instant.parse("2030-05-06T07:08:09Z"), 9), b);

        assertEquals(Files.readString(a.resolve(ReportFiles.TRACE_JSON)), Files.readString(b.resolve(ReportFiles.TRACE_JSON)));

        String jsonA = Files.readString(a.resolve(ReportFiles.REPORT_JSON));
        String jsonB = Files.readString(b.resolve(ReportFiles.REPORT_JSON));
        assertNotEquals(jsonA, jsonB, "the wall objects differ");
        int wallA = jsonA.indexOf("\"wall\"");
        int wallB = jsonB.indexOf("\"wall\"");
        assertEquals(jsonA.substring(0, wallA), jsonB.substring(0, wallB), "everything before \"wall\" is identical");
        ObjectMapper m = new ObjectMapper();
        assertEquals("wall", lastKey((ObjectNode) m.readTree(jsonA)));

        String htmlA = Files.readString(a.resolve(ReportFiles.REPORT_HTML));
        String htmlB = Files.readString(b.resolve(ReportFiles.REPORT_HTML));
        int cutA = htmlA.indexOf("<section id=\"wall\"");
        int cutB = htmlB.indexOf("<section id=\"wall\"");
        assertTrue(cutA > 0);
        assertEquals(htmlA.substring(0, cutA), htmlB.substring(0, cutB));
    }

    private static String lastKey(ObjectNode node) {
        String last = null;
        for (var it = node.fieldNames(); it.hasNext(); ) {
            last = it.next();
        }
        return last;
    }
}
