package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deterministic mode end to end: the same contended scenario gives byte-identical trace.json and
 * report.json (the "wall" object aside), run to run and with one or four dispatcher threads.
 */
class DeterministicFilesTest {

    private static final String SCENARIO = """
            tdxsim {
              name = contended
              mode = deterministic
              devices = [
                { name = counter0, model = counter, base = 0xfe000000, service = 700ns }
                { name = lockless, model = scratch, base = 0xfe001000, params { concurrent = true } }
              ]
              vcpus = [
                { count = 24, program = inc }
                { count = 8, workload { targets = [counter0, lockless], read = 60%, sizes = [4, 8], exits = 40 } }
              ]
              programs.inc = \"\"\"
                  mov rdi, counter0
                  mov ecx, 30
              again:
                  mov rax, qword [rdi]
                  inc rax
                  mov qword [rdi], rax
                  dec ecx
                  jnz again
                  hlt
              \"\"\"
            }
            """;

    private static Path run(Path tmp, String name, int threads) throws Exception {
        Path scenario = tmp.resolve("contended.conf");
        Files.writeString(scenario, SCENARIO);
        Path out = tmp.resolve(name);
        Cli.Outcome o = Cli.execute("run", "--no-progress", "--out", out.toString(),
                "--set", "run.dispatcher-threads=" + threads, scenario.toString());
        assertEquals(0, o.exit(), o::toString);
        return out;
    }

    private static byte[] reportWithoutWall(Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = (ObjectNode) json.readTree(dir.resolve("report.json").toFile());
        report.remove("wall");
        return json.writeValueAsBytes(report);
    }

    @Test
    void sameScenarioSameFilesAtAnyDispatcherSize(@TempDir Path tmp) throws Exception {
        Path first = run(tmp, "first", 1);
        Path again = run(tmp, "again", 1);
        Path wide = run(tmp, "wide", 4);
        for (Path other : new Path[] {again, wide}) {
            assertArrayEquals(Files.readAllBytes(first.resolve("trace.json")), Files.readAllBytes(other.resolve("trace.json")),
                    "trace.json differs: " + other);
            assertArrayEquals(reportWithoutWall(first), reportWithoutWall(other), "report.json differs: " + other);
        }
    }
}
