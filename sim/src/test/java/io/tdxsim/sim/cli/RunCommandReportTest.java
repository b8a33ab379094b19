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
        String last = lines[lines.length - 1].strip();
        // what the line says, not how its columns are padded
        assertTrue(last.startsWith("output ") && last.endsWith(" " + dir), last);
    }

    @Test
    void anOutFolderUnderAFileIsRefusedBeforeTheRun() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        Path out = file.resolve("reports");
        Outcome r = run("run", "--no-progress", "--out", out.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out(), "nothing ran, so nothing is summarised");
        assertEquals("tdxsim: --out " + out + ": " + file + " is a file (expected a folder that can be created)\n",
                r.err());
        assertEquals(List.of("not-a-folder"), listing(tmp));
    }

    @Test
    void anOutThatIsAFileIsRefusedBeforeTheRun() throws IOException {
        Path file = Files.writeString(tmp.resolve("report.txt"), "x");
        Outcome r = run("run", "--no-progress", "--out", file.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals("tdxsim: --out " + file + ": is a file (expected a folder)\n", r.err());
    }

    @Test
    void anUnwritableOutFolderIsRefusedBeforeTheRun() throws IOException {
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        assertTrue(locked.toFile().setWritable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked) && canCreateIn(locked),
                    "this user may write anywhere (root without a read-only mount)");
            Outcome r = run("run", "--no-progress", "--out", locked.resolve("reports").toString());
            assertEquals(2, r.code());
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("tdxsim: --out " + locked.resolve("reports") + ": cannot write in "),
                    r.err());
        } finally {
            locked.toFile().setWritable(true, false);
        }
    }

    private static boolean canCreateIn(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aDirectoryGivenAsTheScenarioIsNamedAsOne() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("scenarios.conf"));
        Outcome r = run("validate", dir.toString());
        assertEquals(2, r.code());
        assertEquals("tdxsim: " + dir + ": is a directory (expected a scenario file such as conf/quickstart.conf)\n",
                r.err());
    }

    @Test
    void aScenarioThatFailsItsChecksCreatesNoFolder() {
        Path dir = tmp.resolve("never");
        Outcome r = run("run", "--no-progress", "--out", dir.toString(), tmp.resolve("missing.conf").toString());
        assertEquals(2, r.code());
        assertFalse(Files.exists(dir));
    }
}
