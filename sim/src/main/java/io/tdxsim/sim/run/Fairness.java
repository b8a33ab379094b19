package io.tdxsim.sim.run;

import io.tdxsim.vmm.DeviceStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who waited and who was served, over the whole vCPU population (not a sample): each vCPU's
 * mean and longest queueing wait, how those spread over the vCPUs, and per device Jain's
 * fairness index over the accesses it served each vCPU, (sum x)^2 / (n sum x^2): 1 when every
 * vCPU that used the device got the same share, 1/n when one got all of it.
 */
public final class Fairness {

    /** Each vCPU's figures, by index. Arrays owned by the tally; read only. */
    public record PerVcpu(long[] exits, long[] waitNs, long[] maxWaitNs) {
        public int size() {
            return exits.length;
        }

        /** Mean queueing wait of one vCPU's exits (0 without exits). */
        public long meanWaitNs(int v) {
            return exits[v] == 0 ? 0 : waitNs[v] / exits[v];
        }
    }

    /** One device: the fairness of its service and the longest any call waited in its queue. */
    public record Device(String name, int vcpus, double jain, long longestWaitNs) { }

    private final PerVcpu perVcpu;
    private final long[] sortedMeans;
    private final List<Device> devices = new ArrayList<>();

    Fairness(PerVcpu perVcpu, List<DeviceStats> devices) {
        this.perVcpu = perVcpu;
        long[] means = new long[perVcpu.size()];
        for (int v = 0; v < means.length; v++) {
            means[v] = perVcpu.meanWaitNs(v);
        }
        Arrays.sort(means);
        this.sortedMeans = means;
        for (DeviceStats d : devices) {
            double sum = 0;
            double squares = 0;
            int n = 0;
            for (long x : d.servedByVcpu()) {
                if (x > 0) {
                    sum += x;
                    squares += (double) x * x;
                    n++;
                }
            }
            this.devices.add(new Device(d.name, n, n == 0 ? 1 : sum * sum / (n * squares), d.waitNs.getMaxValue()));
        }
    }

    public PerVcpu perVcpu() {
        return perVcpu;
    }

    public List<Device> devices() {
        return devices;
    }

    /** The p-th percentile (0..100) over the vCPUs of their mean wait. */
    public long meanWaitPercentileNs(double p) {
        if (sortedMeans.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sortedMeans.length) - 1;
        return sortedMeans[Math.max(0, Math.min(sortedMeans.length - 1, i))];
    }

    /** The vCPU that waited longest on average (the lowest index among equals), or -1. */
    public int mostWaiting() {
        int worst = -1;
        for (int v = 0; v < perVcpu.size(); v++) {
            if (worst < 0 || perVcpu.meanWaitNs(v) > perVcpu.meanWaitNs(worst)) {
                worst = v;
            }
        }
        return worst;
    }
}
