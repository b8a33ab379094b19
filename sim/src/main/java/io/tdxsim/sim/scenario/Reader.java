package io.tdxsim.sim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
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
            problem(path, "expected " + expected + got(path));
        }
        return fallback;
    }

    /** ", got 2.5" or ", got 'abc'": the value as written, so the author sees what was read. */
    private String got(String path) {
        try {
            ConfigValue v = config.getValue(path);
            return switch (v.valueType()) {
                case NUMBER, BOOLEAN -> ", got " + v.unwrapped();
                case STRING -> ", got '" + v.unwrapped() + "'";
                default -> ", got " + KeyCheck.describe(v);
            };
        } catch (ConfigException e) {
            return "";
        }
    }

    private static boolean tooWide(String text) {
        if (!text.matches("-?\\d{19,}")) {
            return false;
        }
        try {
            Long.parseLong(text);
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /**
     * A whole number: HOCON's getLong would truncate 2.5 to 2, so the value is looked at first.
     * Integral values written with a fraction or exponent (4.0, 1e6) are whole numbers too.
     */
    private long wholeNumber(String path) {
        ConfigValue v = config.getValue(path);
        Object raw = v.unwrapped();
        if (raw instanceof Integer || raw instanceof Long) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            return d.longValue();
        }
        if (raw instanceof String text) {
            try {
                return Long.parseLong(text.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ConfigException.WrongType(v.origin(), path + " is not a whole number");
    }

    private boolean fractional(String path) {
        return config.hasPath(path) && config.getValue(path).unwrapped() instanceof Double d && d != Math.rint(d);
    }

    String string(String path) {
        return get(path, "a string", "", () -> config.getString(path));
    }

    boolean bool(String path) {
        return get(path, "true or false", false, () -> config.getBoolean(path));
    }

    long longIn(String path, long min, long max) {
        if (config.hasPath(path) && tooWide(String.valueOf(config.getValue(path).unwrapped()).trim())) {
            // a whole number too large for 64 bits: HOCON keeps it as text, but it is a range problem
            problem(path, "expected a number in " + min + ".." + max + ", got " + config.getValue(path).unwrapped());
            return min;
        }
        int before = problems.size();
        long v = get(path, "a whole number", min, () -> wholeNumber(path));
        if (problems.size() > before) {
            return min;
        }
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
        if (fractional(path)) {
            problem(path, "expected a whole number of bytes such as 4KiB or 4096" + got(path));
            return min;
        }
        int before = problems.size();
        long v = get(path, "a size such as 4KiB or 4096", min, () -> config.getBytes(path));
        if (problems.size() > before) {
            return min;
        }
        if (v < min || v > max) {
            problem(path, "expected a size in " + min + ".." + max + " bytes, got " + v);
            return min;
        }
        return v;
    }

    /** An address: a number, or a hex string such as "0xfe000000". */
    long address(String path) {
        if (fractional(path)) {
            problem(path, "expected an address such as 0xfe000000" + got(path));
            return 0;
        }
        try {
            return wholeNumber(path);
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
        int before = problems.size();
        String text = string(path);
        T v = parse.apply(text);
        if (v == null && problems.size() == before) {     // else missing or unreadable: said already
            problem(path, "expected one of " + choices + ", got '" + text + "'");
        }
        return v;
    }

    List<Long> addresses(String path) {
        List<Long> out = new ArrayList<>();
        try {
            for (Object o : config.getAnyRefList(path)) {
                if (o instanceof Double d && d != Math.rint(d)) {
                    throw new NumberFormatException("not whole");
                } else if (o instanceof Number n) {
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

    /** A list of whole numbers, such as access sizes; each element is checked as {@link #longIn} does. */
    List<Long> wholeNumbers(String path, String example) {
        List<Long> out = new ArrayList<>();
        try {
            for (ConfigValue element : config.getList(path)) {
                Object o = element.unwrapped();
                if (o instanceof Integer || o instanceof Long) {
                    out.add(((Number) o).longValue());
                } else if (o instanceof Double d && d == Math.rint(d)) {
                    out.add(d.longValue());
                } else {
                    problem(path, "expected a list of whole numbers such as " + example + ", got "
                            + KeyCheck.describe(element) + " in it");
                    return List.of();
                }
            }
        } catch (ConfigException e) {
            problem(path, "expected a list of whole numbers such as " + example + got(path));
        }
        return out;
    }

    /** A list of names. */
    List<String> strings(String path, String example) {
        List<String> out = new ArrayList<>();
        try {
            for (ConfigValue element : config.getList(path)) {
                if (element.valueType() != ConfigValueType.STRING) {
                    problem(path, "expected a list of names such as " + example + ", got "
                            + KeyCheck.describe(element) + " in it");
                    return List.of();
                }
                out.add((String) element.unwrapped());
            }
        } catch (ConfigException e) {
            problem(path, "expected a list of names such as " + example + got(path));
        }
        return out;
    }
}
