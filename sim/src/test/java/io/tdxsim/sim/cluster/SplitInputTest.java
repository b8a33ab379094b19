package io.tdxsim.sim.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.Cli;
import io.tdxsim.sim.ShippedScenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What cannot be split over JVMs is refused on one line with exit code 2, before anything runs. */
class SplitInputTest {

    static {
        org.slf4j.LoggerFactory.getILoggerFactory();     // bound before Akka logs, as Main does
    }

    private static void refused(Cli.Outcome o, String says) {
        assertEquals(2, o.exit(), o::toString);
        assertEquals(1, o.err().lines().count(), o::toString);
        assertTrue(o.err().contains(says), o::toString);
        assertEquals("", o.out(), "nothing ran: " + o);
    }

    @Test
    void programsInStressModeCannotBeSplit() throws Exception {
        String at = "127.0.0.1:" + Jvm.freePort();
        Path doorbell = ShippedScenarios.file("doorbell-ordering.conf");
        Cli.Outcome o = Cli.execute("run", "--cluster", at, doorbell.toString());
        refused(o, "doorbell-ordering.conf:");
        assertTrue(o.err().contains(": tdxsim.vcpus[0].program: a run split over JVMs (--cluster) runs guest programs "
                + "only in mode = deterministic"), o::toString);
    }

    @Test
    void badWorkerCountsAndTooFewVcpusAreRefused(@TempDir Path tmp) throws Exception {
        String at = "127.0.0.1:" + Jvm.freePort();
        String quickstart = ShippedScenarios.file("quickstart.conf").toString();
        refused(Cli.execute("run", "--workers", "2", quickstart), "--workers 2: only with --cluster HOST:PORT");
        refused(Cli.execute("run", "--cluster", at, "--workers", "0", quickstart), "--workers 0: expected 1 to 1024");
        refused(Cli.execute("run", "--cluster", "127.0.0.1", quickstart), "--cluster 127.0.0.1: expected HOST:PORT");
        refused(Cli.execute("run", "--cluster", at, "--workers", "4", "--set", "mode=deterministic", quickstart),
                "cannot split 4 vCPUs over 5 nodes (this one and 4 workers)");
        Path file = tmp.resolve("zero.conf");
        Files.writeString(file, Files.readString(Path.of(quickstart)).replace("tdxsim {", "tdxsim {\n  cluster.workers = 0"));
        Cli.Outcome zero = Cli.execute("run", "--cluster", at, file.toString());
        refused(zero, ": tdxsim.cluster.workers: expected a number in 1..1024, got 0");
        assertTrue(zero.err().matches("(?s)tdxsim: \\S+zero\\.conf:\\d+: .*"), zero::toString);
    }

    @Test
    void aRunWhoseWorkersDoNotComeIsRefused() throws Exception {
        String at = "127.0.0.1:" + Jvm.freePort();
        refused(Cli.execute("run", "--cluster", at, "--set", "cluster.join-timeout=1s", "--set", "mode=deterministic",
                ShippedScenarios.file("quickstart.conf").toString()),
                "--cluster " + at + ": 0 of 1 worker joined " + at + " within 1s (start each with: tdxsim worker --join "
                        + at + ")");
    }
}
