package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit-code rule of the README: a run whose model failed without injected faults, or whose
 * vCPUs all ended abnormally, exits 1 unless the scenario grades outcomes or accepts failures.
 */
class FailedRunExitCodeTest {

    @TempDir
    Path tmp;

    private static final String THROWING = """
            tdxsim {
              name = throwing
              %s
              devices = [ { name = dev0, class = "io.tdxsim.sim.run.ThrowingDevice", base = 0xfe000000 %s } ]
              vcpus = [ { count = 3, program = main } ]
              programs.main = \"""
                mov rdi, dev0
                mov eax, [rdi]
                mov dword [rdi + 4], eax
                hlt
              \"""
            }
            """;

    /** Under the linux handler an instruction the decoder does not know oopses the vCPU. */
    private static final String OOPSING = """
            tdxsim {
              name = oopsing
              %s
              devices = [ { name = dev0, model = scratch, base = 0xfe000000 } ]
              vcpus = [ { count = %d, program = main } ]
              programs.main = \"""
                mov rsi, dev0
                cmp dword [rsi], 7
                hlt
              \"""
            }
            """;

    private Path lastOut;

    private Cli.Outcome run(String text) throws IOException {
        Path file = Files.writeString(tmp.resolve("s" + System.nanoTime() + ".conf"), text);
        lastOut = tmp.resolve("out" + System.nanoTime());
        return Cli.execute("run", "--no-progress", "--out", lastOut.toString(), file.toString());
    }

    private String reportedFailure() throws IOException {
        com.fasterxml.jackson.databind.JsonNode f = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(lastOut.resolve("report.json").toFile()).get("grading").get("failure");
        return f.isNull() ? null : f.asText();
    }

    @Test
    void aModelThatThrowsOnEveryAccessFailsTheRun() throws IOException {
        Cli.Outcome r = run(THROWING.formatted("", ""));
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains("tdxsim: the run failed: device 'dev0' failed on "), r::toString);
        assertTrue(r.err().contains(ThrowingDevice.MESSAGE), r::toString);
    }

    @Test
    void injectedThrowsAreWhatTheScenarioAskedFor() throws IOException {
        Cli.Outcome r = run(OOPSING.formatted("guest.handler = architectural", 2)
                .replace("model = scratch, base = 0xfe000000",
                        "model = scratch, base = 0xfe000000, faults { throw-every = 2 }"));
        assertEquals(0, r.exit(), r::toString);
    }

    @Test
    void everyVcpuEndingAbnormallyFailsTheRun() throws IOException {
        Cli.Outcome r = run(OOPSING.formatted("", 4));
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("4 OOPS"), r::toString);
        assertTrue(r.err().contains("the run failed: every vCPU ended abnormally (4 OOPS)"), r::toString);
        assertEquals("every vCPU ended abnormally (4 OOPS)", reportedFailure(), "report.json says so too");
    }

    @Test
    void theSameCodeUnderTheArchitecturalHandlerHaltsAndPasses() throws IOException {
        Cli.Outcome r = run(OOPSING.formatted("guest.handler = architectural", 4));
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.err(), r::toString);
        assertEquals(null, reportedFailure());
    }

    @Test
    void aScenarioMayAcceptTheFailuresItShowsOnPurpose() throws IOException {
        assertEquals(0, run(OOPSING.formatted("outcomes.accept-failures = true", 4)).exit());
        assertEquals(0, run(THROWING.formatted("outcomes.accept-failures = true", "")).exit());
    }

    @Test
    void gradedOutcomesDecideInsteadOfTheRule() throws IOException {
        String graded = "outcomes { key = \"{outcomes.OOPS}\", grades = [ { id = \"4\", grade = ACCEPTABLE } ] }";
        assertEquals(0, run(OOPSING.formatted(graded, 4)).exit());
        String forbidden = "outcomes { key = \"{outcomes.OOPS}\", grades = [ { id = \"0\", grade = ACCEPTABLE } ] }";
        assertEquals(1, run(OOPSING.formatted(forbidden, 4)).exit());
    }
}
