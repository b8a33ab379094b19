package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Mid-run readers (the heap sampler, the progress bar) sum the recorder while vCPU threads record
 * into it. Latencies that keep growing make every writer's histogram resize under the reader, the
 * moment the unsynchronised version failed with ArrayIndexOutOfBoundsException.
 */
class ExitRecorderContentionTest {

    private static final int WRITERS = 4;
    private static final int EXITS_PER_WRITER = 200_000;

    @Test
    void readingWhileEveryThreadRecordsNeverFailsAndLosesNothing() throws Exception {
        ExitRecorder recorder = new ExitRecorder(2, 0);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                start.await();
                long last = 0;
                while (writing.get()) {
                    long seen = recorder.total().latencyNs.getTotalCount();
                    recorder.device(0).exits();
                    assertTrue(seen >= 0);
                    last = seen;
                    reads.incrementAndGet();
                }
                assertTrue(last <= (long) WRITERS * EXITS_PER_WRITER);
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "test-reader");
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int id = w;
            writers.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < EXITS_PER_WRITER; i++) {
                        // latency doubles every 5,000 exits, up to 2^39 ns: each step a resize
                        long latency = 1L << Math.min(40, i / 5_000);
                        recorder.exitCompleted(id, i, i % 3 == 2 ? -1 : i % 2, i % 2 == 0, 4, 0, 0, 0, 0, 0, 0,
                                latency, i % 10 == 0 ? 1 : 0);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "test-writer-" + w));
        }
        reader.start();
        writers.forEach(Thread::start);
        start.countDown();
        for (Thread t : writers) {
            t.join();
        }
        writing.set(false);
        reader.join();

        assertEquals(List.of(), List.copyOf(failures));
        assertTrue(reads.get() > 0, "the reader ran while the writers did");
        long all = (long) WRITERS * EXITS_PER_WRITER;
        ExitRecorder.Bucket total = recorder.total();
        assertEquals(all, total.exits());
        assertEquals(all, total.latencyNs.getTotalCount());
        assertEquals(all / 10, total.failed.sum());
        assertEquals(all, recorder.device(0).exits() + recorder.device(1).exits() + recorder.unserved().exits());
        assertEquals(1L << 39, total.latencyNs.getMaxValue(), (double) (1L << 39) / 100, "the last, widest values");
    }
}
