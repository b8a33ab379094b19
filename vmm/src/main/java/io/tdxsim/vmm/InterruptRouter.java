package io.tdxsim.vmm;

/**
 * Where the devices' interrupts go: per device a route (line n arrives as vector + n, an MSI as
 * the vector the device sent, at every vCPU the route lists) and, per vCPU, the vectors pending
 * with the virtual time each was raised. A vector is handed to its vCPU with the first answer the
 * VMM gives it at or after that time; the vCPU's virtual APIC then holds it until IF allows.
 */
public final class InterruptRouter {

    /** A device's route; {@code cpus} null: every vCPU. */
    public record Route(int vector, int[] cpus) {
    }

    private static final int LINE = 1 << 16;
    private static final int MAX_VECTOR = 255;

    private final Route[] routes;
    private final int vcpus;
    /** Per vCPU: pending entries, each (raise time << 8 | vector); null while none. */
    private final long[][] pending;
    private final int[] pendingCount;
    /** Every vCPU's index, for routes without a list; made at the first such interrupt. */
    private int[] all;
    private long raised;
    private long delivered;
    private long dropped;

    /** @param routes per device index, null for a device whose interrupts go nowhere */
    public InterruptRouter(Route[] routes, int vcpus) {
        this.routes = routes.clone();
        this.vcpus = vcpus;
        this.pending = new long[vcpus][];
        this.pendingCount = new int[vcpus];
    }

    /** Whether the scenario routes device {@code device}'s interrupts to any vCPU. */
    boolean routed(int device) {
        return device < routes.length && routes[device] != null;
    }

    /** What a device's rising line {@code n} is recorded as, until it is routed. */
    public static int lineCode(int line) {
        return LINE | line;
    }

    public static int msiCode(int vector) {
        return vector & 0xFF;
    }

    /**
     * Device {@code device} raised {@code codes} at {@code vt}. Returns the vCPUs that got a
     * vector (each once), for the VMM to wake those asleep in HLT.
     */
    int[] raise(int device, int[] codes, long vt) {
        Route route = device < routes.length ? routes[device] : null;
        if (route == null) {
            dropped += codes.length;
            return new int[0];
        }
        int[] targets = route.cpus() != null ? route.cpus() : allVcpus();
        for (int code : codes) {
            raised++;
            int vector = (code & LINE) != 0 ? route.vector() + (code & 0xFFFF) : code;
            if (vector > MAX_VECTOR) {
                dropped++;               // a line past the last vector the route leaves it
                continue;
            }
            for (int cpu : targets) {
                add(cpu, vt << 8 | vector);
            }
        }
        return targets;
    }

    private int[] allVcpus() {
        if (all == null) {
            all = new int[vcpus];
            for (int i = 0; i < vcpus; i++) {
                all[i] = i;
            }
        }
        return all;
    }

    private void add(int cpu, long entry) {
        long[] list = pending[cpu];
        if (list == null) {
            list = pending[cpu] = new long[4];
        } else if (pendingCount[cpu] == list.length) {
            list = pending[cpu] = java.util.Arrays.copyOf(list, list.length * 2);
        }
        list[pendingCount[cpu]++] = entry;
    }

    /** The earliest raise time of a vector pending for {@code cpu}, or -1 if none is. */
    long earliest(int cpu) {
        long min = -1;
        for (int i = 0; i < pendingCount[cpu]; i++) {
            long vt = pending[cpu][i] >>> 8;
            min = min < 0 ? vt : Math.min(min, vt);
        }
        return min;
    }

    /** Removes and returns the vectors pending for {@code cpu} raised at or before {@code vt}, or null. */
    int[] take(int cpu, long vt) {
        int n = pendingCount[cpu];
        if (n == 0) {
            return null;
        }
        long[] list = pending[cpu];
        int[] out = new int[n];
        int taken = 0;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (list[i] >>> 8 <= vt) {
                out[taken++] = (int) (list[i] & 0xFF);
            } else {
                list[kept++] = list[i];
            }
        }
        pendingCount[cpu] = kept;
        delivered += taken;
        return taken == 0 ? null : java.util.Arrays.copyOf(out, taken);
    }

    /** Interrupts the devices raised (rising lines and MSIs), whether routed or not. */
    public long raised() {
        return raised;
    }

    /** Vectors handed to vCPUs (one per vCPU a route lists). */
    public long delivered() {
        return delivered;
    }

    /** Interrupts of a device without a route, or of a line past vector 255. */
    public long dropped() {
        return dropped;
    }
}
