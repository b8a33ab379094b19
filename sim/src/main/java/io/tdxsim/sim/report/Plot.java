package io.tdxsim.sim.report;

import java.util.List;
import java.util.function.DoubleFunction;

/**
 * The frame shared by the report's charts: a plot area inside margins, linear scales, gridded
 * axes with round ticks and titles, and a one-line legend above the plot.
 */
final class Plot {

    static final double LEFT = 64;
    static final double RIGHT = 20;
    static final double TOP = 34;
    static final double BOTTOM = 46;

    final Svg svg;
    final double x0;
    final double x1;
    final double y0;
    final double y1;
    private double xMin;
    private double xMax = 1;
    private double yMin;
    private double yMax = 1;

    Plot(Svg svg) {
        this(svg, LEFT);
    }

    Plot(Svg svg, double left) {
        this.svg = svg;
        this.x0 = left;
        this.x1 = svg.width() - RIGHT;
        this.y0 = TOP;
        this.y1 = svg.height() - BOTTOM;
    }

    double xMax() {
        return xMax;
    }

    double width() {
        return x1 - x0;
    }

    double x(double v) {
        return x0 + (v - xMin) / (xMax - xMin) * (x1 - x0);
    }

    double y(double v) {
        return y1 - (v - yMin) / (yMax - yMin) * (y1 - y0);
    }

    /** Sets the x domain and draws a time axis (virtual ns) with gridlines and a title. */
    void timeAxis(double min, double max, String title) {
        xAxis(min, max, Units::time, title);
    }

    void xAxis(double min, double max, DoubleFunction<String> label, String title) {
        List<Double> ticks = Ticks.nice(min, max, Math.max(2, (int) (width() / 110)));
        xMin = min;
        xMax = Math.max(ticks.get(ticks.size() - 1), min + 1);
        for (double t : ticks) {
            double x = x(t);
            svg.line(x, y0, x, y1, "grid");
            svg.text(x, y1 + 16, "middle", "tick", label.apply(t));
        }
        svg.text((x0 + x1) / 2, svg.height() - 8, "middle", "axis-title", title);
    }

    /** Sets the y domain from 0 to at least max and draws count ticks and a title. */
    void countAxis(double max, String title) {
        List<Double> ticks = Ticks.nice(0, Math.max(max, 1), 5);
        ticks.removeIf(t -> t != Math.rint(t));
        yMin = 0;
        yMax = Math.max(ticks.get(ticks.size() - 1), 1);
        for (double t : ticks) {
            double y = y(t);
            svg.line(x0, y, x1, y, "grid");
            svg.text(x0 - 6, y + 4, "end", "tick", Units.count((long) t));
        }
        svg.verticalText(16, (y0 + y1) / 2, "axis-title", title);
    }

    /** Sets a category x domain of {@code n} equal slots (for bucketed data). */
    void slots(int n) {
        xMin = 0;
        xMax = Math.max(n, 1);
    }

    void frame() {
        svg.line(x0, y1, x1, y1, "axis");
        svg.line(x0, y0, x0, y1, "axis");
    }

    /** Swatches and names in one row above the plot, starting at the plot's left edge. */
    void legend(List<String> names, List<String> colours) {
        double x = x0;
        for (int i = 0; i < names.size(); i++) {
            double w = 18 + 7 * names.get(i).length() + 14;
            if (x + w > x1 + RIGHT) {
                svg.text(x, 20, "start", "legend", "…");
                break;
            }
            svg.rect(x, 10, 12, 12, colours.get(i), null);
            svg.text(x + 17, 20, "start", "legend", names.get(i));
            x += w;
        }
    }
}
