package io.tdxsim.sim.report;

import io.tdxsim.sim.run.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a run's report.json, trace.json and report.html into one folder, all or nothing:
 * on failure nothing new is left behind (see {@link StagedOutput}).
 */
public final class ReportFiles {

    public static final String REPORT_JSON = "report.json";
    public static final String TRACE_JSON = "trace.json";
    public static final String REPORT_HTML = "report.html";

    private ReportFiles() {
    }

    /** Returns the files written. */
    public static List<Path> write(RunResult r, WallClock wall, Path dir) throws IOException {
        return write(r, null, wall, dir);
    }

    /** As above, with the graded outcomes of every run of {@code campaign} (r is its last run). */
    public static List<Path> write(RunResult r, io.tdxsim.sim.run.Campaign campaign, WallClock wall, Path dir)
            throws IOException {
        TracedExits traced = new TracedExits(r);
        try (StagedOutput out = StagedOutput.open(dir)) {
            out.stage(REPORT_JSON, new ReportJson(r, campaign, traced, wall)::write);
            out.stage(TRACE_JSON, new TraceJson(r, traced)::write);
            out.stage(REPORT_HTML, new HtmlReport(r, campaign, traced, wall)::write);
            if (campaign != null) {
                for (var file : io.tdxsim.sim.run.ReplayRecording.contents(campaign).entrySet()) {
                    out.stage(file.getKey(), file.getValue()::write);
                }
            }
            return out.commit();
        }
    }

    /** How many SVG charts report.html holds for this run. */
    public static int chartCount(RunResult r) {
        return HtmlReport.chartCount(r);
    }
}
