package io.tdxsim.sim.report;

/** The report page's style sheet, inlined so the page needs nothing else. */
final class ReportStyle {

    private ReportStyle() {
    }

    static final String CSS = """
            :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --panel: #f6f7f9; --accent: #4e79a7; }
            * { box-sizing: border-box; }
            body { margin: 0; color: var(--ink); background: #fff;
                   font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            main { max-width: 1260px; margin: 0 auto; padding: 24px 24px 40px; }
            header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 600; }
            .meta { margin: 0; color: var(--muted); }
            nav { margin-top: 8px; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 13px; }
            nav a { color: var(--accent); text-decoration: none; }
            h2 { font-size: 18px; font-weight: 600; margin: 28px 0 6px; padding-bottom: 4px;
                 border-bottom: 1px solid var(--line); }
            h3 { font-size: 15px; font-weight: 600; margin: 18px 0 6px; }
            .caption { margin: 0 0 10px; color: var(--muted); max-width: 100ch; }
            .warning { background: #fff4e5; border: 1px solid #f0b45a; padding: 8px 12px; border-radius: 6px; }
            .note { color: var(--muted); }
            .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 12px;
                       margin-top: 18px; }
            .figure { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
            .figure .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
            .figure .value { font-size: 17px; font-weight: 600; margin-top: 2px; }
            figure { margin: 0; }
            .grid { display: flex; flex-wrap: wrap; gap: 12px; }
            .grid figure, figure.wide { background: #fff; border: 1px solid var(--line); border-radius: 8px;
                                         padding: 6px; max-width: 100%; overflow-x: auto; }
            svg.chart { display: block; max-width: 100%; height: auto; font-size: 11px; }
            svg .grid { stroke: #e7e9ee; stroke-width: 1; }
            svg .axis { stroke: #8a92a3; stroke-width: 1; }
            svg .lane-base { stroke: #e1e4ea; stroke-width: 1; }
            svg .tick { fill: var(--muted); }
            svg .axis-title { fill: var(--ink); font-size: 12px; }
            svg .chart-title { fill: var(--ink); font-size: 13px; font-weight: 600; }
            svg .legend, svg .lane { fill: var(--ink); font-size: 12px; }
            svg .marker { stroke: #1d2330; stroke-width: 1; stroke-dasharray: 4 3; }
            svg .marker-label { fill: #1d2330; font-size: 11px; }
            svg .area { stroke: none; opacity: .9; }
            table { border-collapse: collapse; margin: 6px 0 10px; }
            table.wide { width: 100%; }
            th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
            th { background: var(--panel); font-weight: 600; white-space: nowrap; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            tr.fault td { background: #fdeeee; }
            .log { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; color: #7a2f2f; }
            details summary { cursor: pointer; color: var(--muted); }
            pre { margin: 4px 0; font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
            code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
            .wall { color: var(--muted); }
            footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
            """;
}
