package io.tdxsim.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.run.ExitRecorder;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vmm.DeviceStats;
import io.tdxsim.vmm.VmmStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static String html(RunResult r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HtmlReport(r, new TracedExits(r), DefaultRun.WALL).write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void unservedExitsGetTheirOwnLatencyChart() throws IOException {
        RunResult r = SyntheticRun.run(0, 1000);
        String page = html(r);
        assertEquals(7, ReportFiles.chartCount(r));
        assertEquals(7, count(page, "<svg"));
        assertEquals(3, count(page, "data-chart=\"latency\""));
        assertTrue(page.contains("(no device)"));
    }

    @Test
    void textFromModelsIsEscaped() throws IOException {
        String page = html(SyntheticRun.run(0, 1000));
        assertTrue(page.contains("&lt;b&gt;&amp;&#39;&quot;"), "state value escaped");
        assertFalse(page.contains("<b>&"), "raw markup from a model reached the page");
    }

    @Test
    void aRunWithoutExitsStillDrawsEveryChart() throws IOException {
        Scenario s = ScenarioLoader.loadDefault(List.of());
        List<DeviceStats> devices = s.devices().stream().map(d -> new DeviceStats(d.name())).toList();
        RunResult empty = new RunResult(s, 1, 0, Map.of("HALTED", 12L), List.of(), devices, new VmmStats(),
                new ExitRecorder(devices.size(), 16), 12, true,
                new io.tdxsim.sim.run.Accounting(0, 0, 0, 0, 0, 0, List.of()), List.of(), 0);
        String page = html(empty);
        assertEquals(6, count(page, "<svg"));
        assertTrue(page.contains("scratch0: no exits"));
        assertFalse(page.contains("NaN") || page.contains("Infinity"), "no broken coordinates");
    }

    @Test
    void drawingStaysWithinItsBudget() throws IOException {
        String page = html(DefaultRun.result());
        assertTrue(count(page, "<rect") < 2 * SwimlaneChart.MAX_ELEMENTS, "rects: " + count(page, "<rect"));
        assertFalse(page.contains("NaN") || page.contains("Infinity"), "no broken coordinates");
    }
}
