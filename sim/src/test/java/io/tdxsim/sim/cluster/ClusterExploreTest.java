package io.tdxsim.sim.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.Cli;
import io.tdxsim.sim.RacyIncrement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign over three JVMs on loopback: the explore command as coordinator and two workers,
 * one of them killed with SIGKILL halfway. Nothing is lost, and the result is the one JVM's.
 */
class ClusterExploreTest {

    /** Small enough that 200 seeds take seconds; racy enough that seeds differ and some are listed. */
    static final String RACE = """
            tdxsim {
              name = race
              schedule { preemptions = 2, preemption = 20us, within = 100us }
              devices = [ { name = racy, model = counter, base = 0xfe000000 } ]
              vcpus = [ { count = 3, program = inc } ]
              outcomes {
                key = "{racy.value}"
                grades = [
                  { id = "12", grade = ACCEPTABLE, desc = "no update lost" }
                  { id = "[5-9]|1[01]", grade = ACCEPTABLE, desc = "some lost" }
                  { id = ".*", grade = ACCEPTABLE_INTERESTING, desc = "two thirds lost or more" }
                ]
              }
            """ + RacyIncrement.program("racy", 4, "") + "}\n";

    @Test
    void aWorkerKilledHalfwayLosesNothingAndTheResultIsTheOneJvmResult(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("race.conf");
        Files.writeString(file, RACE);
        String at = "127.0.0.1:" + Jvm.freePort();
        List<String> clustered;
        int clusteredExit;
        try (Jvm coordinator = Jvm.start("explore", "--no-progress", "--seeds", "200", "--reports", "0", "--cluster", at,
                file.toString());
             Jvm doomed = Jvm.start("worker", "--join", at, "--jobs", "2")) {
            // the doomed worker joins first, so it surely holds seeds when it is killed
            assertTrue(coordinator.awaitErr(l -> l.endsWith("joined, 2 seeds at once"), 180), coordinator::toString);
            Jvm survivor = Jvm.start("worker", "--join", at, "--jobs", "1");
            try (survivor) {
                assertTrue(coordinator.awaitErr(l -> l.contains(" 100 of 200 seeds done"), 180), coordinator::toString);
                doomed.kill();
                clusteredExit = coordinator.exit(180);
                assertTrue(clusteredExit >= 0, () -> "the coordinator ends:\n" + coordinator);
                assertEquals(0, survivor.exit(60), survivor::toString);
            }
            assertTrue(survivor.out().stream().anyMatch(l -> l.startsWith("tdxsim worker: the campaign of race is over")),
                    survivor::toString);
            assertTrue(coordinator.err().stream().anyMatch(l -> l.matches(
                    "tdxsim explore: worker 127\\.0\\.0\\.1:\\d+ (unreachable|left); [1-9]\\d* seeds? it held will run elsewhere")),
                    coordinator::toString);
            assertTrue(coordinator.err().stream().anyMatch(l -> l.contains(" 200 of 200 seeds done, 1 worker")),
                    coordinator::toString);
            clustered = coordinator.out();
            assertTrue(clustered.get(0).contains("seeds 1..200, on the workers that join " + at), clustered::toString);
        }
        Cli.Outcome local = Cli.execute("explore", "--no-progress", "--seeds", "200", "--reports", "0", "--jobs", "2",
                file.toString());
        assertFalse(local.out().contains("INCOMPLETE"), local::toString);
        assertTrue(local.out().contains("two thirds lost or more"), () -> "the campaign lists seeds worth a look:\n" + local);
        assertEquals(local.out().lines().skip(1).toList(), clustered.subList(1, clustered.size()),
                "every figure, table and listed seed as in one JVM");
        assertEquals(local.exit(), clusteredExit);
    }

    @Test
    void ctrlCOnTheCoordinatorEndsTheCampaignWithTheSeedsThatRan(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("race.conf");
        Files.writeString(file, RACE);
        String at = "127.0.0.1:" + Jvm.freePort();
        try (Jvm coordinator = Jvm.start("explore", "--no-progress", "--seeds", "2000", "--reports", "0", "--cluster", at,
                file.toString());
             Jvm worker = Jvm.start("worker", "--join", at, "--jobs", "1")) {
            assertTrue(coordinator.awaitErr(l -> l.contains(" 200 of 2000 seeds done"), 180), coordinator::toString);
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(coordinator.pid())).start().waitFor());
            assertEquals(130, coordinator.exit(60), coordinator::toString);
            assertTrue(coordinator.out().contains(
                    "  INCOMPLETE: the exploration was stopped; the figures cover the seeds that ran"), coordinator::toString);
            assertEquals(0, worker.exit(60), () -> "the worker is told the campaign is over:\n" + worker);
        }
    }
}
