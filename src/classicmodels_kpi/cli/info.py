"""``cmkpi info``: what a database is and holds."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from classicmodels_kpi.cli.app import DbOption, app, open_db, stdout


class InfoFormat(StrEnum):
    table = "table"
    json = "json"


@app.command()
def info(
    db: DbOption = None,
    fmt: Annotated[
        InfoFormat,
        typer.Option(
            "--format", help="table (for people) or json (for scripts).", case_sensitive=False
        ),
    ] = InfoFormat.table,
) -> None:
    """Engine, rows per table and the date range of the orders."""
    with open_db(db) as database:
        counts = database.row_counts()
        # Two values: read straight from the driver, without loading pandas for a DataFrame.
        sql = database.transpile("SELECT MIN(orderDate), MAX(orderDate) FROM orders")
        span = database.fetchall(sql)[0]
    first, last = (None if v is None else str(v)[:10] for v in span)
    if fmt is InfoFormat.json:
        payload = {
            "database": database.display_url,
            "engine": database.kind,
            "tables": counts,
            "orders_from": first,
            "orders_to": last,
        }
        print(json.dumps(payload, indent=2))
        return
    from rich.table import Table

    stdout().print(f"[bold]Database[/bold] {database.display_url}  ([cyan]{database.kind}[/cyan])")
    table = Table("table", "rows", title=None)
    for name, n in counts.items():
        table.add_row(name, f"{n:,}")
    stdout().print(table)
    stdout().print(f"Orders from {first} to {last}" if first else "No orders yet.")
