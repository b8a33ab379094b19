package io.tdxsim.sim.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Timed rounds of one configuration: rate per round (per second) and wall-clock latency (ns). */
final class Series {

    final String name;
    final List<Double> rates = new ArrayList<>();
    final Histogram latencyNs = new Histogram(3);
    long units;
    long wallNs;
    /** Heap bytes the metered rounds allocated, all threads (only the simulated series are metered). */
    long allocatedBytes;
    int meteredRounds;
    boolean allocationUnknown;
    boolean complete = true;

    Series(String name) {
        this.name = name;
    }

    void add(long count, long nanos, Histogram latency) {
        rates.add(count * 1e9 / Math.max(1, nanos));
        units += count;
        wallNs += nanos;
        if (latency != null) {
            latencyNs.add(latency);
        }
    }

    /** Call before {@link #add} for the same round. */
    void allocated(long bytes) {
        meteredRounds++;
        allocationUnknown |= bytes < 0;
        allocatedBytes += Math.max(0, bytes);
    }

    boolean metered() {
        return meteredRounds > 0;
    }

    /** Heap bytes allocated per unit (exit) over all rounds, or NaN if not measured. */
    double allocatedPerUnit() {
        return !metered() || allocationUnknown || units == 0 ? Double.NaN : (double) allocatedBytes / units;
    }

    boolean isEmpty() {
        return rates.isEmpty();
    }

    double median() {
        if (rates.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    double p(double percentile) {
        return latencyNs.getTotalCount() == 0 ? Double.NaN : latencyNs.getValueAtPercentile(percentile);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(rates.toArray());
    }
}
