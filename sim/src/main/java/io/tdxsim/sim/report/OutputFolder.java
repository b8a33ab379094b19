package io.tdxsim.sim.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The default output folder of a run: out/NAME-yyyyMMdd-HHmmss under the working directory. */
public final class OutputFolder {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private OutputFolder() {
    }

    /** A folder that does not exist yet; a suffix keeps two runs started in one second apart. */
    public static Path defaultFor(String scenarioName, LocalDateTime started) {
        String base = safe(scenarioName) + "-" + STAMP.format(started);
        Path dir = Path.of("out", base);
        for (int i = 2; Files.exists(dir); i++) {
            dir = Path.of("out", base + "-" + i);
        }
        return dir;
    }

    /** The name reduced to characters that are safe in a file name on any system. */
    static String safe(String name) {
        String s = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        return s.isEmpty() ? "run" : s;
    }
}
