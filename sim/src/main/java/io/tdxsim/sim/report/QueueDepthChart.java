package io.tdxsim.sim.report;

import io.tdxsim.sim.run.ExitLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How many exits were waiting, over virtual time, one panel per queue: the VMM's (TDVMCALL
 * arrived, dispatch not yet begun: callVt to vmmStartVt, all routers together) and each device's
 * (handed over by the VMM, service not yet begun: dispatch end to deviceStartVt). Exits being
 * served are not counted. Each pixel column plots the highest depth reached within it, so short
 * bursts stay visible. Panels share the time axis; each has its own depth scale, since one
 * crowded queue would otherwise flatten the others.
 */
final class QueueDepthChart {

    private static final double PANEL = 64;
    private static final double GAP = 12;

    private QueueDepthChart() {
    }

    static String render(TracedExits traced, List<String> deviceNames) {
        List<String> names = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        names.add(traced.routers() == 1 ? "VMM" : "VMM (all)");
        colours.add(Palette.VMM);
        for (int i = 0; i < deviceNames.size(); i++) {
            names.add(deviceNames.get(i));
            colours.add(Palette.device(i));
        }
        List<List<long[]>> changes = new ArrayList<>();
        names.forEach(n -> changes.add(new ArrayList<>()));
        for (ExitLog.Row row : traced.rows()) {
            add(changes.get(0), row.callVt(), row.vmmStartVt());
            if (TracedExits.served(row) && row.device() < deviceNames.size()) {
                add(changes.get(1 + row.device()), traced.arrivalVt(row), row.deviceStartVt());
            }
        }
        int height = (int) (Plot.TOP + Plot.BOTTOM + names.size() * (PANEL + GAP));
        Svg svg = new Svg(TimeCharts.WIDTH, height, "queue-depth", "queue depth over virtual time");
        Plot p = new Plot(svg, TimeCharts.LEFT);
        p.timeAxis(0, Math.max(1, traced.endVt()), "virtual time");
        int columns = (int) Math.ceil(p.width());
        double nsPerColumn = p.xMax() / columns;
        svg.text(p.x0, 20, "start", "legend", "exits waiting (highest per pixel column; each panel has its own scale)");
        for (int s = 0; s < names.size(); s++) {
            int[] depth = sweep(changes.get(s), columns, nsPerColumn);
            int max = Arrays.stream(depth).max().orElse(0);
            double top = p.y0 + s * (PANEL + GAP) + GAP / 2;
            double base = top + PANEL;
            svg.text(p.x0 - 8, top + PANEL / 2, "end", "lane", names.get(s));
            svg.text(p.x0 - 8, top + PANEL / 2 + 14, "end", "tick", "max " + Units.count(max));
            svg.line(p.x0, top, p.x1, top, "grid");
            svg.text(p.x1 - 2, top + 11, "end", "tick", Units.count(Math.max(max, 1)));
            svg.area(area(p, depth, base, PANEL / Math.max(max, 1)), colours.get(s));
            svg.line(p.x0, base, p.x1, base, "lane-base");
        }
        p.frame();
        return svg.finish();
    }

    /**
     * The depth series behind the chart: per queue (the VMM first, then each device), the highest
     * depth within each of {@code columns} equal slices of the traced virtual time.
     */
    static List<int[]> series(TracedExits traced, int devices, int columns) {
        List<List<long[]>> changes = new ArrayList<>();
        for (int s = 0; s <= devices; s++) {
            changes.add(new ArrayList<>());
        }
        for (ExitLog.Row row : traced.rows()) {
            add(changes.get(0), row.callVt(), row.vmmStartVt());
            if (TracedExits.served(row) && row.device() < devices) {
                add(changes.get(1 + row.device()), traced.arrivalVt(row), row.deviceStartVt());
            }
        }
        double nsPerColumn = Math.max(1, traced.endVt()) / (double) columns;
        List<int[]> out = new ArrayList<>();
        for (List<long[]> c : changes) {
            out.add(sweep(c, columns, nsPerColumn));
        }
        return out;
    }

    private static void add(List<long[]> changes, long from, long to) {
        if (to > from) {
            changes.add(new long[] {from, +1});
            changes.add(new long[] {to, -1});
        }
    }

    /** Maximum depth per column; at equal times departures count before arrivals. */
    private static int[] sweep(List<long[]> changes, int columns, double nsPerColumn) {
        changes.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int[] max = new int[columns];
        int depth = 0;
        int i = 0;
        for (int c = 0; c < columns; c++) {
            max[c] = depth;
            double end = (c + 1) * nsPerColumn;
            while (i < changes.size() && (changes.get(i)[0] < end || c == columns - 1)) {
                depth += (int) changes.get(i)[1];
                max[c] = Math.max(max[c], depth);
                i++;
            }
        }
        return max;
    }

    /** A closed step outline over the baseline, one step per change of depth. */
    private static String area(Plot p, int[] depth, double base, double perExit) {
        StringBuilder d = new StringBuilder();
        d.append('M').append(Svg.n(p.x0)).append(',').append(Svg.n(base));
        int last = 0;
        for (int c = 0; c < depth.length; c++) {
            if (depth[c] != last) {
                d.append('H').append(Svg.n(p.x0 + c)).append('V').append(Svg.n(base - depth[c] * perExit));
                last = depth[c];
            }
        }
        d.append('H').append(Svg.n(p.x1)).append('V').append(Svg.n(base)).append('Z');
        return d.toString();
    }
}
