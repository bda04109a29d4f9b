"""DuckDB-dialect SQL made runnable on each engine: real name spelling, bound values, `%`, dates.

Expected values come from pandas over the raw canonical tables, never from the code under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from classicmodels_kpi.database import Database, connect, parse_db
from classicmodels_kpi.errors import DatabaseError

#: Each stored variant of the canonical data -> the fixture that provides it.
VARIANTS = {
    "sqlite": "canonical_urls",
    "duckdb": "canonical_urls",
    "postgresql": "canonical_urls",
    "mysql": "canonical_urls",
    "postgresql-lowercase": "pg_lowercase_url",
    "postgresql-pandas": "pg_pandas_url",
    "sqlite-pandas": "sqlite_pandas_path",
}

#: How the order-date column and the orders table must be spelled in SQL sent to each variant
#: (backticks on SQLite: there a double-quoted unknown name silently becomes a string).
REAL_SPELLING = {
    "sqlite": ("`orderDate`", "`orders`"),
    "duckdb": ('"orderDate"', '"orders"'),
    "postgresql": ('"orderDate"', '"orders"'),
    "mysql": ("`orderDate`", "`orders`"),
    "postgresql-lowercase": ('"orderdate"', '"orders"'),
    "postgresql-pandas": ('"orderDate"', '"orders"'),
    "sqlite-pandas": ("`orderDate`", "`orders`"),
}


@pytest.fixture(params=list(VARIANTS))
def variant(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db(request: pytest.FixtureRequest, variant: str) -> Iterator[Database]:
    source = request.getfixturevalue(VARIANTS[variant])
    value = source[variant] if isinstance(source, dict) else str(source)
    with connect(parse_db(value)) as database:
        yield database


def test_identifiers_take_the_real_spelling(db: Database, variant: str) -> None:
    column, table = REAL_SPELLING[variant]
    sql = db.transpile("SELECT ORDERDATE, o.CustomerNumber FROM Orders AS o")
    assert column in sql
    assert table in sql
    frame = db.run("SELECT ORDERDATE, o.CustomerNumber FROM Orders AS o")
    # Output columns named like schema columns come back in canonical spelling on every engine.
    assert list(frame.columns) == ["orderDate", "customerNumber"]
    assert len(frame) == 326


def test_a_misspelt_name_fails_instead_of_reading_as_text(db: Database) -> None:
    with pytest.raises(DatabaseError, match=r"(?i)orderdat"):
        db.run("SELECT orderDat FROM orders")


def test_values_are_bound_never_formatted(
    db: Database, canonical_tables: dict[str, pd.DataFrame]
) -> None:
    customers = canonical_tables["customers"]
    sql = "SELECT customerNumber FROM customers WHERE customerName = :name"
    hostile = "x'); DROP TABLE customers; --"
    assert ":name" in db.transpile(sql)
    for name in ("Anna's Decorations, Ltd", "Men 'R' US Retailers, Ltd.", hostile):
        expected = customers.loc[customers["customerName"] == name, "customerNumber"].tolist()
        found = db.run(sql, {"name": name})["customerNumber"].astype(int).tolist()
        assert found == expected
        assert name not in db.transpile(sql)
    assert db.row_counts()["customers"] == len(customers)


@pytest.mark.parametrize("with_parameter", [False, True])
def test_percent_signs_in_literals_survive(
    db: Database, canonical_tables: dict[str, pd.DataFrame], with_parameter: bool
) -> None:
    # psycopg and PyMySQL use %-placeholders: a literal % must reach the server intact.
    sql = (
        "SELECT STRFTIME(orderDate, '%Y-%m') AS month, COUNT(*) AS orders_count FROM orders "
        "WHERE status LIKE 'S%' AND customerNumber >= :lowest GROUP BY 1 ORDER BY 1"
    )
    lowest = 300 if with_parameter else 0
    orders = canonical_tables["orders"]
    chosen = orders[orders["status"].str.startswith("S") & (orders["customerNumber"] >= lowest)]
    expected = chosen.groupby(chosen["orderDate"].str[:7]).size()
    frame = db.run(sql, {"lowest": lowest})
    assert frame["month"].tolist() == expected.index.tolist()
    assert frame["orders_count"].astype(int).tolist() == expected.tolist()
    names = db.run("SELECT COUNT(*) AS n FROM customers WHERE customerName LIKE '%''%'")
    assert int(names["n"].iloc[0]) == customers_with_quote(canonical_tables)


def customers_with_quote(tables: dict[str, pd.DataFrame]) -> int:
    return int(tables["customers"]["customerName"].str.contains("'").sum())


def test_sql_that_does_not_parse_is_one_plain_error(db: Database) -> None:
    with pytest.raises(DatabaseError) as caught:
        db.run("SELECT FROM WHERE ((")
    assert "\n" not in str(caught.value)


# -- the SQLite impossible-date guard (peer file: dates shifted +15 years, two 2019-02-29) -------


@pytest.fixture(scope="module")
def peer(peer_path: Path) -> Iterator[Database]:
    with connect(parse_db(str(peer_path))) as database:
        yield database


def test_an_impossible_date_reads_as_null(peer: Database) -> None:
    frame = peer.run("SELECT orderNumber, requiredDate FROM orders WHERE orderNumber = 10223")
    assert list(frame.columns) == ["orderNumber", "requiredDate"]
    assert frame["requiredDate"].isna().all() and len(frame) == 1
    payment = peer.run(
        "SELECT paymentDate FROM payments WHERE customerNumber = 487 AND checkNumber = 'PT550181'"
    )
    assert payment["paymentDate"].isna().all() and len(payment) == 1


def test_raw_dates_read_the_stored_text(peer: Database) -> None:
    sql = "SELECT requiredDate FROM orders WHERE orderNumber = 10223"
    assert peer.run(sql, raw_dates=True)["requiredDate"].tolist() == ["2019-02-29"]


def test_the_guard_leaves_valid_dates_alone(peer: Database, peer_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(f"file:{peer_path}?mode=ro", uri=True) as raw:
        stored = pd.read_sql("SELECT orderNumber, requiredDate FROM orders", raw)
    valid = stored[stored["requiredDate"] != "2019-02-29"]
    frame = peer.run("SELECT orderNumber, requiredDate FROM orders WHERE requiredDate IS NOT NULL")
    assert sorted(zip(frame["orderNumber"], frame["requiredDate"], strict=True)) == sorted(
        zip(valid["orderNumber"], valid["requiredDate"], strict=True)
    )
    nulls = peer.run("SELECT COUNT(*) AS n FROM orders WHERE requiredDate IS NULL")
    assert int(nulls["n"].iloc[0]) == (stored["requiredDate"] == "2019-02-29").sum() == 1


def test_no_guard_on_clean_data(canonical_path: Path) -> None:
    with connect(parse_db(str(canonical_path))) as clean:
        assert "CASE" not in clean.transpile("SELECT requiredDate FROM orders").upper()
