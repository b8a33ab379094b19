package io.tdxsim.sim.report;

import io.tdxsim.sim.run.Fairness;

/**
 * How waiting spread over the vCPUs: how many vCPUs had each mean queueing wait per exit, over
 * every vCPU of the run. A distribution, so it reads the same at 12 vCPUs and at 4,096.
 */
final class WaitSpreadChart {

    static final int BINS = 60;
    static final int HEIGHT = 240;

    private WaitSpreadChart() {
    }

    static String render(Fairness f) {
        Svg svg = new Svg(TimeCharts.WIDTH, HEIGHT, "wait-spread", "vCPUs by their mean wait per exit");
        Plot p = new Plot(svg, TimeCharts.LEFT);
        Fairness.PerVcpu v = f.perVcpu();
        p.timeAxis(0, Math.max(1, f.meanWaitPercentileNs(100)), "mean queueing wait per exit (virtual time)");
        double binNs = p.xMax() / BINS;
        long[] counts = new long[BINS];
        for (int i = 0; i < v.size(); i++) {
            counts[(int) Math.min(BINS - 1, v.meanWaitNs(i) / binNs)]++;
        }
        long peak = 0;
        for (long c : counts) {
            peak = Math.max(peak, c);
        }
        p.countAxis(peak, "vCPUs");
        for (int b = 0; b < BINS; b++) {
            if (counts[b] == 0) {
                continue;
            }
            double left = p.x(b * binNs);
            double right = p.x((b + 1) * binNs);
            double top = p.y(counts[b]);
            svg.rect(left + 0.5, top, right - left - 1, p.y(0) - top, Palette.VMM, Units.count(counts[b])
                    + " vCPUs waited " + Units.time(b * binNs) + " to " + Units.time((b + 1) * binNs) + " per exit");
        }
        p.frame();
        return svg.finish();
    }
}
