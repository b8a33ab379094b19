package io.tdxsim.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tdxsim.sim.run.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static JsonNode report;
    static RunResult run;

    @BeforeAll
    static void write() throws IOException {
        run = DefaultRun.result();
        DefaultRun.writeTo(dir);
        report = JSON.readTree(dir.resolve(ReportFiles.REPORT_JSON).toFile());
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void topLevelKeysInDocumentedOrder() {
        assertEquals(List.of("schema", "complete", "scenario", "outcomes", "totals", "vcpu-sample", "devices",
                "unserved", "vmm", "engine", "fairness", "grading", "ordering", "accounting", "trace", "wall"), keys(report));
        assertEquals("tdxsim-report/1", report.get("schema").asText());
        assertTrue(report.get("complete").asBoolean());
    }

    @Test
    void scenarioDescribesTheDefaultRun() {
        JsonNode s = report.get("scenario");
        assertEquals(List.of("name", "source", "seed", "mode", "handler", "kernel", "mmio-path", "gpa-width", "vcpus",
                "routers", "unassigned", "unassigned-ports", "schedule", "devices"), keys(s));
        assertTrue(s.get("kernel").asText().startsWith("upstream Linux since the 2026 port-I/O fixes"));
        assertEquals("ones", s.get("unassigned-ports").asText());
        assertEquals("default", s.get("name").asText());
        assertEquals("stress", s.get("mode").asText());
        assertEquals("linux", s.get("handler").asText());
        assertEquals("ve", s.get("mmio-path").asText());
        assertEquals(12, s.get("vcpus").asInt());
        assertEquals(2, s.get("devices").size());
        JsonNode d0 = s.get("devices").get(0);
        assertEquals(List.of("name", "model", "class", "space", "base", "size", "service-ns"), keys(d0));
        assertEquals("mmio", d0.get("space").asText());
        assertEquals("scratch0", d0.get("name").asText());
        assertEquals("0xfe000000", d0.get("base").asText());
        assertEquals(400, d0.get("service-ns").asLong());
    }

    @Test
    void countsAddUp() {
        JsonNode totals = report.get("totals");
        assertEquals(12, report.get("outcomes").get("HALTED").asLong());
        assertEquals(12, totals.get("vcpus-finished").asLong());
        long exits = totals.get("exits").asLong();
        assertEquals(4000, exits, "the default scenario makes 8 x 400 + 4 x 200 exits");
        assertEquals(exits, totals.get("reads").asLong() + totals.get("writes").asLong());
        long perDevice = report.get("unserved").get("exits").asLong();
        for (JsonNode d : report.get("devices")) {
            perDevice += d.get("exits").asLong();
            assertEquals(d.get("exits").asLong(), d.get("reads").asLong() + d.get("writes").asLong());
            assertEquals(d.get("exits").asLong(), d.get("accesses").asLong());
        }
        assertEquals(exits, perDevice);
        assertEquals(exits, report.get("vmm").get("calls").asLong());
        assertEquals(0, totals.get("failed").asLong());
        assertTrue(totals.get("virtual-ns").asLong() > 0);
    }

    @Test
    void percentilesAreOrderedAndUtilisationIsAFraction() {
        List<JsonNode> all = new ArrayList<>();
        all.add(report.get("totals").get("exit-latency-ns"));
        all.add(report.get("vmm").get("dispatch-wait-ns"));
        for (JsonNode d : report.get("devices")) {
            all.add(d.get("wait-ns"));
            all.add(d.get("service-ns"));
            all.add(d.get("exit-latency-ns"));
            double u = d.get("utilisation").asDouble();
            assertTrue(u > 0 && u <= 1, "utilisation " + u);
            assertTrue(d.get("busy-ns").asLong() > 0);
            assertTrue(d.get("state").isObject());
        }
        for (JsonNode p : all) {
            assertEquals(List.of("count", "p50", "p90", "p99", "max"), keys(p));
            assertTrue(p.get("count").asLong() > 0);
            long p50 = p.get("p50").asLong();
            long p90 = p.get("p90").asLong();
            long p99 = p.get("p99").asLong();
            long max = p.get("max").asLong();
            assertTrue(0 <= p50 && p50 <= p90 && p90 <= p99 && p99 <= max, p.toString());
        }
        JsonNode service = report.get("devices").get(0).get("service-ns");
        assertEquals(400, service.get("p50").asLong(), "scratch0 serves each access in 400ns");
        assertTrue(report.get("unserved").get("exit-latency-ns").get("p50").isNull());
    }

    @Test
    void sampleHoldsRegistersAndOutcomes() {
        JsonNode sample = report.get("vcpu-sample");
        assertEquals(12, sample.size());
        JsonNode v = sample.get(0);
        assertEquals(List.of("index", "outcome", "detail", "log", "rip", "exits", "failed-exits", "fixups",
                "instructions", "vt-ns", "interrupts", "exit-latency-ns", "registers"), keys(v));
        assertEquals("HALTED", v.get("outcome").asText());
        assertEquals(List.of("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
                "r13", "r14", "r15"), keys(v.get("registers")));
        assertTrue(v.get("rip").asText().startsWith("0x"));
        assertEquals(400, v.get("exits").asLong());
    }

    @Test
    void traceAndWallSections() {
        JsonNode trace = report.get("trace");
        assertEquals(4000, trace.get("rows").asLong());
        assertEquals(0, trace.get("dropped").asLong());
        JsonNode wall = report.get("wall");
        assertEquals(List.of("started", "wall-ns", "exits-per-second", "heap-samples"), keys(wall));
        assertEquals("2026-01-02T03:04:05Z", wall.get("started").asText());
        assertEquals(1_500_000_000L, wall.get("wall-ns").asLong());
    }

    /** Wall-clock figures belong in "wall" only, so deterministic runs can compare the rest byte for byte. */
    @Test
    void noWallClockFigureOutsideWall() {
        Set<String> names = new TreeSet<>();
        collectKeys(report, "", names);
        for (String name : names) {
            if (!name.equals("wall") && !name.startsWith("wall.")) {
                assertFalse(name.matches(".*(wall|started|per-second).*"), name);
            }
        }
    }

    @Test
    void everyKeyIsDocumented() throws IOException {
        String doc = Files.readString(DefaultRun.moduleDir().resolve("../docs/report-schema.md"));
        Set<String> names = new TreeSet<>();
        collectKeys(report, "", names);
        for (String path : names) {
            String key = path.substring(path.lastIndexOf('.') + 1);
            assertTrue(doc.contains("`" + key + "`"), "docs/report-schema.md does not document " + path);
        }
    }

    /** Dotted key paths; the contents of open-ended maps (outcomes, refusals, model state) are not keys. */
    private static void collectKeys(JsonNode node, String prefix, Set<String> out) {
        if (node.isArray()) {
            node.forEach(n -> collectKeys(n, prefix, out));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            String path = prefix.isEmpty() ? k : prefix + "." + k;
            out.add(path);
            if (!Set.of("outcomes", "refusals", "state", "registers").contains(k)) {
                collectKeys(node.get(k), path, out);
            }
        }
    }

    @Test
    void theQueueDepthSeriesCoversTheVmmAndEachDevice() {
        JsonNode depth = report.get("trace").get("queue-depth");
        assertEquals(ReportJson.DEPTH_SLICES, depth.get("vmm").size());
        assertEquals(List.of("scratch0", "counter0"), List.of(depth.get("devices").get(0).get("name").asText(),
                depth.get("devices").get(1).get("name").asText()));
        int deepest = 0;
        for (JsonNode d : depth.get("devices").get(0).get("depth")) {
            deepest = Math.max(deepest, d.asInt());
        }
        assertTrue(deepest > 0 && deepest <= 12, "twelve vCPUs, one call each at most: " + deepest);
    }

    @Test
    void progressCountedEveryVcpuAndExit() {
        assertEquals(12, DefaultRun.progress().vcpusTotal());
        assertEquals(12, DefaultRun.progress().vcpusFinished());
        assertEquals(run.totalExits(), DefaultRun.progress().exits());
    }
}
