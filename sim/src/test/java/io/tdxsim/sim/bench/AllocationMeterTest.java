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
        java.util.concurrent.CountDownLatch allocated = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch metered = new java.util.concurrent.CountDownLatch(1);
        Thread worker = new Thread(() -> {
            for (int i = 0; i < 64; i++) {
                sink = new byte[1 << 20];
            }
            allocated.countDown();
            try {
                metered.await();        // still alive when the meter stops: an ended thread is not counted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        meter.start();
        worker.start();
        assertTrue(allocated.await(30, java.util.concurrent.TimeUnit.SECONDS), "the worker allocated");
        long bytes = meter.stop();
        metered.countDown();
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
