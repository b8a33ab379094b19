package io.tdxsim.sim.run;

import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.MmioDevice;
import java.util.concurrent.atomic.AtomicLong;

/** A user model that counts every access, so a test can wait for a run to be under way, not for time to pass. */
public final class CountingDevice implements MmioDevice {

    public static final AtomicLong ACCESSES = new AtomicLong();

    @Override
    public long read(long offset, int size, AccessContext ctx) {
        ACCESSES.incrementAndGet();
        return 0;
    }

    @Override
    public void write(long offset, int size, long value, AccessContext ctx) {
        ACCESSES.incrementAndGet();
    }

    /** Waits until {@code n} more accesses than {@code from} were served; fails after a minute without them. */
    public static void awaitMoreThan(long from, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (ACCESSES.get() - from < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the run served only " + (ACCESSES.get() - from) + " accesses in a minute");
            }
            Thread.sleep(5);
        }
    }
}
