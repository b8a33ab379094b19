package io.tdxsim.sim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Typed reads from one config object that record problems instead of throwing. */
final class Reader {

    private final Config config;
    private final String prefix;
    private final Problems problems;

    Reader(Config config, String prefix, Problems problems) {
        this.config = config;
        this.prefix = prefix;
        this.problems = problems;
    }

    Config config() {
        return config;
    }

    Problems problems() {
        return problems;
    }

    String key(String path) {
        return prefix.isEmpty() ? path : prefix + "." + path;
    }

    boolean has(String path) {
        return config.hasPath(path);
    }

    void problem(String path, String message) {
        problems.add(config, path, key(path), message);
    }

    private <T> T get(String path, String expected, T fallback, Supplier<T> getter) {
        try {
            return getter.get();
        } catch (ConfigException.Missing e) {
            problem(path, "missing; expected " + expected);
        } catch (ConfigException e) {
            problem(path, "expected " + expected);
        }
        return fallback;
    }

    String string(String path) {
        return get(path, "a string", "", () -> config.getString(path));
    }

    boolean bool(String path) {
        return get(path, "true or false", false, () -> config.getBoolean(path));
    }

    long longIn(String path, long min, long max) {
        long v = get(path, "a whole number", min, () -> config.getLong(path));
        if (v < min || v > max) {
            problem(path, "expected a number in " + min + ".." + max + ", got " + v);
            return min;
        }
        return v;
    }

    int intIn(String path, int min, int max) {
        return (int) longIn(path, min, max);
    }

    long nanos(String path, long maxNs) {
        long v = get(path, "a duration such as 500ns or 2us", 0L, () -> config.getDuration(path).toNanos());
        if (v < 0 || v > maxNs) {
            problem(path, "expected a duration between 0 and " + maxNs + "ns, got " + v + "ns");
            return 0;
        }
        return v;
    }

    long bytes(String path, long min, long max) {
        long v = get(path, "a size such as 4KiB or 4096", min, () -> config.getBytes(path));
        if (v < min || v > max) {
            problem(path, "expected a size in " + min + ".." + max + " bytes, got " + v);
            return min;
        }
        return v;
    }

    /** An address: a number, or a hex string such as "0xfe000000". */
    long address(String path) {
        try {
            return config.getLong(path);
        } catch (ConfigException.WrongType e) {
            String text = string(path).trim().replace("_", "");
            try {
                return text.startsWith("0x") || text.startsWith("0X")
                        ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
            } catch (NumberFormatException n) {
                problem(path, "expected an address such as 0xfe000000, got '" + text + "'");
            }
        } catch (ConfigException e) {
            problem(path, e instanceof ConfigException.Missing ? "missing; expected an address" : "expected an address");
        }
        return 0;
    }

    /** A fraction written as 0.3 or "30%". */
    double fraction(String path) {
        try {
            return check(path, config.getDouble(path));
        } catch (ConfigException.WrongType e) {
            String text = string(path).trim();
            if (text.endsWith("%")) {
                try {
                    return check(path, Double.parseDouble(text.substring(0, text.length() - 1)) / 100.0);
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
            problem(path, "expected a fraction such as 0.3 or 30%");
        } catch (ConfigException e) {
            problem(path, "expected a fraction such as 0.3 or 30%");
        }
        return 0;
    }

    private double check(String path, double v) {
        if (v < 0 || v > 1) {
            problem(path, "expected a fraction between 0 and 1, got " + v);
            return 0;
        }
        return v;
    }

    <T> T oneOf(String path, java.util.function.Function<String, T> parse, String choices) {
        String text = string(path);
        T v = parse.apply(text);
        if (v == null) {
            problem(path, "expected one of " + choices + ", got '" + text + "'");
        }
        return v;
    }

    List<Long> addresses(String path) {
        List<Long> out = new ArrayList<>();
        try {
            for (Object o : config.getAnyRefList(path)) {
                if (o instanceof Number n) {
                    out.add(n.longValue());
                } else {
                    String s = String.valueOf(o).trim();
                    out.add(s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s));
                }
            }
        } catch (ConfigException | NumberFormatException e) {
            problem(path, "expected a list of offsets such as [0, 0x10]");
        }
        return out;
    }
}
