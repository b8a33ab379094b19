package io.tdxsim.sim.report;

import io.tdxsim.sim.run.ExitRecorder;
import io.tdxsim.sim.run.RunResult;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Exit latency (#VE to resume, virtual time) per device as a histogram over logarithmic
 * buckets taken from the recorder's HdrHistograms. Every device uses the same buckets, so the
 * charts can be compared side by side; dashed lines mark p50 and p99.
 */
final class LatencyChart {

    static final int WIDTH = 400;
    static final int HEIGHT = 230;

    private final long first;
    private final int buckets;

    private LatencyChart(long first, int buckets) {
        this.first = first;
        this.buckets = buckets;
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
        LatencyChart scale = scaleFor(all);
        List<String> svgs = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            svgs.add(scale.draw(names.get(i), colours.get(i), all.get(i)));
        }
        return svgs;
    }

    /** Buckets doubling from a power of two at or below the smallest latency up past the largest. */
    private static LatencyChart scaleFor(List<AbstractHistogram> all) {
        long min = Long.MAX_VALUE;
        long max = 1;
        for (AbstractHistogram h : all) {
            if (h.getTotalCount() > 0) {
                min = Math.min(min, Math.max(1, h.getMinNonZeroValue()));
                max = Math.max(max, h.getMaxValue());
            }
        }
        if (min == Long.MAX_VALUE) {
            min = 1;
        }
        long first = Long.highestOneBit(min);
        int buckets = 1;
        while (buckets < 62 && first << (buckets - 1) < max) {
            buckets++;
        }
        return new LatencyChart(first, Math.max(buckets, 4));
    }

    private long[] counts(AbstractHistogram h) {
        long[] counts = new long[buckets];
        if (h.getTotalCount() == 0) {
            return counts;
        }
        int i = 0;
        for (HistogramIterationValue v : h.logarithmicBucketValues(first, 2.0)) {
            counts[Math.min(i++, buckets - 1)] += v.getCountAddedInThisIterationStep();
        }
        return counts;
    }

    /** Position of a latency on the slot axis: slot i holds (first·2^(i-1), first·2^i]. */
    private double slot(long ns) {
        return ns <= first ? ns / (double) first : 1 + Math.log(ns / (double) first) / Math.log(2);
    }

    private String draw(String name, String colour, AbstractHistogram h) {
        long total = h.getTotalCount();
        Svg svg = new Svg(WIDTH, HEIGHT, "latency", "exit latency histogram, " + name);
        Plot p = new Plot(svg);
        long[] counts = counts(h);
        long peak = 0;
        for (long c : counts) {
            peak = Math.max(peak, c);
        }
        String head = total == 0 ? name + ": no exits"
                : name + ": " + Units.count(total) + " exits, max " + Units.time(h.getMaxValue());
        svg.text(p.x0, 20, "start", "chart-title", head);
        p.countAxis(peak, "exits");
        p.slots(buckets);
        int every = Math.max(1, (int) Math.ceil(buckets / 6.0));
        for (int i = 1; i < buckets; i += every) {
            svg.text(p.x(i), p.y1 + 16, "middle", "tick", Units.time(first << (i - 1)));
        }
        svg.text((p.x0 + p.x1) / 2, svg.height() - 8, "middle", "axis-title",
                "exit latency (#VE to resume, log scale)");
        for (int i = 0; i < buckets; i++) {
            if (counts[i] > 0) {
                double top = p.y(counts[i]);
                String range = i == 0 ? "≤ " + Units.time(first)
                        : Units.time(first << (i - 1)) + " – " + Units.time(first << i);
                svg.rect(p.x(i) + 1, top, p.x(i + 1) - p.x(i) - 2, p.y1 - top, colour,
                        range + ": " + Units.count(counts[i]) + " exits");
            }
        }
        if (total > 0) {
            marker(p, "p50", h.getValueAtPercentile(50), 0);
            marker(p, "p99", h.getValueAtPercentile(99), 1);
        }
        p.frame();
        return svg.finish();
    }

    /** A dashed line at a percentile; labels sit on separate rows so close markers stay legible. */
    private void marker(Plot p, String label, long ns, int row) {
        double x = p.x(Math.min(slot(ns), buckets));
        p.svg.line(x, p.y0, x, p.y1, "marker");
        boolean right = x > (p.x0 + p.x1) / 2;
        p.svg.text(right ? x - 4 : x + 4, p.y0 + 10 + 14 * row, right ? "end" : "start", "marker-label",
                label + " " + Units.time(ns));
    }
}
