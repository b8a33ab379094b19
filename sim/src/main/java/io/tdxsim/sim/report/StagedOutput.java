package io.tdxsim.sim.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a set of files into one folder all or nothing. Each file is first written under a
 * hidden temporary name in the same folder (so the final rename stays on one file system and is
 * atomic); only when every file is complete are they renamed into place. On any failure the
 * temporary files, and folders this instance created, are removed.
 */
public final class StagedOutput implements AutoCloseable {

    /** Produces one file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final List<Path> createdDirs = new ArrayList<>();
    private final Map<Path, Path> staged = new LinkedHashMap<>();
    private boolean committed;

    private StagedOutput(Path dir) {
        this.dir = dir;
    }

    /** Opens {@code dir} for writing, creating it (and missing parents) if needed. */
    public static StagedOutput open(Path dir) throws IOException {
        StagedOutput out = new StagedOutput(dir.toAbsolutePath().normalize());
        try {
            out.createDirs();
        } catch (IOException e) {
            out.close();
            throw e;
        }
        return out;
    }

    private void createDirs() throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                createdDirs.add(0, p);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new FileSystemException(dir.toString(), null, "Not a directory");
        }
    }

    /** Writes {@code name}'s content to a temporary file; it appears under its name on commit. */
    public void stage(String name, Content content) throws IOException {
        Path target = dir.resolve(name);
        OutputStream raw = null;
        Path temp = null;
        // Not Files.createTempFile: its owner-only permissions would stick to the renamed report.
        while (raw == null) {
            temp = dir.resolve("." + name + "." + Long.toHexString(RANDOM.nextLong() >>> 16) + ".tmp");
            try {
                raw = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                raw = null;
            }
        }
        staged.put(target, temp);
        try (OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
            content.writeTo(out);
        }
    }

    /** Renames every staged file into place; if one rename fails, the ones already made are undone. */
    public List<Path> commit() throws IOException {
        List<Path> done = new ArrayList<>();
        try {
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                move(e.getValue(), e.getKey());
                done.add(e.getKey());
            }
        } catch (IOException e) {
            for (Path p : done) {
                Files.deleteIfExists(p);
            }
            throw e;
        }
        committed = true;
        return done;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes what is left of an unfinished write: temporary files, then folders it created. */
    @Override
    public void close() {
        for (Path temp : staged.values()) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: the caller is already reporting the first failure
            }
        }
        if (committed) {
            return;
        }
        for (Path p : createdDirs) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // not empty or gone: leave it
            }
        }
    }
}
