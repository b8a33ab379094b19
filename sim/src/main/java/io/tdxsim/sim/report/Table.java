package io.tdxsim.sim.report;

import java.util.ArrayList;
import java.util.List;

/** An HTML table whose cells are escaped text, with numeric columns right-aligned. */
final class Table {

    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> numeric = new ArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private final String cssClass;

    Table(String cssClass) {
        this.cssClass = cssClass;
    }

    Table col(String header) {
        headers.add(header);
        numeric.add(false);
        return this;
    }

    Table num(String header) {
        headers.add(header);
        numeric.add(true);
        return this;
    }

    Table row(Object... cells) {
        return rowWithClass(null, cells);
    }

    /** A row; a cell given as {@link Raw} is inserted as is (already escaped markup). */
    Table rowWithClass(String rowClass, Object... cells) {
        body.append(rowClass == null ? "<tr>" : "<tr class=\"" + Html.esc(rowClass) + "\">");
        for (int i = 0; i < cells.length; i++) {
            boolean num = i < numeric.size() && numeric.get(i);
            body.append(num ? "<td class=\"num\">" : "<td>");
            Object c = cells[i];
            body.append(c instanceof Raw raw ? raw.html() : Html.esc(c == null ? "" : c));
            body.append("</td>");
        }
        body.append("</tr>\n");
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder("<table class=\"").append(Html.esc(cssClass)).append("\">\n<thead><tr>");
        for (int i = 0; i < headers.size(); i++) {
            out.append(numeric.get(i) ? "<th class=\"num\">" : "<th>").append(Html.esc(headers.get(i))).append("</th>");
        }
        return out.append("</tr></thead>\n<tbody>\n").append(body).append("</tbody>\n</table>\n").toString();
    }

    /** Markup that is already safe. */
    record Raw(String html) {
    }
}
