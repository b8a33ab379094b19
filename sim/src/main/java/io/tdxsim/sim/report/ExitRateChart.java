package io.tdxsim.sim.report;

import io.tdxsim.sim.run.ExitLog;
import java.util.ArrayList;
import java.util.List;

/** Exits per bin of virtual time (by the time of the #VE), stacked by device. */
final class ExitRateChart {

    static final int BINS = 120;
    static final int HEIGHT = 280;

    private ExitRateChart() {
    }

    static String render(TracedExits traced, List<String> deviceNames) {
        int series = deviceNames.size() + 1;
        Svg svg = new Svg(TimeCharts.WIDTH, HEIGHT, "exits-over-time", "exits over virtual time");
        Plot p = new Plot(svg, TimeCharts.LEFT);
        List<String> names = new ArrayList<>(deviceNames);
        List<String> colours = new ArrayList<>();
        for (int i = 0; i < deviceNames.size(); i++) {
            colours.add(Palette.device(i));
        }
        names.add("(no device)");
        colours.add(Palette.NO_DEVICE);

        p.timeAxis(0, Math.max(1, traced.endVt()), "virtual time (#VE taken)");
        double binNs = p.xMax() / BINS;
        long[][] counts = new long[BINS][series];
        for (ExitLog.Row row : traced.rows()) {
            int bin = (int) Math.min(BINS - 1, row.exitVt() / binNs);
            int s = row.device() >= 0 && row.device() < deviceNames.size() ? row.device() : series - 1;
            counts[bin][s]++;
        }
        long peak = 0;
        boolean anyUnserved = false;
        for (long[] bin : counts) {
            long sum = 0;
            for (long c : bin) {
                sum += c;
            }
            peak = Math.max(peak, sum);
            anyUnserved |= bin[series - 1] > 0;
        }
        if (!anyUnserved) {
            names.remove(names.size() - 1);
            colours.remove(colours.size() - 1);
        }
        p.countAxis(peak, "exits per " + Units.time(binNs));
        for (int b = 0; b < BINS; b++) {
            double base = 0;
            double left = p.x(b * binNs);
            double right = p.x((b + 1) * binNs);
            for (int s = 0; s < series; s++) {
                long c = counts[b][s];
                if (c == 0) {
                    continue;
                }
                double top = p.y(base + c);
                svg.rect(left + 0.5, top, right - left - 1, p.y(base) - top,
                        s == series - 1 ? Palette.NO_DEVICE : Palette.device(s),
                        names.get(s) + ": " + Units.count(c) + " exits from "
                                + Units.time(b * binNs) + " to " + Units.time((b + 1) * binNs));
                base += c;
            }
        }
        p.legend(names, colours);
        p.frame();
        return svg.finish();
    }
}
