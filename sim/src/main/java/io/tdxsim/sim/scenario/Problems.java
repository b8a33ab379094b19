package io.tdxsim.sim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validation problems, each one line: {@code file:line: key: what was expected}. */
public final class Problems {

    /** Origin description of a --set override; see ScenarioLoader. */
    public static final String OVERRIDE = "--set ";
    /** HOCON describes an origin without a file as "description: line". */
    private static final Pattern DESCRIBED_LINE = Pattern.compile("(.*): (\\d+)");

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

    public int size() {
        return lines.size();
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

    /**
     * "file:line: " for a value that came from a file; "--set key=value: " for an override (always
     * one line, so no line number); "" for defaults.
     */
    public static String where(ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        String file = origin.filename() != null ? origin.filename()
                : origin.resource() != null ? origin.resource() : null;
        if (file == null) {
            String d = origin.description();
            if (d == null || d.isEmpty()) {
                return "";
            }
            Matcher m = DESCRIBED_LINE.matcher(d);
            if (m.matches()) {
                return m.group(1).startsWith(OVERRIDE) ? m.group(1) + ": " : m.group(1) + ":" + m.group(2) + ": ";
            }
            return d + ": ";
        }
        return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() + ": " : file + ": ";
    }

    /** The file, resource or description a value came from, without its line. */
    public static String source(ConfigOrigin origin) {
        if (origin.filename() != null) {
            return origin.filename();
        }
        if (origin.resource() != null) {
            return origin.resource();
        }
        Matcher m = DESCRIBED_LINE.matcher(origin.description());
        return m.matches() ? m.group(1) : origin.description();
    }

    /** A config library message without the "origin: " it starts with, which {@link #where} renders instead. */
    public static String withoutOrigin(ConfigException e) {
        String message = e.getMessage().replace('\n', ' ');
        String described = e.origin() == null ? null : e.origin().description();
        return described != null && message.startsWith(described + ": ")
                ? message.substring(described.length() + 2) : message;
    }
}
