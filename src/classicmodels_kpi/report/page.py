"""The report page's fixed beginning (styles and plotly.js), shared by every HTML report.

Kept apart from the renderer, and cheap to import (no pandas, no database layer), because the PDF
path hands this beginning to Chromium before the report's numbers are gathered: the browser
parses the 4.8 MB of plotly.js, its largest single cost, while Python is still working.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from classicmodels_kpi.errors import CmkpiError

TEMPLATES = Path(__file__).parent / "templates"
HEAD_TEMPLATE = "report_head.html.j2"


@cache
def environment() -> jinja2.Environment:
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


@cache
def html_head() -> str:
    """The first bytes of every HTML report, up to and including the plotly.js script."""
    # plotly.js is trusted, pre-built code: mark it safe so it is embedded verbatim.
    return environment().get_template(HEAD_TEMPLATE).render(plotlyjs=Markup(plotly_js()))
