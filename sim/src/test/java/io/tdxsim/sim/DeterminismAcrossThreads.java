package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs one scenario in deterministic mode at several dispatcher sizes, its vCPUs spread over
 * actors in different ways (one each, three actors, the default) and the VMM and devices on
 * the vCPUs' threads, one or two of their own, and checks that every file
 * it writes is byte-identical, the wall-clock parts aside: report.json without its "wall"
 * object, report.html before its wall section, trace.json, scenario.conf and any replay file.
 */
final class DeterminismAcrossThreads {

    private DeterminismAcrossThreads() {
    }

    static void check(Path scenario, Path tmp, String... overrides) throws IOException {
        List<Path> outs = new ArrayList<>();
        // dispatcher threads, then the variant's own settings
        String[][] variants = {{"1", "run.vcpu-actors=0", "run.serving-threads=0"},
                {"2", "run.vcpu-actors=3", "run.serving-above-vcpus=0"},
                {"4", "run.serving-threads=2", "run.serving-above-vcpus=0"}};
        for (String[] variant : variants) {
            Path out = tmp.resolve("threads-" + variant[0]);
            List<String> args = new ArrayList<>(List.of("run", "--no-progress", "--out", out.toString(),
                    "--set", "mode=deterministic", "--set", "run.dispatcher-threads=" + variant[0]));
            for (int i = 1; i < variant.length; i++) {
                args.add("--set");
                args.add(variant[i]);
            }
            for (String o : overrides) {
                args.add("--set");
                args.add(o);
            }
            args.add(scenario.toString());
            Cli.Outcome run = Cli.execute(args.toArray(String[]::new));
            assertTrue(run.exit() == 0 || run.exit() == 1, run::toString);
            var engine = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("engine");
            assertEquals(0, engine.get("lookahead-misses").asLong(), "no answer came sooner than the engine's lookahead allowed");
            for (var server : engine.get("servers")) {
                if (server.get("server").asText().equals("vmm")) {
                    assertEquals(0, server.get("out-of-order").asLong(),
                            () -> "every call starts at the VMM in virtual-time order: " + scenario.getFileName());
                }
            }
            outs.add(out);
        }
        Path first = outs.get(0);
        List<String> names = files(first);
        assertTrue(names.contains("trace.json") && names.contains("report.json"), names::toString);
        for (Path other : outs.subList(1, outs.size())) {
            assertEquals(names, files(other), "the same files");
            for (String name : names) {
                assertArrayEquals(comparable(first.resolve(name)), comparable(other.resolve(name)),
                        () -> name + " differs between " + first.getFileName() + " and " + other.getFileName()
                                + " of " + scenario.getFileName());
            }
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] comparable(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.equals("report.json")) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode report = (ObjectNode) json.readTree(file.toFile());
            report.remove("wall");
            return json.writeValueAsBytes(report);
        }
        if (name.equals("report.html")) {
            String html = Files.readString(file);
            int wall = html.indexOf("<section id=\"wall\"");
            assertTrue(wall > 0, "report.html has a wall section");
            return html.substring(0, wall).getBytes(StandardCharsets.UTF_8);
        }
        return Files.readAllBytes(file);
    }
}
