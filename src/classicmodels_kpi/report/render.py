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


def _common(data: ReportData) -> dict[str, object]:
    """What every part of the page uses; none of it needs the insights."""
    return {
        "r": data,
        "k": data.kpis,
        "lower_is_better": [
            k.definition.label for k in data.kpis.kpis.values() if not k.higher_is_better
        ],
        "version": __version__,
    }


def _chart_html(chart: Chart, config: dict[str, bool]) -> Markup:
    """A div and the script that draws it; JSON made safe to sit inside <script>."""
    payload = json.dumps(
        [chart.figure["data"], chart.figure["layout"], config],
        separators=(",", ":"),
        allow_nan=False,
    )
    payload = payload.replace("</", "<\\/")
    div = f"plot-{chart.id}"
    width, height = chart.figure["layout"]["width"], chart.figure["layout"]["height"]
    return Markup(
        f'<div id="{div}" class="plot" style="width:{width}px;height:{height}px"></div>\n'
        f'<script>Plotly.newPlot("{div}", ...{payload});</script>'
    )


def render_top(data: ReportData, *, interactive: bool = True) -> str:
    """The page up to its charts (fixed head, title, KPIs, charts): no insight needed."""
    config = PLOTLY_CONFIG if interactive else PLOTLY_PRINT_CONFIG
    charts = [
        {"id": c.id, "title": c.title, "source": c.source, "html": _chart_html(c, config)}
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


def render_markdown(data: ReportData) -> str:
    template = environment().get_template("report.md.j2")
    arrows = {"good": "▲", "bad": "▼", "flat": "="}
    return template.render(**_common(data), quality=data.quality_findings, arrows=arrows)
