package io.tdxsim.sim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

    private static volatile long sink;

    @Test
    void countsTheCpuTimeAnotherThreadBurnsWhileMetered() throws InterruptedException {
        Assumptions.assumeTrue(CpuMeter.processNanos() >= 0, "this JVM does not report its CPU time");
        long burn = 200_000_000L;
        CpuMeter meter = new CpuMeter();
        meter.start();
        Thread worker = new Thread(() -> {
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long from = threads.getCurrentThreadCpuTime();
            long x = 0;
            while (threads.getCurrentThreadCpuTime() - from < burn) {     // CPU time, not wall time: a busy host only stretches it
                for (int i = 0; i < 10_000; i++) {
                    x = x * 31 + i;
                }
            }
            sink = x;
        });
        worker.start();
        worker.join();
        long nanos = meter.stop();
        assertTrue(nanos >= burn, "counted " + nanos + " ns");
    }

    @Test
    void perExitFigureIsUnknownOnceARoundCouldNotTellAndShownBesideTheRawOne() {
        BenchRow row = new BenchRow(64);
        row.raw.cpu(1_000);
        row.raw.add(10, 1_000_000, null);
        row.stress.cpu(4_000);
        row.stress.add(10, 1_000_000, null);
        assertEquals(100.0, row.raw.cpuPerUnit());
        assertEquals(400.0, row.stress.cpuPerUnit());
        assertTrue(Double.isNaN(row.deterministic.cpuPerUnit()), "a series never metered has no figure");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        BenchTable.cpuTimes(new PrintStream(text, true, StandardCharsets.UTF_8), List.of(row));
        String line = text.toString(StandardCharsets.UTF_8).lines().skip(1).findFirst().orElseThrow();
        assertEquals("         64 vCPUs  raw round trip 100 ns; stress 400 ns (4.0x), unbounded -, deterministic -", line);
        row.stress.cpu(-1);
        row.stress.add(10, 1_000_000, null);
        assertTrue(Double.isNaN(row.stress.cpuPerUnit()));
    }
}
