package io.tdxsim.sim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import java.util.ArrayList;
import java.util.List;

/** Validation problems, each one line: {@code file:line: key: what was expected}. */
public final class Problems {

    private final List<String> lines = new ArrayList<>();

    public void add(ConfigOrigin origin, String key, String message) {
        lines.add(where(origin) + key + ": " + message);
    }

    public void add(Config config, String path, String key, String message) {
        ConfigOrigin origin = config.hasPath(path) ? config.getValue(path).origin() : config.origin();
        add(origin, key, message);
    }

    public void addRaw(String line) {
        lines.add(line);
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public void throwIfAny() {
        if (!lines.isEmpty()) {
            throw new ScenarioException(lines);
        }
    }

    /** "file:line: " for a value that came from a file; "" for defaults. */
    public static String where(ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        String file = origin.filename() != null ? origin.filename()
                : origin.resource() != null ? origin.resource() : null;
        if (file == null) {
            String d = origin.description();
            return d == null || d.isEmpty() ? "" : d + ": ";
        }
        return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() + ": " : file + ": ";
    }
}
