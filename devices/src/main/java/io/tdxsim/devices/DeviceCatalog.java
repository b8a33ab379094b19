package io.tdxsim.devices;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Built-in models by name, and loading of user models by class name. */
public final class DeviceCatalog {

    private static final Map<String, DeviceModel> BUILT_IN = new LinkedHashMap<>();

    static {
        register(ScratchDevice.MODEL);
        register(CounterDevice.MODEL);
        register(Uart16550Device.MODEL);
        register(VirtioMmioDevice.MODEL);
        register(EduDevice.MODEL);
        register(HpetDevice.MODEL);
        register(DoorbellDevice.MODEL);
    }

    private DeviceCatalog() {
    }

    private static void register(DeviceModel model) {
        BUILT_IN.put(model.name(), model);
    }

    public static Collection<DeviceModel> builtIns() {
        return Collections.unmodifiableCollection(BUILT_IN.values());
    }

    public static DeviceModel builtIn(String name) {
        DeviceModel model = BUILT_IN.get(name);
        if (model == null) {
            throw new DeviceConfigException("unknown device model '" + name + "'; built-in models: "
                    + String.join(", ", BUILT_IN.keySet()));
        }
        return model;
    }

    /**
     * Instantiates {@code className}: it must implement {@link MmioDevice} and have a public
     * constructor taking {@link DeviceParams} or none.
     */
    public static MmioDevice load(String className, DeviceParams params, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader != null ? loader : DeviceCatalog.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new DeviceConfigException("device class '" + className + "' not found on the classpath");
        } catch (LinkageError e) {
            throw new DeviceConfigException("device class '" + className + "' cannot be loaded: " + oneLine(e));
        }
        if (!MmioDevice.class.isAssignableFrom(type)) {
            throw new DeviceConfigException("device class '" + className + "' does not implement "
                    + MmioDevice.class.getName());
        }
        try {
            try {
                Constructor<?> withParams = type.getConstructor(DeviceParams.class);
                return (MmioDevice) withParams.newInstance(params);
            } catch (NoSuchMethodException e) {
                return (MmioDevice) type.getConstructor().newInstance();
            }
        } catch (NoSuchMethodException e) {
            throw new DeviceConfigException("device class '" + className
                    + "' needs a public constructor taking DeviceParams or no arguments");
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DeviceConfigException dce) {
                throw dce;
            }
            throw new DeviceConfigException("device class '" + className + "' failed in its constructor: "
                    + oneLine(cause));
        } catch (ReflectiveOperationException e) {
            throw new DeviceConfigException("device class '" + className + "' cannot be instantiated: " + oneLine(e));
        }
    }

    /** Scenario errors are shown as one line; exception messages may span several. */
    private static String oneLine(Throwable t) {
        return t.toString().replaceAll("\\s*\\R\\s*", " ");
    }
}
