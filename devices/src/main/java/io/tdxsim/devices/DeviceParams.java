package io.tdxsim.devices;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code params} block of one device in a scenario, with typed getters that fail with the
 * key's origin (file:line) and the expected type. Whole numbers may also be written as
 * {@code "0x..."} strings, since HOCON has no hex literals and register values read better in hex.
 */
public final class DeviceParams {

    private final Config config;
    private final String path;
    /** Keys a model asked about, for models that do not declare their params (see MmioDevice). */
    private final Set<String> asked = ConcurrentHashMap.newKeySet();
    private volatile boolean rawViewTaken;

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
        return read(key, defaultValue, () -> wholeNumber(key, config.getValue(key)), "a whole number");
    }

    public int getInt(String key, int defaultValue) {
        long value = getLong(key, defaultValue);
        if (value != (int) value) {
            throw error(key, "expected a whole number that fits in 32 bits, got " + value);
        }
        return (int) value;
    }

    /** A list of byte values (0..255, or 0x.. strings), e.g. a device's config space. */
    public byte[] getBytes(String key, byte[] defaultValue) {
        List<? extends ConfigValue> values = read(key, null, () -> config.getList(key), "a list of bytes");
        if (values == null) {
            return defaultValue.clone();
        }
        byte[] bytes = new byte[values.size()];
        for (int i = 0; i < bytes.length; i++) {
            ConfigValue element = values.get(i);
            long b = read(key, 0L, () -> wholeNumber(key, element), "a list of bytes");
            if (b < 0 || b > 0xFF) {
                throw error(key, "expected bytes 0..255, element " + i + " is " + b);
            }
            bytes[i] = (byte) b;
        }
        return bytes;
    }

    /** A size in bytes: a number, or HOCON's "64KiB", "1MiB". */
    public long getSizeBytes(String key, long defaultValue) {
        return read(key, defaultValue, () -> config.getBytes(key), "a size in bytes such as 4096 or 64KiB");
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
        asked.add(key);
        return config.hasPath(key);
    }

    /** Raw view for models that need structured parameters. */
    public Config config() {
        rawViewTaken = true;
        return config;
    }

    /**
     * The keys set in this block that {@code accepted} does not name, sorted; with {@code accepted}
     * null, those the model never asked for (none if it read the raw config, which may use any).
     */
    public List<String> unknownKeys(Set<String> accepted) {
        if (accepted == null && rawViewTaken) {
            return List.of();
        }
        Set<String> known = accepted != null ? accepted : asked;
        return config.root().keySet().stream().filter(k -> !known.contains(k)).sorted().toList();
    }

    /** The keys the model accepts, for a message: its declaration, or what it asked for. */
    public Set<String> acceptedOrAsked(Set<String> accepted) {
        return accepted != null ? accepted : Set.copyOf(asked);
    }

    /** The block's path in the scenario, such as tdxsim.devices[0].params. */
    public String path() {
        return path;
    }

    /** An error about {@code key} that names where the key was set, for checks the getters cannot make. */
    public DeviceConfigException error(String key, String message) {
        String origin = config.hasPath(key) ? origin(config.getValue(key).origin()) : "";
        return new DeviceConfigException(origin + path + "." + key + ": " + message);
    }

    private static String origin(ConfigOrigin origin) {
        return origin == null || origin.description() == null ? "" : origin.description() + ": ";
    }

    private static long wholeNumber(String key, ConfigValue value) {
        if (value.valueType() == ConfigValueType.STRING) {
            String text = ((String) value.unwrapped()).trim().replace("_", "");
            boolean hex = text.startsWith("0x") || text.startsWith("0X");
            try {
                return hex ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new ConfigException.WrongType(value.origin(), key + " is not a whole number");
            }
        }
        if (value.valueType() == ConfigValueType.NUMBER && value.unwrapped() instanceof Number n
                && !(n instanceof Double) && !(n instanceof Float)) {
            return n.longValue();
        }
        throw new ConfigException.WrongType(value.origin(), key + " is not a whole number");
    }

    private interface Getter<T> {
        T get();
    }

    private <T> T read(String key, T defaultValue, Getter<T> getter, String expected) {
        asked.add(key);
        if (!config.hasPath(key)) {
            return defaultValue;
        }
        try {
            return getter.get();
        } catch (ConfigException e) {
            throw new DeviceConfigException(origin(e.origin()) + path + "." + key + ": expected " + expected);
        }
    }
}
