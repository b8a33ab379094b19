package io.tdxsim.sim.report;

import io.tdxsim.sim.run.ExitRecorder;
import io.tdxsim.sim.run.RunResult;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Exit latency (#VE to resume, virtual time) per device as a histogram on a logarithmic axis:
 * the recorder's HdrHistogram values are gathered into buckets a tenth of a decade wide. Every
 * device uses the same axis so the charts compare side by side; dashed lines mark p50 and p99.
 */
final class LatencyChart {

    /** Two charts share a row at the wide size; more wrap three to a row. */
    static final int WIDE = 580;
    static final int NARROW = 380;
    static final int HEIGHT = 230;
    /** Buckets per factor of ten. */
    static final int PER_DECADE = 10;

    /** Axis range in bucket numbers: bucket k holds latencies in [10^(k/10), 10^((k+1)/10)) ns. */
    private final int lo;
    private final int hi;
    private int width = NARROW;

    private LatencyChart(int lo, int hi) {
        this.lo = lo;
        this.hi = hi;
    }

    /** One chart per device, plus one for exits no device served if there were any. */
    static List<String> render(RunResult r) {
        List<AbstractHistogram> all = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        for (int i = 0; i < r.devices().size(); i++) {
            all.add(r.exits().device(i).latencyNs);
            names.add(r.devices().get(i).name);
            colours.add(Palette.device(i));
        }
        ExitRecorder.Bucket none = r.exits().unserved();
        if (none.exits() > 0) {
            all.add(none.latencyNs);
            names.add("(no device)");
            colours.add(Palette.NO_DEVICE);
        }
        LatencyChart axis = axisFor(all);
        axis.width = all.size() <= 2 ? WIDE : NARROW;
        List<String> svgs = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            svgs.add(axis.draw(names.get(i), colours.get(i), all.get(i)));
        }
        return svgs;
    }

    static int bucket(long ns) {
        return (int) Math.floor(PER_DECADE * Math.log10(Math.max(1, ns)) + 1e-9);
    }

    /** Whole decades around the smallest and largest latency of any device. */
    private static LatencyChart axisFor(List<AbstractHistogram> all) {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (AbstractHistogram h : all) {
            if (h.getTotalCount() > 0) {
                min = Math.min(min, h.getMinValue());
                max = Math.max(max, h.getMaxValue());
            }
        }
        if (max == 0) {
            return new LatencyChart(2 * PER_DECADE, 5 * PER_DECADE);
        }
        int lo = Math.floorDiv(bucket(min), PER_DECADE) * PER_DECADE;
        int hi = (Math.floorDiv(bucket(max), PER_DECADE) + 1) * PER_DECADE;
        return new LatencyChart(lo, hi);
    }

    private long[] counts(AbstractHistogram h) {
        long[] counts = new long[hi - lo];
        for (HistogramIterationValue v : h.recordedValues()) {
            int k = Math.max(lo, Math.min(hi - 1, bucket(v.getValueIteratedTo())));
            counts[k - lo] += v.getCountAddedInThisIterationStep();
        }
        return counts;
    }

    private String draw(String name, String colour, AbstractHistogram h) {
        long total = h.getTotalCount();
        Svg svg = new Svg(width, HEIGHT, "latency", "exit latency histogram, " + name);
        Plot p = new Plot(svg);
        long[] counts = total == 0 ? new long[hi - lo] : counts(h);
        long peak = 0;
        for (long c : counts) {
            peak = Math.max(peak, c);
        }
        String head = total == 0 ? name + ": no exits"
                : name + ": " + Units.count(total) + " exits, max " + Units.time(h.getMaxValue());
        svg.text(p.x0, 20, "start", "chart-title", head);
        p.countAxis(peak, "exits");
        p.slots(hi - lo);
        for (int k = lo; k <= hi; k++) {
            int step = Math.floorMod(k, PER_DECADE);
            // Ticks at 1, 2 and 5 times a power of ten (tenth-decade buckets 0, 3 and 7).
            if (step == 0 || step == 3 || step == 7) {
                double x = p.x(PER_DECADE * Math.log10(tickValue(k)) - lo);
                svg.line(x, p.y1, x, p.y1 + 4, "axis");
                if (step == 0 || hi - lo <= 2 * PER_DECADE) {
                    svg.text(x, p.y1 + 16, "middle", "tick", Units.time(tickValue(k)));
                }
            }
        }
        svg.text((p.x0 + p.x1) / 2, svg.height() - 8, "middle", "axis-title",
                "exit latency (#VE to resume, log scale)");
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                double top = p.y(counts[i]);
                svg.rect(p.x(i) + 0.5, top, p.x(i + 1) - p.x(i) - 1, p.y1 - top, colour,
                        Units.time(edge(lo + i)) + " – " + Units.time(edge(lo + i + 1)) + ": "
                                + Units.count(counts[i]) + " exits");
            }
        }
        if (total > 0) {
            marker(p, "p50", h.getValueAtPercentile(50), 0);
            marker(p, "p99", h.getValueAtPercentile(99), 1);
        }
        p.frame();
        return svg.finish();
    }

    private static double edge(int k) {
        return Math.pow(10, k / (double) PER_DECADE);
    }

    /** The round value a tick stands for: 10^(k/10) is 1.995 or 5.012 times a power of ten. */
    private static double tickValue(int k) {
        double decade = Math.pow(10, Math.floorDiv(k, PER_DECADE));
        return switch (Math.floorMod(k, PER_DECADE)) {
            case 3 -> 2 * decade;
            case 7 -> 5 * decade;
            default -> decade;
        };
    }

    /** A dashed line at a percentile; labels sit on separate rows so close markers stay legible. */
    private void marker(Plot p, String label, long ns, int row) {
        double pos = PER_DECADE * Math.log10(Math.max(1, ns)) - lo;
        double x = p.x(Math.max(0, Math.min(hi - lo, pos)));
        p.svg.line(x, p.y0, x, p.y1, "marker");
        boolean right = x > (p.x0 + p.x1) / 2;
        p.svg.text(right ? x - 4 : x + 4, p.y0 + 10 + 14 * row, right ? "end" : "start", "marker-label",
                label + " " + Units.time(ns));
    }
}
