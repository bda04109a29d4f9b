"""``cmkpi kpis``, ``cmkpi insights`` and ``cmkpi report``: the executive view of a database.

Only the period names are needed to declare the options; the KPI, insight and report code (with
pandas, the database layer, jinja2) is imported inside the command that runs.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from classicmodels_kpi.cli.app import DbOption, app, open_db, say, stdout
from classicmodels_kpi.errors import ParameterError
from classicmodels_kpi.kpis.periods import DEFAULT_PERIOD, PERIODS, parse_as_of

if TYPE_CHECKING:
    from classicmodels_kpi.kpis import KpiReport

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        show_default=False,
        help="Report as of this date (YYYY-MM-DD). Default: the latest orderDate in the data.",
    ),
]
PeriodOption = Annotated[
    str,
    typer.Option(
        "--period",
        help="ytd, qtd or mtd (against the same dates one year earlier), ttm (last 12 months "
        "against the 12 before) or year (the last full calendar year against the one before).",
    ),
]


KPI_FORMATS = ("table", "json")
INSIGHTS_FORMATS = ("table", "json", "md")
REPORT_FORMATS = ("html", "md", "pdf")

_COLOURS = {"good": "green", "bad": "red", "flat": "dim"}


def _choice(option: str, value: str, valid: tuple[str, ...]) -> str:
    """Validate a choice ourselves so a wrong one is one plain line (exit 2), not a usage box."""
    clean = value.strip().lower()
    if clean not in valid:
        raise ParameterError(f"unknown {option} {value!r}: use one of {', '.join(valid)}.")
    return clean


@app.command()
def kpis(
    db: DbOption = None,
    as_of: AsOfOption = None,
    period: PeriodOption = DEFAULT_PERIOD,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """The seven executive KPIs of a period, each against its like-for-like reference."""
    from classicmodels_kpi.kpis import compute_kpis

    period = _choice("--period", period, PERIODS)
    fmt = _choice("--format", fmt, KPI_FORMATS)
    as_of_day = parse_as_of(as_of)
    with open_db(db) as database:
        report = compute_kpis(database, as_of=as_of_day, period=period)
    if fmt == "json":
        print(json.dumps(report.to_dict(), indent=2))
        return
    print_kpi_table(report)


def print_kpi_table(report: KpiReport) -> None:
    from rich import box
    from rich.table import Table

    from classicmodels_kpi.kpis import format as fmt_kpi

    stdout().print(
        f"[bold]KPIs[/bold] as of {report.as_of.isoformat()}, {report.period_label} "
        f"({report.period}): {report.current_period} against {report.reference_period}",
        highlight=False,
    )
    lower = [k.definition.label for k in report.kpis.values() if not k.higher_is_better]
    table = Table(
        "KPI",
        "value",
        "reference",
        "delta",
        "delta %",
        box=box.SIMPLE_HEAD,
        caption="green: better, red: worse"
        + (f" (lower is better for {', '.join(lower)})" if lower else ""),
    )
    for column in table.columns[1:5]:
        column.justify = "right"
        column.no_wrap = True
    for kpi in report.kpis.values():
        row = fmt_kpi.kpi_row(kpi)
        colour = _COLOURS[row["direction"]]
        table.add_row(
            row["label"],
            row["value"],
            row["reference"],
            f"[{colour}]{row['delta']}[/{colour}]",
            f"[{colour}]{row['delta_pct']}[/{colour}]",
        )
    stdout().print(table)
    for note in report.notes:
        stdout().print(f"[yellow]note:[/yellow] {note}", highlight=False)


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, default=str)


@app.command()
def insights(
    db: DbOption = None,
    as_of: AsOfOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or md.")] = "table",
) -> None:
    """Findings computed from the catalogue, each with its numbers, source and recommendation."""
    from classicmodels_kpi.insights import insights as compute_insights

    fmt = _choice("--format", fmt, INSIGHTS_FORMATS)
    as_of_day = parse_as_of(as_of)
    with open_db(db) as database:
        result = compute_insights(database, as_of=as_of_day)
    if fmt == "json":
        print(_json(result.to_dict()))
        return
    # the renderers load rich, which JSON does not need
    from classicmodels_kpi.insights.render import insights_markdown, print_insights_table

    if fmt == "md":
        print(insights_markdown(result))
    else:
        print_insights_table(result, stdout())


@app.command()
def report(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.", dir_okay=False)],
    db: DbOption = None,
    as_of: AsOfOption = None,
    period: PeriodOption = DEFAULT_PERIOD,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            show_default=False,
            help="html, md or pdf. Default: from the -o file's extension (.md, .pdf), else html.",
        ),
    ] = None,
) -> None:
    """The executive KPI report: KPIs, insights, recommendations, data quality and charts."""
    from classicmodels_kpi.report import check_output, write_report

    period = _choice("--period", period, PERIODS)
    if fmt is None:  # `-o r.pdf` is a PDF, not HTML in a file named .pdf
        fmt = {".md": "md", ".markdown": "md", ".pdf": "pdf"}.get(output.suffix.lower(), "html")
    fmt = _choice("--format", fmt, REPORT_FORMATS)
    as_of_day = parse_as_of(as_of)
    check_output(output, fmt)
    with contextlib.ExitStack() as stack:
        printer = None
        if fmt == "pdf":
            from classicmodels_kpi.report.pdf import PdfPrinter

            # Chromium starts first, then gets the page's fixed beginning (plotly.js) to parse
            # while the numbers are gathered (two cores).
            printer = stack.enter_context(PdfPrinter())
            from classicmodels_kpi.report.page import html_head

            printer.send(html_head())
        with open_db(db) as database:
            path = write_report(
                database, output, fmt=fmt, as_of=as_of_day, period=period, printer=printer
            )
    say(f"wrote {path}")
