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

    @Test
    void aRenameFailingPartWayPutsEveryPreviousFileBack() throws IOException {
        Files.writeString(tmp.resolve("report.html"), "previous html");
        Files.writeString(tmp.resolve("report.json"), "previous json");
        // the second file's rename fails, after the first one has replaced its previous version
        StagedOutput.Mover failing = (from, to) -> {
            if (from.getFileName().toString().startsWith(".report.json.") && to.endsWith("report.json")) {
                throw new java.nio.file.FileSystemException(to.toString(), null, "No space left on device");
            }
            Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        };
        IOException e = assertThrows(IOException.class, () -> {
            try (StagedOutput out = StagedOutput.open(tmp, failing)) {
                out.stage("report.html", o -> o.write("new html".getBytes(StandardCharsets.UTF_8)));
                out.stage("report.json", o -> o.write("new json".getBytes(StandardCharsets.UTF_8)));
                out.commit();
            }
        });
        assertTrue(e.getMessage().contains("No space left"), e.getMessage());
        assertEquals(List.of("report.html", "report.json"), listing(tmp), "no temporary or set-aside file remains");
        assertEquals("previous html", Files.readString(tmp.resolve("report.html")));
        assertEquals("previous json", Files.readString(tmp.resolve("report.json")));
    }

    /**
     * A second Ctrl-C halts the JVM, which runs no cleanup: abandonAll, called just before, must
     * leave no temporary file even while a file is being written, and the write must not commit.
     */
    @Test
    void abandoningMidWriteLeavesNoTemporaryFile() throws Exception {
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch abandoned = new java.util.concurrent.CountDownLatch(1);
        Path dir = tmp.resolve("report");
        java.util.concurrent.CompletableFuture<Throwable> writer = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try (StagedOutput out = StagedOutput.open(dir)) {
                        out.stage("report.json", o -> {
                            writing.countDown();
                            try {
                                abandoned.await();
                            } catch (InterruptedException ie) {
                                throw new java.io.InterruptedIOException();
                            }
                            o.write("late".getBytes(StandardCharsets.UTF_8));
                        });
                        out.commit();
                        return null;
                    } catch (IOException | RuntimeException ex) {
                        return ex;
                    }
                });
        assertTrue(writing.await(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, listing(dir).size(), "the temporary file exists while it is written");
        StagedOutput.abandonAll();
        assertEquals(List.of(), listing(dir), "abandoning removes it at once, before the writer finishes");
        abandoned.countDown();
        Throwable failure = writer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(failure instanceof IOException && failure.getMessage().contains("abandoned"), String.valueOf(failure));
        assertFalse(Files.exists(dir.resolve("report.json")));
    }
}
