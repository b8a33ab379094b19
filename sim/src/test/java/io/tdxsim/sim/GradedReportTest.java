package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** counter-race's graded outcomes reach the console, report.json and report.html. */
class GradedReportTest {

    @Test
    void lostUpdatesAreReportedAsInterestingWithAReplayCommand(@TempDir Path out) throws Exception {
        Cli.Outcome o = Cli.execute("run", "--no-progress", "--out", out.toString(),
                ShippedScenarios.directory().resolve("counter-race.conf").toString());
        assertEquals(0, o.exit(), o::toString);
        JsonNode grading = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("grading");
        assertEquals(10, grading.get("runs").asInt());
        assertTrue(grading.get("interesting").asBoolean(), grading::toString);
        assertTrue(o.out().contains("ACCEPTABLE_INTERESTING"), o::toString);
        assertTrue(o.out().contains("./tdxsim replay " + out), o::toString);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("id=\"checks\"") && html.contains("ACCEPTABLE_INTERESTING"));
    }
}
