package io.tdxsim.sim.report;

import io.tdxsim.sim.run.ExitLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How many exits were waiting, over virtual time: at the VMM (TDVMCALL arrived, dispatch not yet
 * begun: callVt to vmmStartVt, all routers together) and at each device (handed over by the VMM,
 * service not yet begun: dispatch end to deviceStartVt). Exits being served are not counted.
 * Each pixel column plots the highest depth reached within it, so short bursts stay visible.
 */
final class QueueDepthChart {

    static final int HEIGHT = 280;

    private QueueDepthChart() {
    }

    static String render(TracedExits traced, List<String> deviceNames) {
        int series = deviceNames.size() + 1;
        List<List<long[]>> changes = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            changes.add(new ArrayList<>());
        }
        for (ExitLog.Row row : traced.rows()) {
            add(changes.get(0), row.callVt(), row.vmmStartVt());
            if (TracedExits.served(row) && row.device() < deviceNames.size()) {
                add(changes.get(1 + row.device()), traced.arrivalVt(row), row.deviceStartVt());
            }
        }
        Svg svg = new Svg(TimeCharts.WIDTH, HEIGHT, "queue-depth", "queue depth over virtual time");
        Plot p = new Plot(svg, TimeCharts.LEFT);
        p.timeAxis(0, Math.max(1, traced.endVt()), "virtual time");
        int columns = (int) Math.ceil(p.width());
        double nsPerColumn = p.xMax() / columns;
        List<int[]> depths = new ArrayList<>();
        int peak = 0;
        for (List<long[]> c : changes) {
            int[] d = sweep(c, columns, nsPerColumn);
            depths.add(d);
            peak = Math.max(peak, Arrays.stream(d).max().orElse(0));
        }
        p.countAxis(peak, "exits waiting");
        List<String> names = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        names.add("VMM");
        colours.add(Palette.VMM);
        for (int i = 0; i < deviceNames.size(); i++) {
            names.add(deviceNames.get(i));
            colours.add(Palette.device(i));
        }
        // Devices first and the VMM last, so the VMM's dashed line stays visible on top.
        for (int s = 1; s <= series; s++) {
            int idx = s % series;
            svg.path(steps(p, depths.get(idx)), colours.get(idx), idx == 0 ? "series dashed" : "series");
        }
        p.legend(names, colours);
        p.frame();
        return svg.finish();
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

    private static String steps(Plot p, int[] depth) {
        StringBuilder d = new StringBuilder();
        d.append('M').append(Svg.n(p.x0)).append(',').append(Svg.n(p.y(depth[0])));
        int last = depth[0];
        for (int c = 1; c < depth.length; c++) {
            if (depth[c] != last) {
                d.append('H').append(Svg.n(p.x0 + c)).append('V').append(Svg.n(p.y(depth[c])));
                last = depth[c];
            }
        }
        d.append('H').append(Svg.n(p.x1));
        return d.toString();
    }
}
