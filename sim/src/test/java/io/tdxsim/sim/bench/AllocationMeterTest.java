package io.tdxsim.sim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class AllocationMeterTest {

    private static volatile Object sink;

    @Test
    void countsWhatAnotherThreadAllocatesWhileMetered() throws InterruptedException {
        Assumptions.assumeTrue(AllocationMeter.supported(), "this JVM does not count allocation per thread");
        AllocationMeter meter = new AllocationMeter();
        Thread worker = new Thread(() -> {
            for (int i = 0; i < 64; i++) {
                sink = new byte[1 << 20];
            }
            try {
                Thread.sleep(200);      // still alive when the meter stops
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        meter.start();
        worker.start();
        Thread.sleep(100);
        long bytes = meter.stop();
        worker.join();
        assertTrue(bytes >= 64L << 20, "counted " + bytes);
        assertTrue(bytes < 80L << 20, "counted " + bytes);
    }

    @Test
    void perExitFigureIsUnknownOnceARoundCouldNotTell() {
        Series s = new Series("stress");
        s.allocated(4_000);
        s.add(10, 1_000_000, null);
        assertEquals(400.0, s.allocatedPerUnit());
        s.allocated(-1);
        s.add(10, 1_000_000, null);
        assertTrue(Double.isNaN(s.allocatedPerUnit()));
        assertTrue(Double.isNaN(new Series("raw").allocatedPerUnit()), "a series never metered has no figure");
    }
}
