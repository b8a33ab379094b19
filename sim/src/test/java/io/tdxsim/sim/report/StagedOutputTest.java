package io.tdxsim.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedOutputTest {

    @TempDir
    Path tmp;

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void filesAppearOnlyOnCommitAndNoTemporaryFileRemains() throws IOException {
        Path dir = tmp.resolve("a/b");
        try (StagedOutput out = StagedOutput.open(dir)) {
            out.stage("one.txt", o -> o.write("1".getBytes(StandardCharsets.UTF_8)));
            out.stage("two.txt", o -> o.write("2".getBytes(StandardCharsets.UTF_8)));
            assertFalse(Files.exists(dir.resolve("one.txt")), "nothing under its final name before commit");
            out.commit();
        }
        assertEquals(List.of("one.txt", "two.txt"), listing(dir));
        assertEquals("2", Files.readString(dir.resolve("two.txt")));
    }

    @Test
    void aFailedWriteLeavesNothingBehind() {
        Path dir = tmp.resolve("new/report");
        IOException e = assertThrows(IOException.class, () -> {
            try (StagedOutput out = StagedOutput.open(dir)) {
                out.stage("one.txt", o -> o.write("complete".getBytes(StandardCharsets.UTF_8)));
                out.stage("two.txt", o -> {
                    o.write("half".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full");
                });
                out.commit();
            }
        });
        assertEquals("disk full", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("new")), "folders made for the write are removed again");
    }

    @Test
    void aFailureInAnExistingFolderKeepsTheFolderAndItsFiles() throws IOException {
        Files.writeString(tmp.resolve("report.json"), "previous");
        assertThrows(IllegalStateException.class, () -> {
            try (StagedOutput out = StagedOutput.open(tmp)) {
                out.stage("report.json", o -> o.write("new".getBytes(StandardCharsets.UTF_8)));
                out.stage("trace.json", o -> {
                    throw new IllegalStateException("writer bug");
                });
            }
        });
        assertEquals(List.of("report.json"), listing(tmp));
        assertEquals("previous", Files.readString(tmp.resolve("report.json")));
    }

    @Test
    void commitReplacesOlderFiles() throws IOException {
        Files.writeString(tmp.resolve("report.json"), "previous");
        try (StagedOutput out = StagedOutput.open(tmp)) {
            out.stage("report.json", o -> o.write("new".getBytes(StandardCharsets.UTF_8)));
            out.commit();
        }
        assertEquals("new", Files.readString(tmp.resolve("report.json")));
        assertEquals(List.of("report.json"), listing(tmp));
    }

    @Test
    void aFileInTheWayIsAnError() throws IOException {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        assertThrows(IOException.class, () -> StagedOutput.open(file.resolve("sub")));
        assertThrows(IOException.class, () -> StagedOutput.open(file));
        assertEquals(List.of("taken"), listing(tmp));
    }

    @Test
    void reportFilesAreWrittenTogether() throws IOException {
        Path dir = DefaultRun.writeTo(tmp.resolve("out"));
        assertEquals(List.of("report.html", "report.json", "trace.json"), listing(dir));
        for (String name : listing(dir)) {
            assertTrue(Files.size(dir.resolve(name)) > 1000, name);
        }
    }
}
