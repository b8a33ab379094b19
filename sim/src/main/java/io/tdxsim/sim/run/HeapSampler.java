package io.tdxsim.sim.run;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples heap use and exits so far at a fixed wall-clock interval, so a long run shows whether
 * memory grows with run length. Heap used is read as is (no forced GC): the trend over many
 * samples is what matters; the heap left after the last collection (the live set) is sampled
 * alongside.
 */
final class HeapSampler {

    /** Samples kept; beyond this every other sample is dropped, so memory stays bounded. */
    static final int MAX_SAMPLES = 2048;

    private final ExitRecorder exits;
    private final long intervalMs;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<RunResult.Sample> samples = new ArrayList<>();
    private Thread thread;
    private volatile boolean running;
    private long startNanos;

    HeapSampler(ExitRecorder exits, long intervalMs) {
        this.exits = exits;
        this.intervalMs = intervalMs;
    }

    void start() {
        if (intervalMs <= 0) {
            return;
        }
        startNanos = System.nanoTime();
        running = true;
        thread = new Thread(this::loop, "tdxsim-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long every = intervalMs;
        while (running) {
            sample();
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (samples) {
                if (samples.size() >= MAX_SAMPLES) {
                    for (int i = samples.size() - 1; i > 0; i -= 2) {
                        samples.remove(i);
                    }
                    every *= 2;
                }
            }
        }
    }

    private void sample() {
        long afterGc = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                afterGc += pool.getCollectionUsage().getUsed();
            }
        }
        RunResult.Sample s = new RunResult.Sample((System.nanoTime() - startNanos) / 1_000_000,
                memory.getHeapMemoryUsage().getUsed(), afterGc, exits.total().exits());
        synchronized (samples) {
            samples.add(s);
        }
    }

    void stop() {
        if (thread == null) {
            return;
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }

    List<RunResult.Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }
}
