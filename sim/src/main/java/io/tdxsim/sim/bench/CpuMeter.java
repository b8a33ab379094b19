package io.tdxsim.sim.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM's threads used between {@link #start()} and {@link #stop()}. Time the host
 * gave to other guests (steal) is not counted, so on a busy host the work per exit moves much less
 * than the rates do; the compiler and the collector are counted with the simulation.
 */
final class CpuMeter {

    private static final java.lang.management.OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    private long atStart = -1;

    /** Process CPU time in nanoseconds, or -1 where the JVM cannot tell. */
    static long processNanos() {
        return OS instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    void start() {
        atStart = processNanos();
    }

    /** CPU nanoseconds since {@link #start()}, or -1 where the JVM cannot tell. */
    long stop() {
        long now = processNanos();
        return atStart < 0 || now < 0 ? -1 : now - atStart;
    }
}
