package io.tdxsim.sim.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap bytes allocated by every thread of this JVM between {@link #start()} and {@link #stop()}:
 * unlike a rate, hardly moved by how the host schedules the run, so a change on the exit path
 * shows its allocation. Threads that end in between are not counted.
 */
final class AllocationMeter {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Read twice a round, so a boxed map costs nothing that matters. */
    private final Map<Long, Long> atStart = new HashMap<>();

    static boolean supported() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    void start() {
        atStart.clear();
        if (!supported()) {
            return;                 // the counters would throw; stop() says unknown
        }
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                atStart.put(ids[i], bytes[i]);
            }
        }
    }

    /** Bytes allocated since {@link #start()}, or -1 where the JVM cannot tell. */
    long stop() {
        if (!supported()) {
            return -1;
        }
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                sum += bytes[i] - atStart.getOrDefault(ids[i], 0L);
            }
        }
        return sum;
    }
}
