package io.tdxsim.sim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ${substitution} that names nothing. The config library says where the substitution is written
 * but not which key holds it; resolving with unresolved values allowed leaves it in place, and the
 * first value that still cannot tell its type is that key.
 */
final class Unresolved {

    private static final Pattern SUBSTITUTION = Pattern.compile("(\\$\\{\\??[^}]*})\\s*$");

    private Unresolved() {
    }

    static String describe(Config config, ConfigException.UnresolvedSubstitution e) {
        Matcher m = SUBSTITUTION.matcher(e.getMessage());
        String what = m.find() ? m.group(1) : "a substitution";
        String key = null;
        try {
            key = find(config.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true)).root(), "");
        } catch (ConfigException ignored) {
            // no key then; the location alone is still given
        }
        return Problems.where(e.origin()) + (key == null ? "" : key + ": ") + what
                + " names nothing (expected a key set in the scenario, or an environment variable)";
    }

    /** The path of the first value that is still a substitution, or null. */
    private static String find(ConfigValue value, String path) {
        try {
            value.valueType();
        } catch (ConfigException.NotResolved e) {
            return path;
        }
        if (value instanceof ConfigObject object) {
            for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
                String found = find(entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (value instanceof ConfigList list) {
            for (int i = 0; i < list.size(); i++) {
                String found = find(list.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
