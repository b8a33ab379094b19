package io.tdxsim.sim.report;

import java.util.Locale;

/**
 * A small writer for inline SVG. Coordinates are rounded to one decimal to keep the page small;
 * all text goes through {@link Html#esc}. Counts drawn elements so charts can respect a budget.
 */
final class Svg {

    private final StringBuilder out = new StringBuilder(4096);
    private final int width;
    private final int height;
    private int elements;

    Svg(int width, int height, String kind, String label) {
        this.width = width;
        this.height = height;
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"").append(Html.esc(kind))
                .append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(Html.esc(label)).append("\">\n");
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int elements() {
        return elements;
    }

    static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    Svg rect(double x, double y, double w, double h, String fill, String title) {
        elements++;
        out.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"")
                .append(n(Math.max(w, 0))).append("\" height=\"").append(n(Math.max(h, 0))).append("\" fill=\"")
                .append(fill).append('"');
        if (title == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(Html.esc(title)).append("</title></rect>\n");
        }
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String cssClass) {
        elements++;
        out.append("<line class=\"").append(cssClass).append("\" x1=\"").append(n(x1)).append("\" y1=\"")
                .append(n(y1)).append("\" x2=\"").append(n(x2)).append("\" y2=\"").append(n(y2)).append("\"/>\n");
        return this;
    }

    /** Text anchored at (x, y); anchor is start, middle or end. */
    Svg text(double x, double y, String anchor, String cssClass, String text) {
        elements++;
        out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"")
                .append(anchor).append("\" class=\"").append(cssClass).append("\">").append(Html.esc(text))
                .append("</text>\n");
        return this;
    }

    /** Text turned 90° counter-clockwise about (x, y), for y-axis titles. */
    Svg verticalText(double x, double y, String cssClass, String text) {
        elements++;
        out.append("<text transform=\"translate(").append(n(x)).append(',').append(n(y))
                .append(") rotate(-90)\" text-anchor=\"middle\" class=\"").append(cssClass).append("\">")
                .append(Html.esc(text)).append("</text>\n");
        return this;
    }

    /** A filled shape from a prepared "d" attribute. */
    Svg area(String d, String fill) {
        elements++;
        out.append("<path class=\"area\" fill=\"").append(fill).append("\" d=\"").append(d).append("\"/>\n");
        return this;
    }

    String finish() {
        return out.append("</svg>\n").toString();
    }
}
