package io.tdxsim.sim.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tdxsim.sim.run.StateValues;
import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.AbstractHistogram;

/** Small JSON pieces shared by the writers. */
final class JsonValues {

    static final String[] PERCENTILES = {"p50", "p90", "p99"};
    static final double[] PERCENTILE_VALUES = {50, 90, 99};

    private JsonValues() {
    }

    /** {count, p50, p90, p99, max}; the percentiles are null when nothing was recorded. */
    static void percentiles(JsonGenerator g, String field, AbstractHistogram h) throws IOException {
        g.writeObjectFieldStart(field);
        long count = h.getTotalCount();
        g.writeNumberField("count", count);
        for (int i = 0; i < PERCENTILES.length; i++) {
            g.writeFieldName(PERCENTILES[i]);
            if (count == 0) {
                g.writeNull();
            } else {
                g.writeNumber(h.getValueAtPercentile(PERCENTILE_VALUES[i]));
            }
        }
        g.writeFieldName("max");
        if (count == 0) {
            g.writeNull();
        } else {
            g.writeNumber(h.getMaxValue());
        }
        g.writeEndObject();
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    static void stringOrNull(JsonGenerator g, String field, String value) throws IOException {
        g.writeFieldName(field);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }

    /**
     * Writes a device model's snapshot value: numbers, strings, booleans, maps (keys sorted so the
     * output is stable whatever map the model used), lists and arrays; anything else as its text.
     */
    static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Float || v instanceof Double) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeString(Double.toString(d));
            }
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : sorted(m).entrySet()) {
                g.writeFieldName(e.getKey());
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> it) {
            g.writeStartArray();
            for (Object o : it) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (v.getClass().isArray()) {
            g.writeStartArray();
            for (int i = 0, n = Array.getLength(v); i < n; i++) {
                value(g, Array.get(v, i));
            }
            g.writeEndArray();
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    /**
     * Writes a device's state snapshot: as {@link #value}, except that integers under a
     * register-contents key are hex strings, and other integers too large for a double to hold
     * exactly are decimal strings, so no JSON reader rounds them.
     */
    static void state(JsonGenerator g, Map<?, ?> state) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : sorted(state).entrySet()) {
            g.writeFieldName(e.getKey());
            stateValue(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void stateValue(JsonGenerator g, String key, Object v) throws IOException {
        if (StateValues.isInteger(v)) {
            long x = ((Number) v).longValue();
            if (StateValues.isHex(key)) {
                g.writeString(StateValues.integer(key, x));
            } else if (StateValues.needsJsonString(x)) {
                g.writeString(Long.toString(x));
            } else {
                g.writeNumber(x);
            }
        } else if (v instanceof Map<?, ?> m) {
            state(g, m);
        } else {
            value(g, v);
        }
    }

    static Map<String, Object> sorted(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
