package io.tdxsim.sim.report;

import io.tdxsim.sim.run.RunProgress;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The built-in default scenario, run once and shared by the report tests of one JVM. */
final class DefaultRun {

    static final WallClock WALL = new WallClock(Instant.parse("2026-01-02T03:04:05Z"), 1_500_000_000L);

    private static RunResult result;
    private static RunProgress progress;

    private DefaultRun() {
    }

    static synchronized RunResult result() {
        if (result == null) {
            progress = new RunProgress();
            result = SimRun.run(ScenarioLoader.loadDefault(List.of()), progress);
        }
        return result;
    }

    static synchronized RunProgress progress() {
        result();
        return progress;
    }

    /** Writes the three report files of the default run into {@code dir}. */
    static Path writeTo(Path dir) throws IOException {
        ReportFiles.write(result(), WALL, dir);
        return dir;
    }

    /** Surefire runs from the module folder and passes it as basedir. */
    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    }
}
