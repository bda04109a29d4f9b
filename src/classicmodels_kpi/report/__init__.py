"""The executive KPI report as HTML (one self-contained file), Markdown or PDF.

``write_report(db, "report.html", fmt="html")``: the KPIs, the insights grouped by section, the
recommendations, the data-quality summary and (HTML, PDF) the charts. Every number comes from
``compute_kpis`` and ``insights``, i.e. from the catalogue.

Importing this package is cheap (no pandas, no database layer) so that ``cmkpi report`` can check
its output path and start Chromium before the heavy imports; ``gather`` and the renderers load
on first use.
"""

from __future__ import annotations

import contextlib
import importlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classicmodels_kpi.errors import CmkpiError
from classicmodels_kpi.kpis.periods import DEFAULT_PERIOD

if TYPE_CHECKING:
    from classicmodels_kpi.catalogue import Catalogue
    from classicmodels_kpi.database import Database
    from classicmodels_kpi.report.data import ReportData, gather
    from classicmodels_kpi.report.pdf import PdfPrinter
    from classicmodels_kpi.report.render import render_html, render_markdown

FORMATS: tuple[str, ...] = ("html", "md", "pdf")

__all__ = [
    "FORMATS",
    "ReportData",
    "check_output",
    "gather",
    "render_html",
    "render_markdown",
    "write_report",
]

_LAZY = {
    "ReportData": "classicmodels_kpi.report.data",
    "gather": "classicmodels_kpi.report.data",
    "render_html": "classicmodels_kpi.report.render",
    "render_markdown": "classicmodels_kpi.report.render",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_output(output: str | Path, fmt: str) -> Path:
    """The file to write, refused before any work when it cannot be written."""
    if fmt not in FORMATS:
        raise CmkpiError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}.")
    from classicmodels_kpi.output import check_output_file

    return check_output_file(output, example=f"report.{fmt}")


def write_report(
    db: Database | Catalogue,
    output: str | Path,
    fmt: str = "html",
    as_of: str | date | None = None,
    period: str = DEFAULT_PERIOD,
    *,
    printer: PdfPrinter | None = None,
) -> Path:
    """Write the report to ``output``; returns the path written.

    PDF: ``printer`` is a Chromium already started (the CLI starts it before its imports);
    without one, Chromium is started here, and loads while the numbers are gathered.
    """
    path = check_output(output, fmt)
    from classicmodels_kpi.output import write_output
    from classicmodels_kpi.report.data import gather
    from classicmodels_kpi.report.render import (
        render_html,
        render_markdown,
        render_rest,
        render_top,
    )

    if fmt in ("md", "html"):
        render = render_markdown if fmt == "md" else render_html
        text = render(gather(db, as_of=as_of, period=period))
        write_output(path, lambda p: p.write_text(text, encoding="utf-8"))
        return path
    with contextlib.ExitStack() as stack:
        if printer is None:
            from classicmodels_kpi.report.pdf import PdfPrinter

            # fails before any work when the browser is missing
            printer = stack.enter_context(PdfPrinter())
        from classicmodels_kpi.report.page import html_head

        printer.send(html_head())  # what every report begins with: plotly.js to parse
        data = gather(db, as_of=as_of, period=period)
        top = render_top(data, interactive=False)
        printer.send(top)  # the browser draws the charts while the insights are computed
        page = top + render_rest(data)
        return write_output(path, lambda p: printer.print(page, p))
