package io.tdxsim.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    static Path dir;
    static JsonNode trace;

    @BeforeAll
    static void write() throws IOException {
        DefaultRun.writeTo(dir);
        trace = JSON.readTree(dir.resolve(ReportFiles.TRACE_JSON).toFile());
    }

    private static List<JsonNode> events(String ph) {
        List<JsonNode> out = new ArrayList<>();
        trace.get("traceEvents").forEach(e -> {
            if (e.get("ph").asText().equals(ph)) {
                out.add(e);
            }
        });
        return out;
    }

    /** (pid, tid) to thread name. */
    private static Map<String, String> threads() {
        Map<String, String> names = new TreeMap<>();
        for (JsonNode m : events("M")) {
            if (m.get("name").asText().equals("thread_name")) {
                String old = names.put(m.get("pid").asInt() + "/" + m.get("tid").asInt(),
                        m.get("args").get("name").asText());
                assertEquals(null, old, "a track is named twice");
            }
        }
        return names;
    }

    @Test
    void isATraceEventObject() {
        assertEquals("ns", trace.get("displayTimeUnit").asText());
        assertTrue(trace.get("traceEvents").isArray());
        assertEquals(4000, trace.get("otherData").get("exitsTraced").asLong());
        assertEquals(0, trace.get("otherData").get("exitsDropped").asLong());
    }

    @Test
    void everyEventHasTheRequiredFields() {
        for (JsonNode e : trace.get("traceEvents")) {
            assertTrue(e.get("name").isTextual(), e.toString());
            assertTrue(e.get("pid").isInt(), e.toString());
            assertTrue(e.get("tid").isInt(), e.toString());
            String ph = e.get("ph").asText();
            switch (ph) {
                case "M" -> assertTrue(e.get("args").isObject(), e.toString());
                case "X" -> {
                    assertTrue(e.get("ts").isNumber() && e.get("dur").isNumber(), e.toString());
                    assertTrue(e.get("dur").decimalValue().signum() >= 0, e.toString());
                }
                case "b", "e" -> assertTrue(e.get("ts").isNumber() && e.get("id").isTextual()
                        && e.get("cat").isTextual(), e.toString());
                case "i" -> assertTrue(e.get("ts").isNumber());
                case "s", "t", "f" -> assertTrue(e.get("ts").isNumber() && e.get("id").isTextual(), e.toString());
                default -> throw new AssertionError("unexpected phase " + ph);
            }
        }
    }

    @Test
    void oneTrackPerVcpuAndPerDevicePlusTheVmm() {
        Map<String, String> threads = threads();
        for (int v = 0; v < 12; v++) {
            assertEquals("vcpu " + v, threads.get("1/" + (v + 1)));
        }
        List<String> deviceTracks = new ArrayList<>();
        threads.forEach((k, name) -> {
            if (k.startsWith("2/")) {
                deviceTracks.add(name);
            }
        });
        assertEquals(List.of("VMM", "scratch0", "counter0"), deviceTracks.stream().sorted((a, b) ->
                Integer.compare(order(a), order(b))).toList());
        assertEquals(15, threads.size());
        long processNames = events("M").stream().filter(m -> m.get("name").asText().equals("process_name")).count();
        assertEquals(2, processNames);
    }

    private static int order(String track) {
        return List.of("VMM", "scratch0", "counter0").indexOf(track);
    }

    @Test
    void spansSitOnNamedTracksWithoutOverlapping() {
        Map<String, String> threads = threads();
        Map<String, List<BigDecimal[]>> byTrack = new HashMap<>();
        int exits = 0;
        int services = 0;
        for (JsonNode x : events("X")) {
            String track = x.get("pid").asInt() + "/" + x.get("tid").asInt();
            assertNotNull(threads.get(track), "span on an unnamed track: " + x);
            if (x.get("cat").asText().equals("phase")) {
                continue;                                // nested in its exit's span: checked apart
            }
            BigDecimal ts = x.get("ts").decimalValue();
            byTrack.computeIfAbsent(track, k -> new ArrayList<>()).add(new BigDecimal[] {ts, ts.add(x.get("dur").decimalValue())});
            String name = x.get("name").asText();
            if (name.startsWith("#VE ")) {
                exits++;
                assertTrue(name.matches("#VE (read|write) (scratch0|counter0) \\+0x[0-9a-f]+"), name);
            } else if (name.startsWith("service vcpu ")) {
                services++;
            }
        }
        assertEquals(4000, exits);
        assertEquals(4000, services);
        byTrack.forEach((track, spans) -> {
            spans.sort((a, b) -> a[0].compareTo(b[0]));
            for (int i = 1; i < spans.size(); i++) {
                assertTrue(spans.get(i)[0].compareTo(spans.get(i - 1)[1]) >= 0,
                        "overlapping spans on " + threads.get(track) + " at " + spans.get(i)[0]);
            }
        });
    }

    @Test
    void eachExitsPhasesFollowOneAnotherInsideItsSpan() {
        List<JsonNode> all = events("X");
        int phases = 0;
        for (int i = 0; i < all.size(); i++) {
            JsonNode exit = all.get(i);
            if (!exit.get("cat").asText().equals("exit")) {
                continue;
            }
            BigDecimal start = exit.get("ts").decimalValue();
            BigDecimal end = start.add(exit.get("dur").decimalValue());
            BigDecimal cursor = start;
            List<String> names = new ArrayList<>();
            for (int j = i + 1; j < all.size() && all.get(j).get("cat").asText().equals("phase"); j++) {
                JsonNode p = all.get(j);
                BigDecimal from = p.get("ts").decimalValue();
                assertEquals(exit.get("tid").asInt(), p.get("tid").asInt());
                assertTrue(from.compareTo(cursor) >= 0, () -> "phase " + p + " starts before the one before it");
                cursor = from.add(p.get("dur").decimalValue());
                assertTrue(cursor.compareTo(end) <= 0, () -> "phase " + p + " ends after its exit " + exit);
                names.add(p.get("name").asText());
                phases++;
            }
            assertEquals("#VE and decode", names.get(0), exit::toString);
            assertEquals("TD entry", names.get(names.size() - 1), exit::toString);
            assertTrue(names.contains("VMM dispatch"), exit::toString);
        }
        assertTrue(phases >= 4000 * 5, "phases: " + phases);
    }

    @Test
    void aFlowLinksEachExitFromTheVcpuThroughTheVmmAndDeviceBack() {
        Map<String, List<String>> flows = new HashMap<>();
        for (JsonNode e : trace.get("traceEvents")) {
            String ph = e.get("ph").asText();
            if (ph.equals("s") || ph.equals("t") || ph.equals("f")) {
                flows.computeIfAbsent(e.get("id").asText(), k -> new ArrayList<>())
                        .add(ph + "@" + e.get("pid").asInt());
            }
        }
        assertEquals(4000, flows.size());
        flows.values().forEach(steps -> assertEquals(List.of("s@1", "t@2", "t@2", "f@1"), steps));
    }

    @Test
    void exitsAreInVirtualTimeOrder() {
        BigDecimal last = BigDecimal.ZERO;
        for (JsonNode x : events("X")) {
            if (x.get("name").asText().startsWith("#VE ")) {
                BigDecimal ts = x.get("ts").decimalValue();
                assertTrue(ts.compareTo(last) >= 0, "exit at " + ts + " after one at " + last);
                last = ts;
            }
        }
    }

    @Test
    void asyncWaitsArePaired() {
        Map<String, Integer> open = new HashMap<>();
        for (JsonNode e : trace.get("traceEvents")) {
            String ph = e.get("ph").asText();
            if (ph.equals("b") || ph.equals("e")) {
                open.merge(e.get("cat").asText() + "/" + e.get("id").asText(), ph.equals("b") ? 1 : -1, Integer::sum);
            }
        }
        open.forEach((id, n) -> assertEquals(0, n, "unbalanced async span " + id));
    }

    @Test
    void droppedRowsAreStatedInTheMetadata(@TempDir Path out) throws IOException {
        ReportFiles.write(SyntheticRun.run(0, 10), DefaultRun.WALL, out);
        JsonNode small = JSON.readTree(out.resolve(ReportFiles.TRACE_JSON).toFile());
        JsonNode other = small.get("otherData");
        assertEquals(10, other.get("exitsTraced").asLong());
        assertEquals(SyntheticRun.VCPUS * SyntheticRun.PER_VCPU - 10, other.get("exitsDropped").asLong());
        assertTrue(other.get("truncated").asText().contains("not in this trace"));
        boolean marked = false;
        for (JsonNode e : small.get("traceEvents")) {
            marked |= e.get("ph").asText().equals("i") && e.get("name").asText().startsWith("trace truncated");
        }
        assertTrue(marked, "a truncated trace ends with an instant event saying so");
    }

    @Test
    void microsecondsKeepNanoseconds() {
        assertEquals("0", TraceJson.micros(0));
        assertEquals("1.5", TraceJson.micros(1500).replaceAll("0+$", ""));
        assertEquals("1.005", TraceJson.micros(1005));
        assertEquals("12", TraceJson.micros(12000));
        assertEquals("0.001", TraceJson.micros(1));
    }
}
