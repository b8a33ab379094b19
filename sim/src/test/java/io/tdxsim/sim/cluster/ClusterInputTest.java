package io.tdxsim.sim.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.Cli;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What cannot be a campaign is refused on one line with exit code 2, before any seed runs. */
class ClusterInputTest {

    static {
        org.slf4j.LoggerFactory.getILoggerFactory();     // bound before Akka logs, as Main does
    }

    private static Path scenario(Path tmp, String extra) throws Exception {
        Path file = tmp.resolve("race.conf");
        Files.writeString(file, ClusterExploreTest.RACE.replace("name = race", "name = race\n  " + extra));
        return file;
    }

    private static void refused(Cli.Outcome o, String says) {
        assertEquals(2, o.exit(), o::toString);
        assertEquals(1, o.err().lines().count(), o::toString);
        assertTrue(o.err().contains(says), o::toString);
        assertEquals("", o.out(), "nothing ran: " + o);
    }

    @Test
    void malformedAddressesAreRefused(@TempDir Path tmp) throws Exception {
        Path file = scenario(tmp, "");
        refused(Cli.execute("explore", "--cluster", "127.0.0.1", file.toString()), "--cluster 127.0.0.1: expected HOST:PORT");
        refused(Cli.execute("worker", "--join", "127.0.0.1:99999"), "--join 127.0.0.1:99999: expected a port");
        refused(Cli.execute("worker", "--join", "127.0.0.1:2552", "--join-timeout", "soon"), "--join-timeout soon");
    }

    @Test
    void aMalformedCoordinatorKeyNamesItsFileLineAndKey(@TempDir Path tmp) throws Exception {
        Path file = scenario(tmp, "cluster { coordinator = \"node7\" }");
        Cli.Outcome o = Cli.execute("explore", file.toString());
        refused(o, file + ":3: tdxsim.cluster.coordinator: expected HOST:PORT");
    }

    @Test
    void aWorkerThatCannotJoinSaysSo() throws Exception {
        int nobody = Jvm.freePort();
        Cli.Outcome o = Cli.execute("worker", "--join", "127.0.0.1:" + nobody, "--join-timeout", "2s");
        refused(o, "cannot join the cluster at 127.0.0.1:" + nobody + " within 2s");
    }

    @Test
    void aCoordinatorNoWorkerJoinsGivesUp(@TempDir Path tmp) throws Exception {
        int port = Jvm.freePort();
        Path file = scenario(tmp, "cluster { coordinator = \"127.0.0.1:" + port + "\", join-timeout = 2s }");
        Cli.Outcome o = Cli.execute("explore", "--no-progress", "--seeds", "3", file.toString());
        assertTrue(o.out().startsWith("tdxsim explore: race (deterministic, seeds 1..3, on the workers that join 127.0.0.1:"
                + port + ")"), () -> "the scenario's cluster block makes a campaign of it: " + o);
        assertEquals(2, o.exit(), o::toString);
        assertTrue(o.err().contains("no worker joined 127.0.0.1:" + port + " within 2s"), o::toString);
        assertTrue(o.err().lines().count() == 1, o::toString);
    }

    @Test
    void aCoordinatorThatCannotListenSaysWhy(@TempDir Path tmp) throws Exception {
        Path file = scenario(tmp, "");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String at = "127.0.0.1:" + taken.getLocalPort();
            refused(Cli.execute("explore", "--cluster", at, file.toString()), "--cluster " + at + ": cannot listen on " + at + ": Address already in use");
        }
    }
}
