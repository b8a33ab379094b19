package org.example;

import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.AccessContract;
import io.tdxsim.devices.DeviceParams;
import io.tdxsim.devices.MmioDevice;
import java.util.ArrayDeque;
import java.util.Map;

/** A FIFO: writes to 0x0 push, reads from 0x0 pop (0 when empty), 0x8 reads the fill level. */
public final class Fifo implements MmioDevice {
    private final ArrayDeque<Long> queue = new ArrayDeque<>();
    private final int depth;

    public Fifo(DeviceParams params) {
        depth = params.getInt("depth", 8);
    }

    @Override
    public long read(long offset, int size, AccessContext ctx) {
        if (offset == 8) {
            return queue.size();
        }
        Long v = queue.pollFirst();
        return v == null ? 0 : v;
    }

    @Override
    public void write(long offset, int size, long value, AccessContext ctx) {
        if (offset == 0 && queue.size() < depth) {
            queue.addLast(value);
        }
    }

    @Override
    public AccessContract contract() {
        return AccessContract.sizes(4, 8).aligned();
    }

    @Override
    public Map<String, Object> snapshot() {
        return Map.of("level", queue.size());
    }
}
