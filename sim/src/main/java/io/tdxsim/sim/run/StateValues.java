package io.tdxsim.sim.run;

import java.util.Set;

/**
 * How a device model's state values are shown: register contents and bit sets in hex, counts in
 * decimal. The console summary, {@code compare} and report.json all take the choice from here.
 */
public final class StateValues {

    /** Snapshot keys holding register contents or bit sets rather than counts. */
    private static final Set<String> HEX_KEYS = Set.of("q0", "status", "device-features", "driver-features",
            "negotiated", "interrupt-status", "irq-status", "last-data", "lcr", "divisor", "dma-buffer-q0");

    /** Integers beyond this magnitude do not survive a JSON reader that parses numbers as doubles. */
    private static final long EXACT_IN_DOUBLE = 1L << 53;

    private StateValues() {
    }

    /** Whether {@code key}'s value is register contents, shown in hex. */
    public static boolean isHex(String key) {
        return HEX_KEYS.contains(key);
    }

    /** Whether {@code v} is an integer type a snapshot may hold (not floating point). */
    public static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
    }

    /** An integer value as text: "0x" and unsigned hex for register contents, else decimal. */
    public static String integer(String key, long v) {
        return isHex(key) ? "0x" + Long.toHexString(v) : Long.toString(v);
    }

    /** Whether an integer that is not register contents must go to JSON as a string to stay exact. */
    public static boolean needsJsonString(long v) {
        return v > EXACT_IN_DOUBLE || v < -EXACT_IN_DOUBLE;
    }

    /** The console and {@code compare} form of any state value. */
    public static String text(String key, Object v) {
        return isInteger(v) ? integer(key, ((Number) v).longValue()) : String.valueOf(v);
    }
}
