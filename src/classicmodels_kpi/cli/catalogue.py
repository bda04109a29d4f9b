"""``cmkpi catalogue``, ``cmkpi query`` and ``cmkpi check``: the SQL catalogue from the shell."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from classicmodels_kpi.catalogue import DIALECTS, LAYERS, Query, get_query, queries
from classicmodels_kpi.cli.app import DbOption, app, open_db, stdout
from classicmodels_kpi.errors import CmkpiError, ParameterError

if TYPE_CHECKING:
    import pandas as pd

LIST_FORMATS = ("table", "json")
QUERY_FORMATS = ("table", "csv", "json", "parquet", "xlsx")
BINARY_FORMATS = ("parquet", "xlsx")
SEVERITIES = ("error", "warning", "info")
_SUFFIX_FORMAT = {".csv": "csv", ".json": "json", ".parquet": "parquet", ".xlsx": "xlsx"}
_NUMERIC = ("int", "float", "money", "pct")

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        show_default=False,
        help="table, csv, json, parquet or xlsx (parquet and xlsx need -o). Default: from the -o "
        "file's extension, else table.",
    ),
]


def _choice(option: str, value: str, valid: tuple[str, ...]) -> str:
    """A wrong choice is one plain line (exit 2) naming the valid ones, not a usage box."""
    clean = value.strip().lower()
    if clean not in valid:
        raise ParameterError(f"unknown {option} {value!r}: use one of {', '.join(valid)}.")
    return clean


# -- cmkpi catalogue ----------------------------------------------------------------------------
@app.command("catalogue")
def list_catalogue(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    layer: Annotated[
        str | None,
        typer.Option("--layer", show_default=False, help=f"Only one layer: {', '.join(LAYERS)}."),
    ] = None,
) -> None:
    """List every catalogue query: name, layer and title (json adds parameters and columns)."""
    fmt = _choice("--format", fmt, LIST_FORMATS)
    chosen = [q for q in queries().values() if layer is None or q.layer == layer]
    if layer is not None and layer not in LAYERS:
        raise ParameterError(f"unknown layer {layer!r}: use one of {', '.join(LAYERS)}.")
    if fmt == "json":
        print(json.dumps([_describe(q) for q in chosen], indent=2, ensure_ascii=False))
        return
    table = Table("name", "layer", "title", box=box.SIMPLE_HEAD)
    for q in chosen:
        table.add_row(q.name, q.layer, q.title)
    stdout().print(table)
    stdout().print(
        f"{len(chosen)} queries. Run one with `cmkpi query NAME`; `cmkpi catalogue --format json` "
        "shows each one's question, parameters and columns.",
        highlight=False,
    )


def _describe(q: Query) -> dict[str, Any]:
    return {
        "name": q.name,
        "layer": q.layer,
        "title": q.title,
        "question": q.question,
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "default": p.default,
                **({"range": [p.low, p.high]} if p.low is not None or p.high is not None else {}),
                "doc": p.doc,
            }
            for p in q.params
        ],
        "columns": [{"name": c.name, "type": c.type, "doc": c.doc} for c in q.columns],
        "computed_in_python": q.python is not None,
    }


# -- cmkpi query --------------------------------------------------------------------------------
@app.command()
def query(
    name: Annotated[str, typer.Argument(help="Query name (see `cmkpi catalogue`).")],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            show_default=False,
            help="A parameter as key=value (repeatable), e.g. -p as_of=2005-05-31.",
        ),
    ] = None,
    fmt: FormatOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", show_default=False, help="Write the result to this file."),
    ] = None,
    sql: Annotated[
        bool,
        typer.Option(
            "--sql",
            help="Print the SQL instead of running it: as the --db database runs it, or in "
            "--dialect.",
        ),
    ] = False,
    dialect: Annotated[
        str | None,
        typer.Option(
            "--dialect",
            show_default=False,
            help=f"Print the SQL for {', '.join(DIALECTS)} (implies --sql; canonical names; "
            "no database needed).",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Run one catalogue query and print or save its result."""
    target = get_query(name)
    if sql or dialect:
        text = _query_sql(target, dialect, db) + "\n"
        if output is None:
            sys.stdout.write(text)
        else:  # `--sql -o q.sql` saves it (it printed nothing and wrote nothing)
            from classicmodels_kpi.output import check_output_file

            _write_text(check_output_file(output, example=f"{target.name}.sql"), text)
        return
    params = _parse_params(target, param or [])
    fmt = _output_format(fmt, output)
    if output is not None:
        from classicmodels_kpi.output import check_output_file

        output = check_output_file(output)
    from classicmodels_kpi.catalogue import Catalogue

    with open_db(db) as database:
        frame = Catalogue(database).run(target.name, **params)
    _emit(frame, target, fmt, output)


def _query_sql(target: Query, dialect: str | None, db: str | None) -> str:
    from classicmodels_kpi.catalogue import Catalogue, transpile_query

    if dialect is not None:
        return transpile_query(target.name, _choice("--dialect", dialect, DIALECTS))
    with open_db(db) as database:
        return Catalogue(database).sql(target.name)


def _parse_params(target: Query, given: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    valid = ", ".join(p.name for p in target.params) or "none"
    for item in given:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ParameterError(
                f"--param {item!r} is not key=value. Parameters of {target.name}: {valid}."
            )
        if key in params:  # the last one silently won
            raise ParameterError(f"--param {key} is given twice: give it once.")
        params[key] = value
    return params


def _output_format(fmt: str | None, output: Path | None) -> str:
    if fmt is None:
        fmt = _SUFFIX_FORMAT.get(output.suffix.lower(), "table") if output else "table"
    fmt = _choice("--format", fmt, QUERY_FORMATS)
    if fmt in BINARY_FORMATS and output is None:
        raise ParameterError(f"--format {fmt} writes a binary file: give -o FILE.")
    return fmt


def _emit(frame: pd.DataFrame, target: Query, fmt: str, output: Path | None) -> None:
    if fmt in BINARY_FORMATS:
        assert output is not None
        _write_binary(frame, fmt, output)
        return
    if fmt == "table":
        if output is not None:
            _write_text(output, _plain_table(frame, target))
            return
        _print_table(frame, target, title=f"{target.name}: {target.title}")
        return
    text = _to_csv(frame) if fmt == "csv" else _to_json(frame, target)
    if output is not None:
        _write_text(output, text)
    else:
        sys.stdout.write(text)


def _write_text(output: Path, text: str) -> None:
    from classicmodels_kpi.output import write_output

    write_output(output, lambda path: path.write_text(text, encoding="utf-8"))


def _write_binary(frame: pd.DataFrame, fmt: str, output: Path) -> None:
    from classicmodels_kpi.output import write_output, write_xlsx

    if fmt == "parquet":
        write_output(output, lambda path: frame.to_parquet(path, index=False))
    else:
        write_output(output, lambda path: write_xlsx(frame, path))


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as YYYY-MM-DD (the catalogue's dates have no time of day)."""
    import pandas as pd

    copy = frame.copy()
    for col in copy.columns:
        if pd.api.types.is_datetime64_any_dtype(copy[col]):
            copy[col] = [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in copy[col]]
    return copy


def _to_csv(frame: pd.DataFrame) -> str:
    return str(_dates_as_text(frame).to_csv(index=False, lineterminator="\n"))


def _plain(value: Any) -> Any:
    """A JSON-ready Python value: numpy scalars unwrapped, NaN/NA/NaT as null."""
    import pandas as pd

    if value is None or (not isinstance(value, str | bytes) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    text = _dates_as_text(frame)
    return [
        {str(col): _plain(v) for col, v in zip(text.columns, row, strict=True)}
        for row in text.itertuples(index=False, name=None)
    ]


def _to_json(frame: pd.DataFrame, target: Query) -> str:
    return json.dumps(_records(frame), indent=2, ensure_ascii=False) + "\n"


def _cell(value: Any, kind: str) -> str:
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if kind == "money":
        return f"{float(value):,.2f}"
    if kind == "pct":
        return f"{float(value):.2f}"
    if kind == "float":
        return f"{float(value):,.4f}"
    if kind == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if kind == "bool":
        return "yes" if bool(value) else "no"
    return str(value)


def _kinds(frame: pd.DataFrame, target: Query) -> dict[str, str]:
    declared = {c.name: c.type for c in target.columns}
    return {str(col): declared.get(str(col), "text") for col in frame.columns}


def _print_table(frame: pd.DataFrame, target: Query, *, title: str | None = None) -> None:
    kinds = _kinds(frame, target)
    rows = [
        [_cell(v, k) for v, k in zip(row, kinds.values(), strict=True)]
        for row in frame.itertuples(index=False, name=None)
    ]
    _print_rows(list(kinds), rows, [k in _NUMERIC for k in kinds.values()], title=title)
    stdout().print(f"{len(frame)} row{'s' if len(frame) != 1 else ''}", highlight=False)


def _print_rows(
    header: list[str], rows: list[list[str]], numeric: list[bool], *, title: str | None = None
) -> None:
    """A rich table at its natural width: cells are never cut or wrapped (pipe it to less -S)."""
    table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left")
    for col, is_number in zip(header, numeric, strict=True):
        table.add_column(col, justify="right" if is_number else "left", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    natural = sum(widths) + 3 * len(widths) + 2
    wide = Console(width=max(stdout().width, natural), soft_wrap=True, highlight=False)
    wide.print(table, markup=False)


def _plain_table(frame: pd.DataFrame, target: Query) -> str:
    """The table format written to a file: aligned columns, no colours, no box drawing."""
    kinds = _kinds(frame, target)
    rows = [
        [_cell(v, k) for v, k in zip(row, kinds.values(), strict=True)]
        for row in frame.itertuples(index=False, name=None)
    ]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(kinds)]
    numeric = [k in _NUMERIC for k in kinds.values()]

    def line(cells: list[str]) -> str:
        parts = [
            c.rjust(w) if n else c.ljust(w) for c, w, n in zip(cells, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    return "\n".join([line(list(kinds)), *(line(r) for r in rows)]) + "\n"


# -- cmkpi check --------------------------------------------------------------------------------
@app.command()
def check(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Run every data-quality check; exit 1 when any finding has error severity.

    Severities: error = the data breaks a rule the figures rely on (missing required value,
    duplicate key, orphan row, impossible date, dates out of order, zero or negative amount);
    warning = suspect but usable (stray spaces, price below cost or far from MSRP, missing credit
    limit, negative stock); info = worth knowing (customers without a sales rep).
    """
    fmt = _choice("--format", fmt, LIST_FORMATS)
    from classicmodels_kpi.catalogue import Catalogue
    from classicmodels_kpi.catalogue.checks import run_checks

    with open_db(db) as database:
        report = run_checks(Catalogue(database))
        where = database.display_url
    if fmt == "json":
        print(json.dumps(report.to_dict(where), indent=2, ensure_ascii=False))
    else:
        _print_check_report(report, where)
    if report.has_errors:
        errors = report.totals()["error"]
        raise CmkpiError(
            f"{errors} data-quality finding{'s' if errors != 1 else ''} of error severity "
            "(listed above).",
            exit_code=1,
        )


def _print_check_report(report: Any, where: str) -> None:
    totals = report.totals()
    stdout().print(f"[bold]Data quality[/bold] of {where}", highlight=False)
    summary = Table(
        "query", "check", "error", "warning", "info", box=box.SIMPLE_HEAD, title_justify="left"
    )
    for row in report.summary():
        cells = [str(row[s]) if row[s] else "" for s in SEVERITIES]
        summary.add_row(row["query"], row["check"] or "[dim]ok[/dim]", *cells)
    stdout().print(summary)
    findings = report.findings
    if len(findings):
        rows = [
            ["" if v is None else str(v) for v in row]
            for row in findings.itertuples(index=False, name=None)
        ]
        _print_rows(
            [str(c) for c in findings.columns],
            rows,
            [False] * len(findings.columns),
            title="Findings",
        )
    verdict = (
        f"{totals['error']} error(s), {totals['warning']} warning(s), {totals['info']} info "
        f"finding(s) in {len(report.results)} checks."
    )
    stdout().print(
        f"[red]{verdict}[/red]" if report.has_errors else f"[green]{verdict}[/green]",
        highlight=False,
    )
