package io.tdxsim.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DeviceCatalogTest {

    private static final ClassLoader LOADER = DeviceCatalogTest.class.getClassLoader();

    /** Has only a constructor the catalog cannot call. */
    public static final class NeedsAString implements MmioDevice {
        public NeedsAString(String unused) {
        }

        @Override
        public long read(long offset, int size, AccessContext ctx) {
            return 0;
        }

        @Override
        public void write(long offset, int size, long value, AccessContext ctx) {
        }
    }

    /** A user device that takes its params. */
    public static final class Depth implements MmioDevice {
        final int depth;

        public Depth(DeviceParams params) {
            depth = params.getInt("depth", 1);
        }

        @Override
        public long read(long offset, int size, AccessContext ctx) {
            return depth;
        }

        @Override
        public void write(long offset, int size, long value, AccessContext ctx) {
        }
    }

    /** Fails while being built, with a message spanning lines. */
    public static final class Broken implements MmioDevice {
        public Broken() {
            throw new IllegalStateException("first line\nsecond line");
        }

        @Override
        public long read(long offset, int size, AccessContext ctx) {
            return 0;
        }

        @Override
        public void write(long offset, int size, long value, AccessContext ctx) {
        }
    }

    private static String failure(Executable action) {
        String message = assertThrows(DeviceConfigException.class, action).getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        return message;
    }

    @Test
    void builtInsAreListedInRegistrationOrder() {
        List<String> names = DeviceCatalog.builtIns().stream().map(DeviceModel::name).toList();
        assertEquals(List.of("scratch", "counter", "uart16550", "virtio-mmio", "edu", "hpet", "doorbell"), names);
    }

    @Test
    void builtInLooksUpByName() {
        assertSame(HpetDevice.MODEL, DeviceCatalog.builtIn("hpet"));
        assertInstanceOf(Uart16550Device.class, DeviceCatalog.builtIn("uart16550").create(DeviceParams.empty()));
    }

    @Test
    void unknownModelNameErrorListsBuiltIns() {
        String message = failure(() -> DeviceCatalog.builtIn("uart8250"));
        assertEquals("unknown device model 'uart8250'; built-in models: "
                + "scratch, counter, uart16550, virtio-mmio, edu, hpet, doorbell", message);
    }

    @Test
    void everyBuiltInBuildsFromEmptyParamsAndDescribesItself() {
        for (DeviceModel model : DeviceCatalog.builtIns()) {
            MmioDevice device = model.create(DeviceParams.empty());
            assertNotNull(device.contract(), model.name());
            assertNotNull(device.snapshot(), model.name());
            assertFalse(model.summary().isBlank(), model.name());
            assertFalse(model.registers().isEmpty(), model.name());
            Set<Long> offsets = new HashSet<>();
            for (DeviceModel.Register r : model.registers()) {
                assertTrue(offsets.add(r.offset()), model.name() + " lists offset " + r.offset() + " twice");
                assertTrue(device.contract().accepts(r.offset(), r.size())
                        || r.size() > device.contract().validMax(), model.name() + " " + r.name());
            }
        }
    }

    @Test
    void loadBuildsUserClassWithParams() {
        MmioDevice device = DeviceCatalog.load(Depth.class.getName(), DeviceParams.of(Map.of("depth", 8)), LOADER);
        assertEquals(8L, device.read(0, 4, TestContext.at(0)));
    }

    @Test
    void loadFallsBackToNoArgumentConstructor() {
        assertInstanceOf(DoorbellDevice.class,
                DeviceCatalog.load(DoorbellDevice.class.getName(), DeviceParams.empty(), LOADER));
    }

    @Test
    void loadOfMissingClassSaysNotFound() {
        assertEquals("device class 'org.example.Nope' not found on the classpath",
                failure(() -> DeviceCatalog.load("org.example.Nope", DeviceParams.empty(), LOADER)));
    }

    @Test
    void loadOfClassNotImplementingMmioDeviceSaysSo() {
        assertEquals("device class 'java.lang.String' does not implement io.tdxsim.devices.MmioDevice",
                failure(() -> DeviceCatalog.load("java.lang.String", DeviceParams.empty(), LOADER)));
    }

    @Test
    void loadOfClassWithoutSuitableConstructorNamesTheConstructorsItNeeds() {
        assertEquals("device class '" + NeedsAString.class.getName()
                        + "' needs a public constructor taking DeviceParams or no arguments",
                failure(() -> DeviceCatalog.load(NeedsAString.class.getName(), DeviceParams.empty(), LOADER)));
    }

    @Test
    void loadOfClassFailingInItsConstructorGivesOneLine() {
        String message = failure(() -> DeviceCatalog.load(Broken.class.getName(), DeviceParams.empty(), LOADER));
        assertTrue(message.endsWith("failed in its constructor: java.lang.IllegalStateException: first line second line"),
                message);
    }

    @Test
    void loadPassesOnParamErrorsFromTheConstructor() {
        String message = failure(() -> DeviceCatalog.load(Depth.class.getName(),
                DeviceParams.of(Map.of("depth", "deep")), LOADER));
        assertTrue(message.endsWith("params.depth: expected a whole number"), message);
    }
}
