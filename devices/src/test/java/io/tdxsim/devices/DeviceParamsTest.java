package io.tdxsim.devices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import org.junit.jupiter.api.Test;

class DeviceParamsTest {

    private static DeviceParams parse(String hocon) {
        return new DeviceParams(ConfigFactory.parseString(hocon,
                ConfigParseOptions.defaults().setOriginDescription("scenario.conf")), "devices[0].params");
    }

    @Test
    void wholeNumbersMayBeHexStrings() {
        DeviceParams p = parse("features = \"0x1_0000_0040\"\nid = \"0xffffffffffffffff\"\nn = \"42\"");
        assertEquals(0x1_0000_0040L, p.getLong("features", 0));
        assertEquals(-1L, p.getLong("id", 0));
        assertEquals(42, p.getInt("n", 0));
    }

    @Test
    void missingKeysTakeTheirDefaults() {
        DeviceParams p = parse("");
        assertEquals(7L, p.getLong("x", 7));
        assertArrayEquals(new byte[] {1}, p.getBytes("config", new byte[] {1}));
        assertEquals(500L, p.getDurationNs("t", 500));
    }

    @Test
    void wrongTypeErrorNamesFileLineAndKey() {
        DeviceParams p = parse("a = 1\ndepth = deep");
        DeviceConfigException e = assertThrows(DeviceConfigException.class, () -> p.getInt("depth", 1));
        assertEquals("scenario.conf: 2: devices[0].params.depth: expected a whole number", e.getMessage());
    }

    @Test
    void intThatDoesNotFitIsRejected() {
        DeviceParams p = parse("n = 5000000000");
        DeviceConfigException e = assertThrows(DeviceConfigException.class, () -> p.getInt("n", 1));
        assertEquals("scenario.conf: 1: devices[0].params.n: expected a whole number that fits in 32 bits, "
                + "got 5000000000", e.getMessage());
    }

    @Test
    void fractionalNumbersAreNotWholeNumbers() {
        DeviceParams p = parse("n = 1.5");
        assertThrows(DeviceConfigException.class, () -> p.getLong("n", 1));
    }

    @Test
    void byteListsAcceptNumbersAndHex() {
        DeviceParams p = parse("config = [1, \"0xff\", 0]");
        assertArrayEquals(new byte[] {1, (byte) 0xFF, 0}, p.getBytes("config", new byte[0]));
    }

    @Test
    void byteOutOfRangeNamesElement() {
        DeviceParams p = parse("config = [1, 256]");
        DeviceConfigException e = assertThrows(DeviceConfigException.class, () -> p.getBytes("config", new byte[0]));
        assertEquals("scenario.conf: 1: devices[0].params.config: expected bytes 0..255, element 1 is 256",
                e.getMessage());
    }

    @Test
    void durationsConvertToNanoseconds() {
        assertEquals(2_000L, parse("t = 2us").getDurationNs("t", 0));
    }
}
