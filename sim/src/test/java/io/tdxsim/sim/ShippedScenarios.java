package io.tdxsim.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The scenarios shipped in the project's conf/ directory. */
public final class ShippedScenarios {

    private ShippedScenarios() {
    }

    /** conf/ at the project root, found from the working directory (the module or the root). */
    public static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path conf = dir.resolve("conf");
            if (Files.isDirectory(conf) && Files.isRegularFile(dir.resolve("tdxsim"))) {
                return conf;
            }
        }
        throw new IllegalStateException("no conf/ directory beside the tdxsim launcher above "
                + Path.of("").toAbsolutePath());
    }

    public static Path file(String name) {
        return directory().resolve(name);
    }

    public static List<Path> all() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
