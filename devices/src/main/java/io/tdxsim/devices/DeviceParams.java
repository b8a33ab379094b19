package io.tdxsim.devices;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.Map;

/**
 * The {@code params} block of one device in a scenario, with typed getters that fail with the
 * key's origin (file:line) and the expected type.
 */
public final class DeviceParams {

    private final Config config;
    private final String path;

    public DeviceParams(Config config, String path) {
        this.config = config;
        this.path = path;
    }

    public static DeviceParams empty() {
        return new DeviceParams(ConfigFactory.empty(), "params");
    }

    public static DeviceParams of(Map<String, ?> values) {
        return new DeviceParams(ConfigFactory.parseMap(values), "params");
    }

    public long getLong(String key, long defaultValue) {
        return read(key, defaultValue, () -> config.getLong(key), "a whole number");
    }

    public int getInt(String key, int defaultValue) {
        return read(key, defaultValue, () -> config.getInt(key), "a whole number");
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return read(key, defaultValue, () -> config.getBoolean(key), "true or false");
    }

    public String getString(String key, String defaultValue) {
        return read(key, defaultValue, () -> config.getString(key), "a string");
    }

    /** A duration such as {@code 500ns} or {@code 2us}, in nanoseconds. */
    public long getDurationNs(String key, long defaultNs) {
        return read(key, defaultNs, () -> config.getDuration(key).toNanos(), "a duration such as 500ns");
    }

    public boolean has(String key) {
        return config.hasPath(key);
    }

    /** Raw view for models that need structured parameters. */
    public Config config() {
        return config;
    }

    private interface Getter<T> {
        T get();
    }

    private <T> T read(String key, T defaultValue, Getter<T> getter, String expected) {
        if (!config.hasPath(key)) {
            return defaultValue;
        }
        try {
            return getter.get();
        } catch (ConfigException e) {
            String origin = e.origin() == null ? "" : e.origin().description() + ": ";
            throw new DeviceConfigException(origin + path + "." + key + ": expected " + expected);
        }
    }
}
