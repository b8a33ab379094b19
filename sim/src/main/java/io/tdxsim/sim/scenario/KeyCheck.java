package io.tdxsim.sim.scenario;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;
import java.util.Set;

/** Rejects keys the schema does not know, suggesting the closest known key. */
final class KeyCheck {

    static final Set<String> DEVICE_KEYS = Set.of("name", "model", "class", "base", "size", "service", "params",
            "faults", "on-failure");
    static final Set<String> FAULT_KEYS = Set.of("throw-every", "throw-probability", "delay", "delay-probability",
            "drop-every", "drop-probability", "duplicate-every", "duplicate-probability");
    static final Set<String> GROUP_KEYS = Set.of("count", "program", "workload", "user-mode", "registers");
    static final Set<String> WORKLOAD_KEYS = Set.of("targets", "offsets", "read", "sizes", "exits", "think");
    static final Set<String> GRADE_KEYS = Set.of("id", "grade", "desc");
    /** Subtrees whose keys are the user's own names. */
    private static final Set<String> FREE_FORM = Set.of("tdxsim.programs");

    private KeyCheck() {
    }

    static void check(ConfigObject scenario, ConfigObject reference, String path, Problems problems) {
        for (Map.Entry<String, ConfigValue> e : scenario.entrySet()) {
            String key = e.getKey();
            String full = path + "." + key;
            ConfigValue known = reference.get(key);
            if (known == null) {
                problems.add(e.getValue().origin(), full, "unknown key" + suggestion(key, reference.keySet()));
                continue;
            }
            if (FREE_FORM.contains(full)) {
                continue;
            }
            if (known.valueType() == ConfigValueType.OBJECT && e.getValue().valueType() == ConfigValueType.OBJECT) {
                check((ConfigObject) e.getValue(), (ConfigObject) known, full, problems);
            } else if (full.equals("tdxsim.devices")) {
                checkList(e.getValue(), full, DEVICE_KEYS, problems);
            } else if (full.equals("tdxsim.vcpus")) {
                checkList(e.getValue(), full, GROUP_KEYS, problems);
            } else if (full.equals("tdxsim.outcomes.grades")) {
                checkList(e.getValue(), full, GRADE_KEYS, problems);
            }
        }
    }

    private static void checkList(ConfigValue value, String path, Set<String> keys, Problems problems) {
        if (value.valueType() != ConfigValueType.LIST) {
            return;
        }
        ConfigList list = (ConfigList) value;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).valueType() != ConfigValueType.OBJECT) {
                continue;
            }
            ConfigObject entry = (ConfigObject) list.get(i);
            for (Map.Entry<String, ConfigValue> e : entry.entrySet()) {
                String full = path + "[" + i + "]." + e.getKey();
                if (!keys.contains(e.getKey())) {
                    problems.add(e.getValue().origin(), full, "unknown key" + suggestion(e.getKey(), keys));
                } else if (e.getKey().equals("workload") && e.getValue().valueType() == ConfigValueType.OBJECT) {
                    for (Map.Entry<String, ConfigValue> w : ((ConfigObject) e.getValue()).entrySet()) {
                        if (!WORKLOAD_KEYS.contains(w.getKey())) {
                            problems.add(w.getValue().origin(), full + "." + w.getKey(),
                                    "unknown key" + suggestion(w.getKey(), WORKLOAD_KEYS));
                        }
                    }
                }
            }
        }
    }

    static String suggestion(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
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
