package io.tdxsim.sim.run;

import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.AccessContract;
import io.tdxsim.devices.DeviceParams;
import io.tdxsim.devices.MmioDevice;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notes the name of every thread that serves it, under its {@code tag} parameter; with
 * {@code lockless = true} its contract says it may be served concurrently.
 */
public final class ThreadNameDevice implements MmioDevice {
    static final Map<String, Set<String>> THREADS = new ConcurrentHashMap<>();

    private final Set<String> threads;
    private final boolean lockless;

    public ThreadNameDevice(DeviceParams params) {
        threads = THREADS.computeIfAbsent(params.getString("tag", "none"), t -> ConcurrentHashMap.newKeySet());
        lockless = params.getBoolean("lockless", false);
    }

    @Override
    public long read(long offset, int size, AccessContext ctx) {
        threads.add(Thread.currentThread().getName());
        return 0;
    }

    @Override
    public void write(long offset, int size, long value, AccessContext ctx) {
        threads.add(Thread.currentThread().getName());
    }

    @Override
    public AccessContract contract() {
        AccessContract sizes = AccessContract.sizes(4, 4).aligned();
        return lockless ? sizes.asConcurrent() : sizes;
    }
}
