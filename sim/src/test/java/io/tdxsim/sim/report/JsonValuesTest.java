package io.tdxsim.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Device state in report.json: 64-bit register contents as hex strings, no number a reader rounds. */
class JsonValuesTest {

    private static String state(Map<String, Object> state) throws Exception {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            JsonValues.state(g, state);
        }
        return w.toString();
    }

    @Test
    void registerContentsAreHexStringsEvenWhenNegativeAsALong() throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("q0", -3819410105021136767L);
        s.put("reads", 3L);
        String json = state(s);
        assertEquals("{\"q0\":\"0xcafebabedead8081\",\"reads\":3}", json);
        JsonNode node = new ObjectMapper().readTree(json);
        assertEquals(-3819410105021136767L, Long.parseUnsignedLong(node.get("q0").asText().substring(2), 16));
    }

    @Test
    void countsTooLargeForADoubleAreExactDecimalStrings() throws Exception {
        assertEquals("{\"big\":\"9007199254740993\",\"small\":9007199254740992}",
                state(Map.of("big", (1L << 53) + 1, "small", 1L << 53)));
    }

    @Test
    void nestedMapsFollowTheSameRules() throws Exception {
        assertEquals("{\"t0\":{\"status\":\"0xff\"}}", state(Map.of("t0", Map.of("status", 255L))));
    }
}
