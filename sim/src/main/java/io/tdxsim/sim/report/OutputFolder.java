package io.tdxsim.sim.report;

import java.io.IOException;
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

    /**
     * Why the report files could not go to {@code dir}, found before a run spends any time: null
     * if they can. The folder may exist (it must be a writable folder) or not (the nearest existing
     * parent must be a writable folder). Only a probe file is made and removed; no folder is created.
     */
    public static String problem(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            return "is a file (expected a folder)";
        }
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return (existing == null ? "no parent folder" : existing + " is a file")
                    + " (expected a folder that can be created)";
        }
        try {
            Files.delete(Files.createTempFile(existing, ".tdxsim-probe-", ".tmp"));
        } catch (IOException | RuntimeException e) {
            return "cannot write in " + existing + ": " + WriteFailure.describe(e) + " (expected a writable folder)";
        }
        return null;
    }

    /** The name reduced to characters that are safe in a file name on any system. */
    static String safe(String name) {
        String s = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        return s.isEmpty() ? "run" : s;
    }
}
