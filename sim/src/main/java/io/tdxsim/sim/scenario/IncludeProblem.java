package io.tdxsim.sim.scenario;

import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An include that cannot be read. The config library names only the included file and a Java
 * exception; the author needs the line of the include statement, which is found in the text.
 */
final class IncludeProblem {

    /** include "x", include file("x"), include required(classpath("x")) and so on. */
    private static final Pattern INCLUDE = Pattern.compile(
            "^\\s*include\\s+(?:required\\s*\\(\\s*)?(?:(file|url|classpath)\\s*\\(\\s*)?\"([^\"]*)\"");

    private IncludeProblem() {
    }

    static Optional<String> describe(Path scenario, ConfigException e) {
        if (!(e instanceof ConfigException.IO) && !(e.getCause() instanceof IOException)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(scenario, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException io) {
            return Optional.empty();
        }
        String failed = e.origin() == null ? "" : Problems.source(e.origin());
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = INCLUDE.matcher(lines.get(i));
            if (m.find() && (failed.endsWith(m.group(2)) || failed.isEmpty() || i == lastInclude(lines))) {
                String name = m.group(2);
                if ("classpath".equals(m.group(1))) {
                    return Optional.of(scenario + ":" + (i + 1) + ": include: resource '" + name
                            + "' not found (expected a resource on the classpath, see TDXSIM_CLASSPATH)");
                }
                Path target = "file".equals(m.group(1)) ? Path.of(name) : scenario.resolveSibling(name);
                String what = Files.isDirectory(target) ? "is a directory" : Files.exists(target)
                        ? "cannot be read" : "not found";
                return Optional.of(scenario + ":" + (i + 1) + ": include: '" + name + "' " + what
                        + " (expected a readable scenario file; include \"x\" is read from the scenario's folder)");
            }
        }
        return Optional.empty();
    }

    /** When the failed name cannot be matched, the last include is the best guess only if it is the only one. */
    private static int lastInclude(List<String> lines) {
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (INCLUDE.matcher(lines.get(i)).find()) {
                if (found >= 0) {
                    return -2;
                }
                found = i;
            }
        }
        return found;
    }
}
