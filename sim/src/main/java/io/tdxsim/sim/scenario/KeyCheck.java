package io.tdxsim.sim.scenario;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;
import java.util.Set;

/**
 * Rejects keys the schema does not know (suggesting the closest known key) and values of the
 * wrong shape: an object where a value belongs, a value where an object or list belongs. Shapes
 * are checked before anything is read, because merging a wrong shape over reference.conf would
 * blame reference.conf's child keys instead of the line at fault.
 */
final class KeyCheck {

    /** What a key holds: one value, an object { ... } or a list [ ... ]. */
    enum Shape {
        VALUE, OBJECT, LIST;

        static Shape of(ConfigValueType type) {
            return type == ConfigValueType.OBJECT ? OBJECT : type == ConfigValueType.LIST ? LIST : VALUE;
        }

        String expected() {
            return switch (this) {
                case VALUE -> "a single value";
                case OBJECT -> "an object { ... }";
                case LIST -> "a list [ ... ]";
            };
        }
    }

    /** The keys of one entry of tdxsim.devices, with their shapes; the rest of the schema is reference.conf. */
    static final Map<String, Shape> DEVICE_KEYS = Map.ofEntries(Map.entry("name", Shape.VALUE),
            Map.entry("model", Shape.VALUE), Map.entry("class", Shape.VALUE), Map.entry("base", Shape.VALUE),
            Map.entry("port", Shape.VALUE), Map.entry("size", Shape.VALUE), Map.entry("service", Shape.VALUE),
            Map.entry("params", Shape.OBJECT), Map.entry("faults", Shape.OBJECT), Map.entry("on-failure", Shape.VALUE),
            Map.entry("interrupts", Shape.OBJECT));
    static final Map<String, Shape> INTERRUPT_KEYS = Map.of("vector", Shape.VALUE, "cpus", Shape.LIST);
    static final Map<String, Shape> FAULT_KEYS = Map.of("throw-every", Shape.VALUE,
            "throw-probability", Shape.VALUE, "delay", Shape.VALUE, "delay-probability", Shape.VALUE,
            "drop-every", Shape.VALUE, "drop-probability", Shape.VALUE, "duplicate-every", Shape.VALUE,
            "duplicate-probability", Shape.VALUE);
    static final Map<String, Shape> GROUP_KEYS = Map.of("count", Shape.VALUE, "program", Shape.VALUE,
            "workload", Shape.OBJECT, "user-mode", Shape.VALUE, "registers", Shape.OBJECT);
    static final Map<String, Shape> WORKLOAD_KEYS = Map.of("targets", Shape.LIST, "offsets", Shape.LIST,
            "read", Shape.VALUE, "sizes", Shape.LIST, "exits", Shape.VALUE, "think", Shape.VALUE);
    static final Map<String, Shape> GRADE_KEYS = Map.of("id", Shape.VALUE, "grade", Shape.VALUE,
            "desc", Shape.VALUE);
    /** Lists of objects and the keys of their entries. */
    static final Map<String, Shape> PAGE_KEYS = Map.of("base", Shape.VALUE, "size", Shape.VALUE,
            "attribute", Shape.VALUE);
    private static final Map<String, Map<String, Shape>> ENTRIES = Map.of("tdxsim.devices", DEVICE_KEYS,
            "tdxsim.vcpus", GROUP_KEYS, "tdxsim.outcomes.grades", GRADE_KEYS, "tdxsim.guest.pages", PAGE_KEYS);
    /** Objects inside entries whose keys are fixed, by entry key. */
    private static final Map<String, Map<String, Shape>> NESTED = Map.of("faults", FAULT_KEYS,
            "workload", WORKLOAD_KEYS, "interrupts", INTERRUPT_KEYS);
    /** Subtrees whose keys are the user's own names, and what each of their values must be. */
    private static final Map<String, String> FREE_FORM = Map.of("tdxsim.programs", "a program as a string of assembly, or { c = ... } or { elf = ... }",
            "registers", "a register value such as 0x10");

    private KeyCheck() {
    }

    /** Checks {@code scenario} against {@code reference}; returns false if some value has the wrong shape. */
    static boolean check(ConfigObject scenario, ConfigObject reference, String path, Problems problems) {
        boolean shapesOk = true;
        for (Map.Entry<String, ConfigValue> e : scenario.entrySet()) {
            String key = e.getKey();
            String full = path + "." + key;
            ConfigValue known = reference.get(key);
            if (known != null && !resolved(e.getValue())) {
                continue;       // a ${substitution} not resolved yet: checked once it is
            }
            if (known == null) {
                problems.add(e.getValue().origin(), full, "unknown key" + suggestion(key, reference.keySet()));
                continue;
            }
            Shape want = Shape.of(known.valueType());
            if (!shapeIs(e.getValue(), want, full, problems)) {
                shapesOk = false;
            } else if (FREE_FORM.containsKey(full)) {
                shapesOk &= values((ConfigObject) e.getValue(), full, FREE_FORM.get(full), problems);
            } else if (want == Shape.OBJECT) {
                shapesOk &= check((ConfigObject) e.getValue(), (ConfigObject) known, full, problems);
            } else if (ENTRIES.containsKey(full)) {
                shapesOk &= entries((ConfigList) e.getValue(), full, ENTRIES.get(full), problems);
            }
        }
        return shapesOk;
    }

    private static boolean entries(ConfigList list, String path, Map<String, Shape> keys, Problems problems) {
        boolean shapesOk = true;
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            if (!resolved(list.get(i))) {
                continue;
            }
            if (!shapeIs(list.get(i), Shape.OBJECT, at, problems)) {
                shapesOk = false;
            } else {
                shapesOk &= entry((ConfigObject) list.get(i), at, keys, problems);
            }
        }
        return shapesOk;
    }

    private static boolean entry(ConfigObject entry, String path, Map<String, Shape> keys, Problems problems) {
        boolean shapesOk = true;
        for (Map.Entry<String, ConfigValue> e : entry.entrySet()) {
            String key = e.getKey();
            String full = path + "." + key;
            Shape want = keys.get(key);
            if (!resolved(e.getValue())) {
                continue;
            }
            if (want == null) {
                problems.add(e.getValue().origin(), full, "unknown key" + suggestion(key, keys.keySet()));
            } else if (!shapeIs(e.getValue(), want, full, problems)) {
                shapesOk = false;
            } else if (NESTED.containsKey(key)) {
                shapesOk &= entry((ConfigObject) e.getValue(), full, NESTED.get(key), problems);
            } else if (FREE_FORM.containsKey(key)) {
                shapesOk &= values((ConfigObject) e.getValue(), full, FREE_FORM.get(key), problems);
            }
        }
        return shapesOk;
    }

    /** Every key of a free-form object holds one value (a program, a register value). */
    private static boolean values(ConfigObject object, String path, String expected, Problems problems) {
        boolean shapesOk = true;
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            if (path.equals("tdxsim.programs") && resolved(e.getValue())
                    && e.getValue().valueType() == com.typesafe.config.ConfigValueType.OBJECT) {
                continue;       // { c = ..., cflags = ... } or { elf = ... }: CProgramEntry checks its keys
            }
            shapesOk &= shapeIs(e.getValue(), Shape.VALUE, expected, path + "." + e.getKey(), problems);
        }
        return shapesOk;
    }

    private static boolean shapeIs(ConfigValue value, Shape want, String path, Problems problems) {
        return shapeIs(value, want, ENTRIES.containsKey(path) ? "a list of objects [ { ... }, ... ]" : want.expected(),
                path, problems);
    }

    private static boolean resolved(ConfigValue value) {
        try {
            value.valueType();
            return true;
        } catch (com.typesafe.config.ConfigException.NotResolved e) {
            return false;
        }
    }

    private static boolean shapeIs(ConfigValue value, Shape want, String expected, String path, Problems problems) {
        if (!resolved(value)) {
            return true;        // a ${substitution} not resolved yet: its value is checked once it is
        }
        if (value.valueType() == ConfigValueType.NULL) {
            problems.add(value.origin(), path, "null is not allowed (expected " + expected + ")");
            return false;
        }
        Shape got = Shape.of(value.valueType());
        if (got != want) {
            problems.add(value.origin(), path, "expected " + expected + ", got " + describe(value));
            return false;
        }
        return true;
    }

    /** How a value reads to its author: "a number (5)", "a list", "an object". */
    static String describe(ConfigValue value) {
        if (!resolved(value)) {
            return "a ${substitution}";
        }
        return switch (value.valueType()) {
            case OBJECT -> "an object";
            case LIST -> "a list";
            case NUMBER -> "a number (" + value.unwrapped() + ")";
            case BOOLEAN -> "a boolean (" + value.unwrapped() + ")";
            case STRING -> "a string";
            case NULL -> "null";
        };
    }

    static String suggestion(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : new java.util.TreeSet<>(known)) {    // sorted: ties resolve the same way every run
            int d = distance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
