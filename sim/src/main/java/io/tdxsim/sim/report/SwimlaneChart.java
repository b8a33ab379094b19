package io.tdxsim.sim.report;

import io.tdxsim.sim.run.ExitLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which vCPU each server (VMM router, device) was working for, over virtual time: one lane per
 * server, one bar per dispatch or service span, coloured by vCPU. When there are more spans than
 * the drawing budget, each pixel column shows the vCPU served longest within it, its height the
 * share of the column the server was busy, and runs of equal columns become one bar.
 */
final class SwimlaneChart {

    static final int MAX_EXACT_SPANS = 3000;
    static final int MAX_ELEMENTS = 5000;
    private static final double LANE = 30;
    private static final double GAP = 8;

    private record Span(int vcpu, long start, long end, String what) {
    }

    private final TracedExits traced;
    private final List<String> laneNames = new ArrayList<>();
    private final List<List<Span>> lanes = new ArrayList<>();
    private boolean binned;
    private boolean cut;

    private SwimlaneChart(TracedExits traced, List<String> deviceNames) {
        this.traced = traced;
        for (int i = 0; i < traced.routers(); i++) {
            laneNames.add(traced.routers() == 1 ? "VMM" : "VMM router " + i);
            lanes.add(new ArrayList<>());
        }
        for (String name : deviceNames) {
            laneNames.add(name);
            lanes.add(new ArrayList<>());
        }
        for (ExitLog.Row row : traced.rows()) {
            String op = (row.write() ? "write " : "read ") + traced.deviceName(row.device());
            lanes.get(traced.router(row)).add(new Span(row.vcpu(), row.vmmStartVt(), traced.dispatchEndVt(row),
                    "dispatch " + op));
            if (TracedExits.served(row) && row.device() < deviceNames.size()) {
                lanes.get(traced.routers() + row.device()).add(new Span(row.vcpu(), row.deviceStartVt(),
                        row.replyVt(), op + " +0x" + Long.toHexString(traced.offset(row))));
            }
        }
        for (List<Span> lane : lanes) {
            lane.sort(Comparator.comparingLong(Span::start).thenComparingInt(Span::vcpu));
        }
    }

    /** The chart and a sentence saying how it was drawn. */
    record Rendered(String svg, String note) {
    }

    static Rendered render(TracedExits traced, List<String> deviceNames, int vcpus) {
        return new SwimlaneChart(traced, deviceNames).draw(vcpus);
    }

    private Rendered draw(int vcpus) {
        int height = (int) (Plot.TOP + Plot.BOTTOM + lanes.size() * (LANE + GAP));
        Svg svg = new Svg(TimeCharts.WIDTH, height, "swimlane", "which vCPU each server served over time");
        Plot p = new Plot(svg, TimeCharts.LEFT);
        p.timeAxis(0, Math.max(1, traced.endVt()), "virtual time (dispatch and service spans)");
        int spans = lanes.stream().mapToInt(List::size).sum();
        binned = spans > MAX_EXACT_SPANS;
        for (int l = 0; l < lanes.size(); l++) {
            double top = p.y0 + l * (LANE + GAP) + GAP / 2;
            svg.text(p.x0 - 8, top + LANE / 2 + 4, "end", "lane", laneNames.get(l));
            svg.line(p.x0, top + LANE, p.x1, top + LANE, "lane-base");
            if (binned) {
                drawBinned(p, lanes.get(l), top);
            } else {
                drawExact(p, lanes.get(l), top);
            }
        }
        legend(p, vcpus);
        p.frame();
        String note = binned
                ? Units.count(spans) + " spans: each pixel column shows the vCPU served longest in it; a lower bar"
                        + " means the server was idle for part of the column."
                : Units.count(spans) + " spans, each drawn; hover a bar for its vCPU and access.";
        if (cut) {
            note += " Drawing stopped at " + Units.count(MAX_ELEMENTS) + " elements; later spans are not shown.";
        }
        return new Rendered(svg.finish(), note);
    }

    private void drawExact(Plot p, List<Span> lane, double top) {
        for (Span s : lane) {
            if (p.svg.elements() >= MAX_ELEMENTS) {
                cut = true;
                return;
            }
            double x = p.x(s.start());
            double w = Math.max(1, p.x(s.end()) - x);
            p.svg.rect(x, top, w, LANE, Palette.vcpu(s.vcpu()), "vcpu " + s.vcpu() + ": " + s.what() + ", "
                    + Units.time(s.start()) + " – " + Units.time(s.end()));
        }
    }

    private void drawBinned(Plot p, List<Span> lane, double top) {
        int columns = (int) Math.ceil(p.width());
        double nsPerColumn = p.xMax() / columns;
        int[] best = new int[columns];
        long[] busy = new long[columns];
        java.util.Arrays.fill(best, -1);
        Map<Integer, Long> share = new HashMap<>();
        int current = -1;
        long bestNs = 0;
        for (Span s : lane) {
            int c0 = column(s.start(), nsPerColumn, columns);
            int c1 = column(Math.max(s.start(), s.end() - 1), nsPerColumn, columns);
            for (int c = Math.max(c0, current); c <= c1; c++) {
                if (c != current) {
                    share.clear();
                    bestNs = 0;
                    current = c;
                }
                long from = Math.max(s.start(), (long) (c * nsPerColumn));
                long to = Math.min(s.end(), (long) ((c + 1) * nsPerColumn));
                long ns = Math.max(to - from, s.end() == s.start() ? 1 : 0);
                busy[c] += ns;
                long mine = share.merge(s.vcpu(), ns, Long::sum);
                if (mine > bestNs) {
                    bestNs = mine;
                    best[c] = s.vcpu();
                }
            }
        }
        int c = 0;
        while (c < columns) {
            if (best[c] < 0) {
                c++;
                continue;
            }
            int level = shade(busy[c], nsPerColumn);
            int end = c + 1;
            while (end < columns && best[end] == best[c] && shade(busy[end], nsPerColumn) == level) {
                end++;
            }
            if (p.svg.elements() >= MAX_ELEMENTS) {
                cut = true;
                return;
            }
            p.svg.rect(p.x0 + c, top + LANE * (1 - level / 10.0), end - c, LANE * level / 10.0,
                    Palette.vcpu(best[c]), "vcpu " + best[c] + " around " + Units.time(c * nsPerColumn));
            c = end;
        }
    }

    /** Busy fraction of a column in tenths, at least 3 so that short work stays visible. */
    private static int shade(long busyNs, double nsPerColumn) {
        return (int) Math.max(3, Math.min(10, Math.round(10 * busyNs / nsPerColumn)));
    }

    private static int column(long ns, double nsPerColumn, int columns) {
        return (int) Math.max(0, Math.min(columns - 1, ns / nsPerColumn));
    }

    /** Swatches for the first vCPUs, numbered; beyond that the colours keep stepping round the hue circle. */
    private static void legend(Plot p, int vcpus) {
        Svg svg = p.svg;
        svg.text(p.x0, 20, "start", "legend", "vCPU");
        double x = p.x0 + 38;
        int shown = vcpus <= 24 ? vcpus : 16;
        for (int v = 0; v < shown; v++) {
            svg.rect(x, 10, 12, 12, Palette.vcpu(v), null);
            String label = Integer.toString(v);
            svg.text(x + 15, 20, "start", "legend", label);
            x += 15 + 7 * label.length() + 10;
        }
        if (vcpus > shown) {
            svg.text(x, 20, "start", "legend", "… " + Units.count(vcpus) + " vCPUs in all; the colours keep cycling");
        }
    }
}
