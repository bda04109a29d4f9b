"""Parameter values are data, never SQL: quotes, `;`, `--`, placeholders and unicode come back as
they went in, bad dates are refused in one plain line, and the database is left untouched."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from catalogue_helpers import open_db

from classicmodels_kpi.catalogue import Catalogue, parse_query_file, queries
from classicmodels_kpi.database import connect, parse_db
from classicmodels_kpi.errors import ParameterError

HOSTILE = [
    "x'); DROP TABLE orders; --",
    "' OR '1'='1",
    'Robert"); DELETE FROM customers; --',
    "naïve Ωmega ☃ 😀 ; -- /* comment */",
    ":as_of %(as_of)s %s ? $1",
    "\\'; SELECT 1; --",
]

#: A query of our own with a text parameter that is echoed back: the value must return unchanged.
ECHO_SQL = """-- title: Echo
-- question: Does a text parameter come back as data?
-- param label: text | any text
-- param as_of: date = latest_order_date | orders up to this date
-- column label: text | the parameter, as given
-- column orders: int | orders up to as_of
-- column matching_customers: int | customers whose name equals the label
SELECT
    CAST(:label AS VARCHAR) AS label,
    (SELECT COUNT(*) FROM orders WHERE orderDate <= CAST(:as_of AS DATE)) AS orders,
    (SELECT COUNT(*) FROM customers WHERE customerName = :label) AS matching_customers
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def echo(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("echo") / "echo.sql"
    path.write_text(ECHO_SQL, encoding="utf-8")
    return parse_query_file(path)


@pytest.mark.parametrize("value", HOSTILE)
def test_text_parameter_comes_back_as_data(
    engine: str,
    canonical_url: str,
    open_catalogue: Callable[[str], Catalogue],
    echo,
    value: str,
) -> None:
    got = open_catalogue(canonical_url).run_query(echo, label=value)
    assert got["label"].tolist() == [value]
    assert got["orders"].tolist() == [326]  # the tables are all still there
    assert got["matching_customers"].tolist() == [0]


def text_param_queries() -> list[tuple[str, str]]:
    return [(name, p.name) for name, q in queries().items() for p in q.params if p.type == "text"]


@pytest.mark.parametrize("value", HOSTILE)
def test_file_is_unchanged_by_hostile_values(
    canonical_path: Path, sqlite_copy, echo, value: str
) -> None:
    path = sqlite_copy(canonical_path)
    before = sha256(path)
    with open_db(path) as db:
        catalogue = Catalogue(db)
        assert catalogue.run_query(echo, label=value)["label"].tolist() == [value]
        for name, param in text_param_queries():
            catalogue.run(name, **{param: value})  # runs, whatever it finds
        with pytest.raises(ParameterError, match="as_of"):
            catalogue.run("monthly_sales", as_of=value)
        assert db.row_counts()["orders"] == 326
    assert sha256(path) == before


@pytest.mark.parametrize(
    "value", ["2005-05-31'; DROP TABLE orders; --", "2005-02-30", "yesterday", "31/05/2005"]
)
def test_bad_dates_are_refused_in_one_line(canonical_catalogue: Catalogue, value: str) -> None:
    with pytest.raises(ParameterError) as caught:
        canonical_catalogue.run("sales_by_country", as_of=value)
    message = str(caught.value)
    assert "\n" not in message and "as_of" in message and "YYYY-MM-DD" in message


def test_duckdb_file_is_unchanged(tmp_path: Path, canonical_tables, echo) -> None:
    from sqlalchemy.engine import make_url

    from classicmodels_kpi.database.schema import TABLE_ORDER
    from classicmodels_kpi.sampledata.writer import write_tables

    path = tmp_path / "canonical.duckdb"
    write_tables(make_url(f"duckdb:///{path}"), [(t, canonical_tables[t]) for t in TABLE_ORDER])
    before = sha256(path)
    with connect(parse_db(str(path))) as db:
        catalogue = Catalogue(db)
        for value in HOSTILE:
            assert catalogue.run_query(echo, label=value)["label"].tolist() == [value]
    assert sha256(path) == before
