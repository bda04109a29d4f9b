"""The executive KPI report as HTML (one self-contained file), Markdown or PDF.

``write_report(db, "report.html", fmt="html")``: the KPIs, the insights grouped by section, the
recommendations, the data-quality summary and (HTML, PDF) the charts. Every number comes from
``compute_kpis`` and ``insights``, i.e. from the catalogue.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.database import Database
from classicmodels_kpi.errors import CmkpiError
from classicmodels_kpi.kpis import DEFAULT_PERIOD
from classicmodels_kpi.report.data import ReportData, gather
from classicmodels_kpi.report.render import render_html, render_markdown

FORMATS: tuple[str, ...] = ("html", "md", "pdf")

__all__ = ["FORMATS", "ReportData", "gather", "render_html", "render_markdown", "write_report"]


def write_report(
    db: Database | Catalogue,
    output: str | Path,
    fmt: str = "html",
    as_of: str | date | None = None,
    period: str = DEFAULT_PERIOD,
) -> Path:
    """Write the report to ``output``; returns the path written."""
    if fmt not in FORMATS:
        raise CmkpiError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}.")
    path = Path(output).expanduser()
    if path.is_dir():
        raise CmkpiError(f"{path} is a folder: give a file name for the report (-o report.{fmt}).")
    if not path.parent.exists():
        raise CmkpiError(f"the folder {path.parent} does not exist: create it or choose another.")
    if fmt == "pdf":
        from classicmodels_kpi.report.pdf import find_chromium

        find_chromium()  # fail before any work when the browser is missing
    data = gather(db, as_of=as_of, period=period)
    if fmt == "md":
        path.write_text(render_markdown(data), encoding="utf-8")
        return path
    html = render_html(data)
    if fmt == "html":
        path.write_text(html, encoding="utf-8")
        return path
    from classicmodels_kpi.report.pdf import html_to_pdf

    return html_to_pdf(html, path)
