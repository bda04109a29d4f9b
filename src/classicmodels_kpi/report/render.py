"""Render the report data to HTML (one self-contained file) or Markdown with Jinja2."""

from __future__ import annotations

import json

from markupsafe import Markup

from classicmodels_kpi import __version__
from classicmodels_kpi.report.charts import Chart, build_charts
from classicmodels_kpi.report.data import ReportData
from classicmodels_kpi.report.page import environment, html_head

#: Plotly config: no logo link, no "edit in Chart Studio" link; nothing that reaches the network.
PLOTLY_CONFIG = {"displaylogo": False}
#: For print: the same drawing without zoom, hover or modebar layers (a sixth less for Chromium).
PLOTLY_PRINT_CONFIG = {**PLOTLY_CONFIG, "staticPlot": True}


#: How a change reads without colour (print in black and white, colour-blind readers).
ARROWS = {"good": "▲", "bad": "▼", "flat": "="}


def _common(data: ReportData) -> dict[str, object]:
    """What every part of the page uses; none of it needs the insights."""
    return {
        "r": data,
        "k": data.kpis,
        "lower_is_better": [
            k.definition.label for k in data.kpis.kpis.values() if not k.higher_is_better
        ],
        "arrows": ARROWS,
        "version": __version__,
    }


#: The PDF's charts: A4's printable width (186 mm, 703 px) and a height that puts three charts
#: on a page (269 mm, 1017 px, with their captions and source lines); at the screen's height
#: only two fitted and a third of every chart page stayed blank.
PRINT_WIDTH, PRINT_HEIGHT = 700, 250


def _chart_html(chart: Chart, config: dict[str, bool], *, fluid: bool) -> Markup:
    """A div and the script that draws it; JSON made safe to sit inside <script>.

    ``fluid``: as wide as the page allows up to the chart's width, redrawn when the window
    changes (a phone is narrower than a chart); otherwise (the PDF) the fixed print size.
    """
    layout = dict(chart.figure["layout"])
    if not fluid:
        layout["width"], layout["height"] = PRINT_WIDTH, PRINT_HEIGHT
    width, height = layout["width"], layout["height"]
    style = f"width:{width}px;height:{height}px"
    if fluid:
        del layout["width"]
        layout["autosize"] = True
        config = {**config, "responsive": True}
        style = f"width:100%;max-width:{width}px;height:{height}px"
    payload = json.dumps(
        [chart.figure["data"], layout, config],
        separators=(",", ":"),
        allow_nan=False,
    )
    payload = payload.replace("</", "<\\/")
    div = f"plot-{chart.id}"
    return Markup(
        f'<div id="{div}" class="plot" style="{style}"></div>\n'
        f'<script>Plotly.newPlot("{div}", ...{payload});</script>'
    )


def render_top(data: ReportData, *, interactive: bool = True) -> str:
    """The page up to its charts (fixed head, title, KPIs, charts): no insight needed."""
    config = PLOTLY_CONFIG if interactive else PLOTLY_PRINT_CONFIG
    charts = [
        {
            "id": c.id,
            "caption": c.caption,
            "source": c.source,
            "html": _chart_html(c, config, fluid=interactive),
        }
        for c in build_charts(data.context, data.kpis)
    ]
    template = environment().get_template("report_top.html.j2")
    return html_head() + template.render(**_common(data), charts=charts)


def render_rest(data: ReportData) -> str:
    """The page after its charts: insights, recommendations, data quality, definitions."""
    template = environment().get_template("report_rest.html.j2")
    return template.render(**_common(data), quality=data.quality_findings)


def render_html(data: ReportData, *, interactive: bool = True) -> str:
    """The page; ``interactive=False`` (for the PDF) draws the same charts as static pictures."""
    return render_top(data, interactive=interactive) + render_rest(data)


def markdown_table(header: list[str], rows: list[list[str]], right: set[int]) -> str:
    """A Markdown table whose columns line up as plain text too (``right``: columns aligned
    right, numbers)."""
    cells = [[c.replace("|", "\\|") for c in row] for row in [header, *rows]]
    widths = [max(3, *(len(row[i]) for row in cells)) for i in range(len(header))]

    def line(row: list[str]) -> str:
        padded = (
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        return "| " + " | ".join(padded) + " |"

    rule = "| " + " | ".join(
        "-" * (w - 1) + ":" if i in right else "-" * w for i, w in enumerate(widths)
    )
    return "\n".join([line(cells[0]), rule + " |", *(line(row) for row in cells[1:])])


def render_markdown(data: ReportData) -> str:
    template = environment().get_template("report.md.j2")
    kpi_table = markdown_table(
        ["KPI", "Value", "Reference", "Change", "Change %"],
        [
            [
                row["label"],
                row["value"],
                row["reference"],
                f"{row['delta']} {ARROWS[row['direction']]}",
                row["delta_pct"],
            ]
            for row in data.kpi_rows
        ],
        right={1, 2, 3, 4},
    )
    definitions_table = markdown_table(
        ["KPI", "Definition"],
        [[f"{d['label']} (`{d['name']}`)", d["definition"]] for d in data.definitions],
        right=set(),
    )
    return template.render(
        **_common(data),
        quality=data.quality_findings,
        kpi_table=kpi_table,
        definitions_table=definitions_table,
    )
