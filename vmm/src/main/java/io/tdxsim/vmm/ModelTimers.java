package io.tdxsim.vmm;

import io.tdxsim.devices.DeviceTimer;
import java.util.PriorityQueue;

/**
 * The timers one hosted model has set, owned by its device actor. They fire in (time, handle)
 * order, either when the engine releases the device's timer event or, before an access, when the
 * access starts at or after them: a device sees its timers and its accesses in one time order.
 */
public final class ModelTimers {

    /** What a firing timer needs: the context its callback runs with, made for its time. */
    public interface Firing {
        void fire(long atNs, DeviceTimer timer);
    }

    public static final long NONE = Long.MAX_VALUE;

    private record Pending(long at, long handle, DeviceTimer timer) { }

    private final PriorityQueue<Pending> queue = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Long.compare(a.at, b.at) : Long.compare(a.handle, b.handle));
    private long nextHandle = 1;
    private long fired;
    /** Fire times of the first {@code keep} firings, for the trace. */
    private final long[] firstTimes;
    private int kept;

    public ModelTimers(int keep) {
        this.firstTimes = new long[Math.max(0, keep)];
    }

    public long schedule(long atNs, DeviceTimer timer) {
        long handle = nextHandle++;
        queue.add(new Pending(atNs, handle, timer));
        return handle;
    }

    public boolean cancel(long handle) {
        return queue.removeIf(p -> p.handle == handle);
    }

    /** Time of the earliest pending timer, or {@link #NONE}. */
    public long earliest() {
        Pending p = queue.peek();
        return p == null ? NONE : p.at;
    }

    /** Fires every timer due at or before {@code upToNs}, those the callbacks set on the way included. */
    public void fireDue(long upToNs, Firing firing) {
        while (!queue.isEmpty() && queue.peek().at <= upToNs) {
            Pending p = queue.poll();
            if (kept < firstTimes.length) {
                firstTimes[kept++] = p.at;
            }
            fired++;
            firing.fire(p.at, p.timer);
        }
    }

    /** Drops every pending timer (the model they belong to was replaced). */
    public void clear() {
        queue.clear();
    }

    public long fired() {
        return fired;
    }

    public int pending() {
        return queue.size();
    }

    public long[] firstTimes() {
        return java.util.Arrays.copyOf(firstTimes, kept);
    }
}
