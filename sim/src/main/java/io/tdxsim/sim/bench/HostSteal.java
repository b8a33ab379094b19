package io.tdxsim.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the hypervisor gave to others while this VM wanted it ("steal" in /proc/stat): the
 * noise no repetition inside one run removes. A bench on a machine stealing more than a few
 * percent is not the quiet machine its targets assume, and its rates move between runs.
 */
final class HostSteal {

    private static final Path STAT = Path.of("/proc/stat");

    /** The machine-wide counters at one moment (clock ticks), or {@link #UNKNOWN} off Linux. */
    record Reading(long steal, long total) {
        /** Stolen share of all CPU time since {@code start}; NaN when either reading is unknown. */
        double since(Reading start) {
            long total = this.total - start.total;
            return this == UNKNOWN || start == UNKNOWN || total <= 0 ? Double.NaN
                    : (double) (steal - start.steal) / total;
        }
    }

    static final Reading UNKNOWN = new Reading(0, 0);

    private HostSteal() {
    }

    static Reading now() {
        try {
            return parse(Files.readAllLines(STAT).get(0));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /**
     * The aggregate "cpu" line: user nice system idle iowait irq softirq steal guest guest_nice.
     * Guest time is already counted in user and nice, so the total stops at steal.
     */
    static Reading parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 9) {
            return UNKNOWN;
        }
        long total = 0;
        for (int i = 1; i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        return new Reading(Long.parseLong(f[8]), total);
    }
}
