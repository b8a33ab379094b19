package io.tdxsim.sim.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a set of files into one folder all or nothing. Each file is first written under a
 * hidden temporary name in the same folder (so the final rename stays on one file system and is
 * atomic); only when every file is complete are they renamed into place. A file being replaced is
 * first renamed aside, so a rename that fails part-way puts every previous file back. On any
 * failure the temporary files, and folders this instance created, are removed; so they are when
 * the process is about to halt (a second Ctrl-C), see {@link #abandonAll()}.
 */
public final class StagedOutput implements AutoCloseable {

    /** Produces one file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Renames one file; a seam so tests can make a rename fail part-way. */
    @FunctionalInterface
    interface Mover {
        void move(Path from, Path to) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Guards creating, renaming and abandoning temporary files, so a halt sees none half-made. */
    private static final Object LOCK = new Object();
    private static final Set<StagedOutput> OPEN = new HashSet<>();

    private final Path dir;
    private final Mover mover;
    private final List<Path> createdDirs = new ArrayList<>();
    private final Map<Path, Path> staged = new LinkedHashMap<>();
    private boolean committed;
    private boolean abandoned;

    private StagedOutput(Path dir, Mover mover) {
        this.dir = dir;
        this.mover = mover;
    }

    /** Opens {@code dir} for writing, creating it (and missing parents) if needed. */
    public static StagedOutput open(Path dir) throws IOException {
        return open(dir, StagedOutput::move);
    }

    static StagedOutput open(Path dir, Mover mover) throws IOException {
        StagedOutput out = new StagedOutput(dir.toAbsolutePath().normalize(), mover);
        synchronized (LOCK) {
            OPEN.add(out);
        }
        try {
            out.createDirs();
        } catch (IOException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * Removes the temporary files of every unfinished write and makes those writes fail; for a
     * caller about to halt the process, which runs no cleanup. A commit under way finishes first,
     * so the folder holds either all new files or all previous ones.
     */
    public static void abandonAll() {
        synchronized (LOCK) {
            for (StagedOutput out : OPEN) {
                out.abandoned = true;
                out.deleteTemps();
            }
        }
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

    /** A fresh hidden name next to {@code name}, such as .report.json.1a2b3c.tmp. */
    private Path hidden(String name, String suffix) {
        return dir.resolve("." + name + "." + Long.toHexString(RANDOM.nextLong() >>> 16) + suffix);
    }

    /** Writes {@code name}'s content to a temporary file; it appears under its name on commit. */
    public void stage(String name, Content content) throws IOException {
        Path target = dir.resolve(name);
        OutputStream raw = null;
        synchronized (LOCK) {
            checkNotAbandoned();
            // Not Files.createTempFile: its owner-only permissions would stick to the renamed report.
            while (raw == null) {
                Path temp = hidden(name, ".tmp");
                try {
                    raw = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    staged.put(target, temp);
                } catch (FileAlreadyExistsException e) {
                    raw = null;
                }
            }
        }
        try (OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
            content.writeTo(out);
        }
    }

    private void checkNotAbandoned() throws IOException {
        if (abandoned) {
            throw new IOException("output to " + dir + " abandoned: the process is stopping");
        }
    }

    /**
     * Renames every staged file into place. A file already there is renamed aside first and
     * removed only when all renames succeeded; if one fails, the new files are removed and the
     * previous ones renamed back.
     */
    public List<Path> commit() throws IOException {
        synchronized (LOCK) {
            checkNotAbandoned();
            List<Path> done = new ArrayList<>();
            Map<Path, Path> asides = new LinkedHashMap<>();
            try {
                for (Map.Entry<Path, Path> e : staged.entrySet()) {
                    Path target = e.getKey();
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        Path aside = hidden(target.getFileName().toString(), ".old");
                        mover.move(target, aside);
                        asides.put(target, aside);
                    }
                    mover.move(e.getValue(), target);
                    done.add(target);
                }
            } catch (IOException e) {
                undo(done, asides, e);
                throw e;
            }
            for (Path aside : asides.values()) {
                Files.deleteIfExists(aside);
            }
            committed = true;
            return done;
        }
    }

    /** Removes the files renamed into place and renames the previous ones back. */
    private void undo(List<Path> done, Map<Path, Path> asides, IOException cause) {
        for (Path p : done) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException suppressed) {
                cause.addSuppressed(suppressed);
            }
        }
        for (Map.Entry<Path, Path> a : asides.entrySet()) {
            try {
                move(a.getValue(), a.getKey());
            } catch (IOException suppressed) {
                cause.addSuppressed(suppressed);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void deleteTemps() {
        for (Path temp : staged.values()) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: the caller is already reporting the first failure, or halting
            }
        }
    }

    /** Removes what is left of an unfinished write: temporary files, then folders it created. */
    @Override
    public void close() {
        synchronized (LOCK) {
            OPEN.remove(this);
            deleteTemps();
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
