package io.tdxsim.sim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stolen share of CPU time, from two readings of /proc/stat's cpu line. */
class HostStealTest {

    @Test
    void theStolenShareIsStealOverEveryTickBetweenTwoReadings() {
        HostSteal.Reading start = HostSteal.parse("cpu  1000 5 200 3000 10 0 5 100 0 0");
        HostSteal.Reading end = HostSteal.parse("cpu  1600 5 300 3200 10 0 5 200 50 0");
        // 600 user + 100 system + 200 idle + 100 steal = 1000 ticks, 100 stolen; guest is inside user
        assertEquals(0.10, end.since(start), 1e-9);
    }

    @Test
    void aMachineWithoutTheCountersSaysItDoesNotKnow() {
        HostSteal.Reading old = HostSteal.parse("cpu  1000 5 200 3000");
        assertTrue(Double.isNaN(HostSteal.parse("cpu  2000 5 200 3000 0 0 0 9 0 0").since(old)));
        assertTrue(Double.isNaN(HostSteal.parse("intr 1 2 3 4 5 6 7 8 9").since(HostSteal.UNKNOWN)));
    }

    @Test
    void theBenchSaysWhenTheMachineWasNotQuiet() {
        BenchRow row = new BenchRow(64);
        row.steal = 0.031;
        assertEquals("host steal (CPU time the hypervisor gave elsewhere): 3.0% over the bench; 64 vCPUs 3.1%"
                + " -- not a quiet machine: rates will move between runs", stealLine(0.030, row));
        row.steal = 0.004;
        assertEquals("host steal (CPU time the hypervisor gave elsewhere): 0.5% over the bench; 64 vCPUs 0.4%",
                stealLine(0.005, row));
        assertEquals("host steal: unknown (no /proc/stat)", stealLine(Double.NaN, row));
    }

    private static String stealLine(double steal, BenchRow row) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        BenchTable.steal(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), steal,
                java.util.List.of(row));
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    @Test
    void thisMachinesCountersAreReadWhereTheyExist() {
        HostSteal.Reading a = HostSteal.now();
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/stat"))) {
            assertTrue(a.total() > 0, "a Linux machine has counted some CPU time");
        }
    }
}
