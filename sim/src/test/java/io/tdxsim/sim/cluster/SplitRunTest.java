package io.tdxsim.sim.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tdxsim.sim.Cli;
import io.tdxsim.sim.ShippedScenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One deterministic run split over two JVMs on loopback (the run command here, a worker in a JVM
 * of its own) writes the report.json (its wall object aside) and trace.json of the same run in
 * one JVM.
 */
class SplitRunTest {

    static {
        org.slf4j.LoggerFactory.getILoggerFactory();     // bound before Akka logs, as Main does
    }

    /**
     * Four vCPUs sharing RAM: a spinlock taken with XCHG around a counter, and a counter incremented
     * without it, whose lost updates depend on the order of every access. If a node's copy of RAM
     * missed another's write, the lock or the counters would tell. A spinner backs off for 1us
     * between attempts: each attempt is a memory turn, and a turn of another node costs network
     * round trips.
     */
    static final String SHARED_RAM = """
            tdxsim {
              name = shared-ram
              mode = deterministic
              devices = [ { name = tally, model = scratch, base = 0xfe000000 } ]
              vcpus = [ { count = 4, program = lock } ]
              programs.lock = \"\"\"
                  mov rdi, 0xffffc90000001000
                  mov r8, tally
                  mov ecx, 4
              again:
                  mov rax, qword [rdi + 8]
                  inc rax
                  mov qword [rdi + 8], rax
                  mov eax, 1
              spin:
                  xchg eax, dword [rdi]
                  test eax, eax
                  jz locked
                  mov r9d, 25
              backoff:
                  pause
                  dec r9d
                  jnz backoff
                  jmp spin
              locked:
                  mov rax, qword [rdi + 16]
                  inc rax
                  mov qword [rdi + 16], rax
                  mov qword [r8], rax
                  mov dword [rdi], 0
                  dec ecx
                  jnz again
                  mov rbx, qword [rdi + 8]
                  mov rdx, qword [rdi + 16]
                  hlt
              \"\"\"
            }
            """;

    @Test
    void manyVcpusOnOneDeviceSplitAsInOneJvm(@TempDir Path tmp) throws Exception {
        // 256 vCPUs ringing one doorbell, two runs (outcomes.repeat): the worker wires each afresh
        List<String> out = assertSplitAsInOneJvm(tmp, ShippedScenarios.file("doorbell-ordering.conf"),
                "--set", "mode=deterministic", "--set", "outcomes.repeat=2");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("  exits     10,240 total")), out::toString);
    }

    @Test
    void programsSharingRamSplitAsInOneJvm(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("shared-ram.conf");
        Files.writeString(file, SHARED_RAM);
        List<String> out = assertSplitAsInOneJvm(tmp, file);
        // the lock kept every one of the 16 increments under it; the last holder wrote 16 to the device
        assertTrue(out.stream().anyMatch(l -> l.matches("  tally +q0=0x10 .*")), out::toString);
    }

    /** Runs {@code file} split over this JVM and a worker, then here alone; returns the split run's output. */
    private static List<String> assertSplitAsInOneJvm(Path tmp, Path file, String... sets) throws Exception {
        String at = "127.0.0.1:" + Jvm.freePort();
        Path split = tmp.resolve("split");
        Path alone = tmp.resolve("alone");
        Cli.Outcome splitRun;
        try (Jvm worker = Jvm.start("worker", "--join", at, "--join-timeout", "120s")) {
            splitRun = Cli.execute(args(file, split, sets, "--cluster", at));
            assertEquals(0, splitRun.exit(), () -> splitRun + "\n" + worker);
            assertEquals(0, worker.exit(60), worker::toString);
            assertTrue(worker.out().stream().anyMatch(l -> l.matches("tdxsim worker: the run of \\S+ is over; "
                    + "this worker ran vCPUs \\d+\\.\\.\\d+")), worker::toString);
        }
        assertTrue(splitRun.err().lines().anyMatch(l -> l.matches("tdxsim run: worker 127\\.0\\.0\\.1:\\d+ joined, "
                + "vCPUs \\d+\\.\\.\\d+")), splitRun::toString);
        Cli.Outcome aloneRun = Cli.execute(args(file, alone, sets));
        assertEquals(0, aloneRun.exit(), aloneRun::toString);
        assertEquals(withoutWall(alone), withoutWall(split), "report.json, its wall object aside");
        assertEquals(Files.readString(alone.resolve("trace.json")), Files.readString(split.resolve("trace.json")));
        List<String> lines = splitRun.out().lines().toList();
        assertEquals(aloneRun.out().lines().filter(l -> l.startsWith("  device ") || l.startsWith("  exits ")).toList(),
                lines.stream().filter(l -> l.startsWith("  device ") || l.startsWith("  exits ")).toList());
        return lines;
    }

    private static String[] args(Path file, Path out, String[] sets, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--no-progress", "--out", out.toString()));
        a.addAll(List.of(sets));
        a.addAll(List.of(more));
        a.add(file.toString());
        return a.toArray(String[]::new);
    }

    private static JsonNode withoutWall(Path dir) throws Exception {
        ObjectNode report = (ObjectNode) new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        report.remove("wall");
        return report;
    }
}
