package io.tdxsim.sim.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One device's final model state as a console line, {@code key=value ...}. Register contents read
 * better in hex, counts in decimal ({@link StateValues}); long strings (a UART's transmitted text)
 * are cut short.
 */
public final class DeviceStateLine {

    static final int MAX_TEXT = 60;

    private DeviceStateLine() {
    }

    public static String format(Map<String, Object> state) {
        // A model that chose an order (LinkedHashMap) keeps it; Map.of iterates in no fixed order.
        Map<String, Object> ordered = state instanceof LinkedHashMap || state instanceof SortedMap
                ? state : new TreeMap<>(state);
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, Object> e : ordered.entrySet()) {
            line.append(line.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(value(e.getKey(), e.getValue()));
        }
        return line.toString();
    }

    /** One value as the console shows it: integers by {@link StateValues}, strings quoted and escaped. */
    public static String value(String key, Object v) {
        if (StateValues.isInteger(v)) {
            return StateValues.integer(key, ((Number) v).longValue());
        }
        if (v instanceof String s) {
            return quote(s);
        }
        return String.valueOf(v);
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(s.length(), MAX_TEXT);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 || c > 0x7e ? String.format(Locale.ROOT, "\\x%02x", (int) c) : c);
            }
        }
        out.append('"');
        if (s.length() > shown) {
            out.append("...(").append(s.length()).append(" chars)");
        }
        return out.toString();
    }
}
