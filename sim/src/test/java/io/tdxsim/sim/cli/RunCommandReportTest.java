package io.tdxsim.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run command's output folder: written whole, reported in the summary, or not at all. */
class RunCommandReportTest {

    @TempDir
    Path tmp;

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTheReportAndNamesTheFolderLast() throws IOException {
        Path dir = tmp.resolve("reports");
        Outcome r = run("run", "--no-progress", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        // a stress run also leaves what `tdxsim replay` needs: the resolved scenario and the device schedules
        assertEquals(List.of("report.html", "report.json", "scenario.conf", "schedule-0.bin", "trace.json"),
                listing(dir));
        String[] lines = r.out().strip().split("\n");
        assertEquals("  output    " + dir, lines[lines.length - 1]);
    }

    @Test
    void anUnwritableFolderIsOneLineAndExitCodeTwo() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        Outcome r = run("run", "--no-progress", "--out", file.resolve("reports").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("tdxsim: cannot write the report to "), r.err());
        assertEquals(List.of("not-a-folder"), listing(tmp));
    }

    @Test
    void aScenarioThatFailsItsChecksCreatesNoFolder() {
        Path dir = tmp.resolve("never");
        Outcome r = run("run", "--no-progress", "--out", dir.toString(), tmp.resolve("missing.conf").toString());
        assertEquals(2, r.code());
        assertFalse(Files.exists(dir));
    }
}
