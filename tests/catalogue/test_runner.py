"""The catalogue runner: parameters, result types, dialect-only SQL, the transpiled-SQL cache."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from classicmodels_kpi.catalogue import (
    DIALECTS,
    Catalogue,
    get_query,
    parse_query_file,
    queries,
    transpile_query,
)
from classicmodels_kpi.database import connect, parse_db, sqlcache
from classicmodels_kpi.errors import ParameterError


def test_unknown_query_lists_the_valid_ones() -> None:
    with pytest.raises(ParameterError) as caught:
        get_query("sales_by_planet")
    message = str(caught.value)
    assert "sales_by_planet" in message
    assert all(name in message for name in queries())


def test_unknown_parameter_lists_the_valid_ones(canonical_catalogue: Catalogue) -> None:
    with pytest.raises(ParameterError, match=r"no parameter tresh.*Valid: as_of, threshold"):
        canonical_catalogue.run("credit_sales_misalignment", tresh=3)


@pytest.mark.parametrize(
    ("name", "params", "fragment"),
    [
        ("sales_by_country", {"as_of": "2005-13-01"}, "YYYY-MM-DD"),
        ("high_risk_customers", {"recency_days": "ninety"}, "whole number"),
        ("high_risk_customers", {"recency_days": 1.5}, "whole number"),
        ("credit_sales_misalignment", {"threshold": "two"}, "a number"),
        ("credit_sales_misalignment", {"threshold": "nan"}, "a number"),
        ("credit_sales_misalignment", {"threshold": "inf"}, "a number"),
    ],
)
def test_bad_values_are_one_plain_line(
    canonical_catalogue: Catalogue, name: str, params: dict[str, object], fragment: str
) -> None:
    with pytest.raises(ParameterError, match=fragment) as caught:
        canonical_catalogue.run(name, **params)
    assert "\n" not in str(caught.value)


def test_run_many_gives_what_running_one_by_one_gives(canonical_catalogue: Catalogue) -> None:
    names = list(queries())[::-1]  # any order: the frames come back in the order asked for
    together = canonical_catalogue.run_many(names)
    assert list(together) == names
    for name in names:
        pd.testing.assert_frame_equal(together[name], canonical_catalogue.run(name), obj=name)


def test_run_many_gives_parameters_to_the_queries_that_declare_them(
    canonical_catalogue: Catalogue,
) -> None:
    frames = canonical_catalogue.run_many(
        ["sales_by_country", "table_row_counts", "cross_sell_pairs"], as_of="2004-06-30"
    )
    pd.testing.assert_frame_equal(
        frames["sales_by_country"], canonical_catalogue.run("sales_by_country", as_of="2004-06-30")
    )
    pd.testing.assert_frame_equal(
        frames["cross_sell_pairs"], canonical_catalogue.run("cross_sell_pairs", as_of="2004-06-30")
    )
    assert not frames["sales_by_country"].equals(canonical_catalogue.run("sales_by_country"))
    pd.testing.assert_frame_equal(
        frames["table_row_counts"], canonical_catalogue.run("table_row_counts")
    )


def test_run_many_refuses_what_no_query_takes_and_reports_a_failure(
    canonical_catalogue: Catalogue,
) -> None:
    with pytest.raises(ParameterError, match="no parameter min_order"):
        canonical_catalogue.run_many(["sales_by_country", "cross_sell_pairs"], min_order=2)
    with pytest.raises(ParameterError, match="sales_by_planet"):
        canonical_catalogue.run_many(["sales_by_country", "sales_by_planet"])
    with pytest.raises(ParameterError, match="whole number") as caught:
        canonical_catalogue.run_many(["sales_by_country", "cross_sell_pairs"], min_orders="x")
    assert "\n" not in str(caught.value)


def test_as_of_defaults_to_the_latest_order_date(canonical_catalogue: Catalogue) -> None:
    assert canonical_catalogue.latest_order_date() == "2005-05-31"
    default = canonical_catalogue.run("high_risk_customers")
    explicit = canonical_catalogue.run("high_risk_customers", as_of="2005-05-31")
    pd.testing.assert_frame_equal(default, explicit)
    as_date = canonical_catalogue.run("high_risk_customers", as_of=pd.Timestamp("2005-05-31"))
    pd.testing.assert_frame_equal(default, as_date)


def test_result_types_follow_the_header(canonical_catalogue: Catalogue) -> None:
    frame = canonical_catalogue.run("high_risk_customers")
    dtypes = frame.dtypes.astype(str).to_dict()
    assert dtypes["customerNumber"] == "Int64"
    assert dtypes["revenue"] == dtypes["amount_at_risk"] == "float64"
    assert dtypes["last_order_date"] == "datetime64[ns]"
    assert dtypes["is_inactive"] == "boolean"
    assert dtypes["customerName"] == "object"
    missing = frame[frame["has_no_orders"]]
    assert missing["last_order_date"].isna().all()
    directory = canonical_catalogue.run("customer_rep_directory")
    assert directory["rep_name"].map(lambda v: v is None or isinstance(v, str)).all()
    assert "nan" not in directory["rep_name"].tolist()


def test_a_query_file_of_ones_own(canonical_catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "late_orders.sql"
    path.write_text(
        "-- title: Late orders\n"
        "-- question: Which orders shipped after the required date?\n"
        "-- param as_of: date = latest_order_date | shipments up to this day\n"
        "-- column orderNumber: int | order\n"
        "SELECT orderNumber FROM orders\n"
        "WHERE shippedDate > requiredDate AND shippedDate <= CAST(:as_of AS DATE)\n"
        "ORDER BY orderNumber\n",
        encoding="utf-8",
    )
    query = parse_query_file(path)
    assert canonical_catalogue.run_query(query)["orderNumber"].tolist() == [10165]


def test_malformed_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.sql"
    path.write_text("-- title: Broken\n-- column x: money_bags | ?\nSELECT 1 AS x\n")
    with pytest.raises(ValueError, match="bad column line"):
        parse_query_file(path)
    path.write_text("-- column x: int | no title\nSELECT 1 AS x\n")
    with pytest.raises(ValueError, match="title"):
        parse_query_file(path)


def test_dialect_only_sql() -> None:
    assert DIALECTS == ("sqlite", "duckdb", "postgres", "mysql", "spark", "trino")
    sql = transpile_query("monthly_sales", "postgres")
    assert 'FROM "orders"' in sql and "TO_CHAR" in sql and ":as_of" in sql
    assert "DATE_FORMAT(" in transpile_query("monthly_sales", "mysql")
    with pytest.raises(ParameterError, match="unknown dialect 'oracle'"):
        transpile_query("monthly_sales", "oracle")
    python_only = [name for name, q in queries().items() if q.python]
    for name in python_only:
        with pytest.raises(ParameterError, match="no SQL of its own"):
            transpile_query(name, "spark")


def test_transpiled_sql_is_cached_on_disk(
    canonical_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CMKPI_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(sqlcache, "_memory", {})
    sql = "SELECT COUNT(*) AS n FROM orders WHERE orderDate <= CAST(:as_of AS DATE)"
    with connect(parse_db(str(canonical_path))) as db:
        written = db.transpile(sql)
        files = list((tmp_path / "sql").rglob("*.sql"))
        assert len(files) == 1 and files[0].read_text() == written
        # a new process (empty memory) reads the file instead of translating again
        files[0].write_text(written.replace("COUNT(*)", "COUNT(*) + 1000"))
        monkeypatch.setattr(sqlcache, "_memory", {})
        assert db.run(sql, {"as_of": "2005-05-31"}).iloc[0, 0] == 326 + 1000


def test_disk_cache_can_be_turned_off(
    canonical_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CMKPI_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("CMKPI_SQL_CACHE", "0")
    monkeypatch.setattr(sqlcache, "_memory", {})
    with connect(parse_db(str(canonical_path))) as db:
        assert db.run("SELECT COUNT(*) AS n FROM customers").iloc[0, 0] == 122
    assert not (tmp_path / "sql").exists()


def test_cache_key_depends_on_names_and_dialect() -> None:
    base = ("SELECT 1", False, (("orders", "orders"),), frozenset())
    other_names = ("SELECT 1", False, (("orders", "ORDERS"),), frozenset())
    assert sqlcache.cache_key("sqlite", base) != sqlcache.cache_key("postgres", base)
    assert sqlcache.cache_key("sqlite", base) != sqlcache.cache_key("sqlite", other_names)
    guarded = ("SELECT 1", False, (("orders", "orders"),), frozenset({("orders", "a"), ("b", "c")}))
    again = ("SELECT 1", False, (("orders", "orders"),), frozenset({("b", "c"), ("orders", "a")}))
    assert sqlcache.cache_key("sqlite", guarded) == sqlcache.cache_key("sqlite", again)


def test_duckdb_arrow_columns_give_the_same_frame_as_rows() -> None:
    """DuckDB results arrive as Arrow columns; typed, they equal the rows' frame, NULLs and
    values that need the general conversion (a fractional "int", a number declared text)
    included."""
    import duckdb

    from classicmodels_kpi.catalogue import OutputColumn, frame_from_arrow, frame_from_rows

    sql = """SELECT * FROM (VALUES
        (1, 1.5, 'a', DATE '2004-01-31', TRUE, CAST(2.5 AS DECIMAL(10, 2)), 3.0, 7, 'x'),
        (NULL, NULL, NULL, NULL, NULL, NULL, 4.5, NULL, NULL),
        (-2, 0.0, 'é''', DATE '1970-01-01', FALSE, CAST(-1 AS DECIMAL(10, 2)), 5.0, 8, 'y')
    ) AS t(i, f, s, d, b, m, frac, n, undeclared)"""
    kinds = {
        "i": "int", "f": "float", "s": "text", "d": "date", "b": "bool", "m": "money",
        "frac": "int", "n": "text",
    }  # fmt: skip
    columns = tuple(OutputColumn(name, kind, "") for name, kind in kinds.items())
    con = duckdb.connect()
    rows = con.execute(sql).fetchall()
    names = [d[0] for d in con.description]
    expected = frame_from_rows(names, rows, columns)
    got = frame_from_arrow(names, con.sql(sql).to_arrow_table(), columns)
    pd.testing.assert_frame_equal(got, expected)
    assert str(got["i"].dtype) == "Int64" and got["i"].isna().tolist() == [False, True, False]
    assert got["s"].tolist() == ["a", None, "é'"]
    assert got["n"].tolist() == ["7", None, "8"]
    assert str(got["d"].dtype) == "datetime64[ns]" and pd.isna(got["d"][1])
