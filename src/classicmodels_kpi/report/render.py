"""Render the report data to HTML (one self-contained file) or Markdown with Jinja2."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from classicmodels_kpi import __version__
from classicmodels_kpi.errors import CmkpiError
from classicmodels_kpi.report.charts import Chart, build_charts
from classicmodels_kpi.report.data import ReportData

TEMPLATES = Path(__file__).parent / "templates"

#: Plotly config: no logo link, no "edit in Chart Studio" link; nothing that reaches the network.
PLOTLY_CONFIG = {"displaylogo": False}


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )


@cache
def plotly_js() -> str:
    """plotly.js, embedded inline so the HTML opens with no network (no CDN).

    The same file ``plotly.offline.get_plotlyjs()`` returns, read without importing plotly
    (that import alone costs a quarter of a second on every report)."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or spec.origin is None:  # pragma: no cover - plotly is a dependency
        raise CmkpiError("plotly is not installed: pip install plotly")
    bundle = Path(spec.origin).parent / "package_data" / "plotly.min.js"
    return bundle.read_text(encoding="utf-8")


def _common(data: ReportData) -> dict[str, object]:
    return {
        "r": data,
        "k": data.kpis,
        "quality": data.quality_findings,
        "lower_is_better": [
            k.definition.label for k in data.kpis.kpis.values() if not k.higher_is_better
        ],
        "version": __version__,
    }


def _chart_html(chart: Chart) -> Markup:
    """A div and the script that draws it; JSON made safe to sit inside <script>."""
    payload = json.dumps(
        [chart.figure["data"], chart.figure["layout"], PLOTLY_CONFIG],
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


def render_html(data: ReportData) -> str:
    charts = [
        {"id": c.id, "title": c.title, "source": c.source, "html": _chart_html(c)}
        for c in build_charts(data.context, data.kpis)
    ]
    template = _environment().get_template("report.html.j2")
    # plotly.js is trusted, pre-built code: mark it safe so it is embedded verbatim.
    return template.render(**_common(data), charts=charts, plotlyjs=Markup(plotly_js()))


def render_markdown(data: ReportData) -> str:
    template = _environment().get_template("report.md.j2")
    arrows = {"good": "▲", "bad": "▼", "flat": "="}
    return template.render(**_common(data), arrows=arrows)
