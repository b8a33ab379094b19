package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceStateLineTest {

    @Test
    void registerContentsAreHexAndCountsDecimal() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", 15L);
        state.put("notifications", 12L);
        assertEquals("status=0xf notifications=12", DeviceStateLine.format(state));
    }

    @Test
    void aModelsOwnOrderIsKeptAndUnorderedMapsAreSorted() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("z", 1L);
        ordered.put("a", 2L);
        assertEquals("z=1 a=2", DeviceStateLine.format(ordered));
        assertEquals("a=2 z=1", DeviceStateLine.format(Map.of("z", 1L, "a", 2L)));
    }

    @Test
    void textIsQuotedEscapedAndCutShort() {
        assertEquals("tx=\"hi\\n\\x01\"", DeviceStateLine.format(Map.of("tx", "hi\n\u0001")));
        String line = DeviceStateLine.format(Map.of("tx", "x".repeat(100)));
        assertEquals("tx=\"" + "x".repeat(DeviceStateLine.MAX_TEXT) + "\"...(100 chars)", line);
    }
}
