"""The schema check: names matched case-insensitively, anything missing named in one line."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from classicmodels_kpi.cli import app
from classicmodels_kpi.database import connect, parse_db
from classicmodels_kpi.errors import SchemaError


def broken_copy(canonical: Path, folder: Path, *statements: str) -> Path:
    """A writable copy of the canonical file with some DDL applied."""
    copy = folder / "broken.sqlite"
    shutil.copyfile(canonical, copy)
    with sqlite3.connect(copy) as conn:
        for statement in statements:
            conn.execute(statement)
    return copy


#: "missing table(s) a, b (it has: …)" / "lacks column(s) t.c, … that the catalogue reads"
MISSING = re.compile(r"(?:missing tables?|lacks columns?) (?P<names>[\w., ]+?)(?: \(it has| that )")


@pytest.mark.parametrize(
    ("statements", "missing"),
    [
        (["DROP TABLE payments"], ["payments"]),
        (["DROP TABLE payments", "DROP TABLE offices"], ["offices", "payments"]),
        (["ALTER TABLE orders DROP COLUMN shippedDate"], ["orders.shippedDate"]),
        (
            [
                "ALTER TABLE orders DROP COLUMN shippedDate",
                "ALTER TABLE customers DROP COLUMN creditLimit",
            ],
            ["customers.creditLimit", "orders.shippedDate"],
        ),
    ],
)
def test_what_is_missing_is_named(
    canonical_path: Path, tmp_path: Path, statements: list[str], missing: list[str]
) -> None:
    copy = broken_copy(canonical_path, tmp_path, *statements)
    with pytest.raises(SchemaError) as caught:
        connect(parse_db(str(copy)))
    message = str(caught.value)
    found = MISSING.search(message)
    assert found, message
    assert found["names"].split(", ") == missing
    assert "\n" not in message
    assert caught.value.exit_code == 2


def test_columns_the_catalogue_never_reads_may_be_absent(
    canonical_path: Path, tmp_path: Path
) -> None:
    copy = broken_copy(
        canonical_path,
        tmp_path,
        "ALTER TABLE productlines DROP COLUMN image",
        "ALTER TABLE productlines DROP COLUMN htmlDescription",
    )
    with connect(parse_db(str(copy))) as database:
        assert database.row_counts()["productlines"] == 7


def test_extra_tables_and_columns_are_ignored(canonical_path: Path, tmp_path: Path) -> None:
    copy = broken_copy(
        canonical_path,
        tmp_path,
        "CREATE TABLE notes (id INTEGER, body TEXT)",
        "ALTER TABLE orders ADD COLUMN channel TEXT",
    )
    with connect(parse_db(str(copy))) as database:
        assert database.row_counts()["orders"] == 326


def test_an_empty_server_database_says_it_has_no_tables(postgres_server: Any) -> None:
    url = postgres_server.new_database()
    with pytest.raises(SchemaError, match="no tables at all"):
        connect(parse_db(url))


# -- the same data stored three other ways ------------------------------------------------------

STORED = ["pg_lowercase_url", "pg_pandas_url", "sqlite_pandas_path"]


@pytest.mark.parametrize("stored", STORED)
def test_info_reads_every_spelling(
    request: pytest.FixtureRequest, stored: str, canonical_tables: dict[str, pd.DataFrame]
) -> None:
    db = str(request.getfixturevalue(stored))
    result = CliRunner().invoke(app, ["info", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["tables"] == {t: len(f) for t, f in canonical_tables.items()}
    assert (payload["orders_from"], payload["orders_to"]) == ("2003-01-06", "2005-05-31")


@pytest.mark.parametrize("stored", STORED)
def test_canonical_sql_runs_on_every_spelling(
    request: pytest.FixtureRequest, stored: str, canonical_tables: dict[str, pd.DataFrame]
) -> None:
    db = str(request.getfixturevalue(stored))
    lines = canonical_tables["orderdetails"].merge(canonical_tables["orders"], on="orderNumber")
    shipped = lines[lines["status"] == "Shipped"]
    expected = (
        (shipped["quantityOrdered"] * shipped["priceEach"])
        .groupby(shipped["customerNumber"])
        .sum()
        .round(2)
    )
    with connect(parse_db(db)) as database:
        frame = database.run(
            "SELECT o.customerNumber, SUM(d.quantityOrdered * d.priceEach) AS revenue "
            "FROM orders AS o JOIN orderdetails AS d ON d.orderNumber = o.orderNumber "
            "WHERE o.status = :status GROUP BY o.customerNumber ORDER BY o.customerNumber",
            {"status": "Shipped"},
        )
    assert list(frame.columns) == ["customerNumber", "revenue"]
    assert frame["customerNumber"].astype(int).tolist() == expected.index.tolist()
    assert frame["revenue"].astype(float).round(2).tolist() == expected.tolist()
