package io.tdxsim.devices;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Function;

/**
 * A built-in model: how to build it and what to tell a user about it ({@code tdxsim devices}).
 */
public record DeviceModel(String name, String summary, List<Register> registers, List<Param> params,
                          Function<DeviceParams, MmioDevice> factory) {

    /** One register as a driver author sees it. */
    public record Register(long offset, String name, int size, String access, String description) { }

    /** One key of the device's {@code params} block. */
    public record Param(String key, String defaultValue, String description) { }

    /** The params keys the model accepts, from its documented list. */
    public Set<String> paramKeys() {
        return params.stream().map(Param::key).collect(Collectors.toUnmodifiableSet());
    }

    public MmioDevice create(DeviceParams params) {
        return factory.apply(params);
    }
}
