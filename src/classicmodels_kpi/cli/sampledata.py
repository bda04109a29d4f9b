"""``cmkpi import`` and ``cmkpi generate``: the only commands that write, into the --to target.

The generator, importer and writer (numpy, pandas, pyarrow, SQLAlchemy) are imported inside the
commands, so declaring them costs ``cmkpi --help`` nothing.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from classicmodels_kpi.cli.app import app, say, stderr
from classicmodels_kpi.errors import DatabaseError, ParameterError

if TYPE_CHECKING:
    import pandas as pd

    from classicmodels_kpi.database.url import DbUrl
    from classicmodels_kpi.sampledata.generator import SyntheticData

#: ``sampledata.generator``'s DEFAULT_SEED and MAX_SCALE, spelt out so that declaring the options
#: does not import numpy and pandas (tests/cli/test_startup.py holds them equal).
DEFAULT_SEED = 42
MAX_SCALE = 10_000

ToOption = Annotated[
    str,
    typer.Option(
        "--to",
        show_default=False,
        help="Target database, written to: a SQLAlchemy URL (sqlite:///f.sqlite, "
        "duckdb:///f.duckdb, postgresql+psycopg://user@host/db, mysql+pymysql://user@host/db) "
        "or a .sqlite/.db/.duckdb file path (created if missing).",
    ),
]
ReplaceOption = Annotated[
    bool,
    typer.Option(
        "--replace",
        help="Drop and recreate the eight ClassicModels tables if the target already has rows "
        "in them (without it such a target is refused, exit 3). Other tables are never touched.",
    ),
]


def _target(to: str) -> DbUrl:
    """``--to`` takes what ``--db`` takes; errors name the option the user typed."""
    from classicmodels_kpi.database.url import parse_db

    try:
        return parse_db(to)
    except DatabaseError as exc:
        raise DatabaseError(str(exc).replace("--db", "--to")) from None


def _with_progress(data: SyntheticData) -> Iterator[tuple[str, pd.DataFrame]]:
    """The batches, with a progress bar on stderr that appears once writing starts.

    Started lazily, so a refused target (exit 3) prints only its one error line.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("orders"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=stderr(),
    ) as progress:
        task = progress.add_task("Generating", total=data.order_count)
        yield from data.batches(on_orders=lambda n: progress.advance(task, n))


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{table} {n:,}" for table, n in counts.items())


IMPORT_HELP = (
    "Load the ClassicModels MySQL dump into SQLite, DuckDB, PostgreSQL or MySQL/MariaDB.\n\n"
    "The dump is read directly, no MySQL server needed: CREATE TABLE and INSERT statements with "
    "MySQL string escapes, NULL, decimals and dates. The result equals the sample row for row."
)
GENERATE_HELP = (
    "Write a deterministic synthetic ClassicModels database (orders 2003-01 … 2005-05).\n\n"
    "At scale 1 it has the sample's size and shape. Rows are made and written in batches of "
    "10,000 orders, so any scale fits in memory; a progress bar shows on stderr."
)


@app.command("import", help=IMPORT_HELP)
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            show_default=False,
            help="The MySQL dump of the sample database (mysqlsampledatabase.sql from "
            "mysqltutorial.org).",
        ),
    ],
    to: ToOption,
    replace: ReplaceOption = False,
) -> None:
    """``cmkpi import`` (help in IMPORT_HELP)."""
    from classicmodels_kpi.database.url import display
    from classicmodels_kpi.sampledata.importer import import_dump

    url = _target(to)
    started = time.perf_counter()
    counts = import_dump(file, url, replace=replace)
    say(
        f"Imported {file.name} into {display(url)} in {time.perf_counter() - started:.1f} s: "
        f"{_summary(counts)}."
    )


@app.command(help=GENERATE_HELP)
def generate(
    to: ToOption,
    scale: Annotated[
        float,
        typer.Option(
            "--scale",
            help="Size relative to the sample: 1 ≈ 122 customers, 326 orders, 3,000 order lines; "
            "orders, lines, customers and payments grow linearly, products and staff slowly. "
            f"Fractions allowed; at most {MAX_SCALE}.",
        ),
    ] = 1.0,
    seed: Annotated[
        int,
        typer.Option("--seed", help="Random seed: the same seed and scale give the same rows."),
    ] = DEFAULT_SEED,
    replace: ReplaceOption = False,
) -> None:
    """``cmkpi generate`` (help in GENERATE_HELP)."""
    from classicmodels_kpi.database.url import display
    from classicmodels_kpi.sampledata.generator import SyntheticData
    from classicmodels_kpi.sampledata.writer import write_tables

    if seed < 0:
        raise ParameterError("--seed must be 0 or more.")
    data = SyntheticData(scale, seed)
    url = _target(to)
    started = time.perf_counter()
    with contextlib.closing(_with_progress(data)) as batches:
        counts = write_tables(url, batches, replace=replace)
    say(
        f"Generated scale {scale:g} (seed {seed}) into {display(url)} in "
        f"{time.perf_counter() - started:.1f} s: {_summary(counts)}."
    )
