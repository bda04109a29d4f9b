"""DuckDB is read through its own module: the commands on a DuckDB file never import SQLAlchemy
or duckdb_engine (about 0.5 s of every start, with duckdb_engine's connect), each thread reads
on a cursor of its own, and the SQLAlchemy engine still works for code that asks for it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
import pytest

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.database import connect, parse_db
from classicmodels_kpi.database.connection import DuckdbConnections, duckdb_statement
from classicmodels_kpi.errors import DatabaseError

#: The canonical data in a DuckDB file (the ``canonical_url`` fixture for DuckDB alone).
DUCKDB = pytest.mark.parametrize("engine", ["duckdb"], indirect=True)


@DUCKDB
def test_two_threads_read_at_once_each_on_its_own_cursor(canonical_url: str) -> None:
    """Both threads hold a cursor at the same moment (a barrier inside the borrow): they must
    be two connections, and each gets its own query's answer."""
    sql = {
        "orders": "SELECT COUNT(*) FROM orders WHERE orderNumber >= :low",
        "payments": "SELECT COUNT(*) FROM payments WHERE amount >= :low",
    }
    together = threading.Barrier(2, timeout=30)
    with connect(parse_db(canonical_url)) as db:
        expected = {t: db.fetchall(db.transpile(s), {"low": 0})[0][0] for t, s in sql.items()}
        assert expected == {"orders": 326, "payments": 273}

        def read(table: str) -> tuple[int, int]:
            with db.duckdb_cursor() as cursor:
                together.wait()  # the other thread holds its cursor now too
                statement, names = duckdb_statement(db.transpile(sql[table]))
                assert names == ("low",)
                (count,) = cursor.execute(statement, {"low": 0}).fetchone()
                together.wait()  # neither gives its cursor back before both have read
                return id(cursor), count

        for _ in range(3):
            with ThreadPoolExecutor(max_workers=2) as pool:
                (first, orders), (second, payments) = pool.map(read, ["orders", "payments"])
            assert first != second
            assert {"orders": orders, "payments": payments} == expected
        assert db._duckdb is not None and len(db._duckdb._idle) == 2  # kept for the next


@DUCKDB
def test_many_threads_running_the_catalogue_get_the_serial_answers(canonical_url: str) -> None:
    names = ["customer_rfm", "sales_by_country", "monthly_sales", "product_performance"]
    with connect(parse_db(canonical_url)) as db:
        catalogue = Catalogue(db)
        serial = {name: catalogue.run(name) for name in names}
        with ThreadPoolExecutor(max_workers=12) as pool:
            frames = list(pool.map(catalogue.run, names * 6))
        for name, frame in zip(names * 6, frames, strict=True):
            pd.testing.assert_frame_equal(frame, serial[name], obj=name)
        assert db._duckdb is not None
        assert 1 <= len(db._duckdb._idle) <= DuckdbConnections.KEEP


@DUCKDB
def test_settings_hold_on_every_cursor_and_cannot_undo_read_only(canonical_url: str) -> None:
    with connect(parse_db(canonical_url), duckdb_settings={"perfect_ht_threshold": 11}) as db:
        with db.duckdb_cursor() as first, db.duckdb_cursor() as second:
            for cursor in (first, second):
                (threshold,) = cursor.execute(
                    "SELECT current_setting('perfect_ht_threshold')"
                ).fetchone()
                assert threshold == 11
        # a session setting SET through Database stays on its cursor and is no way out
        for statement in ("SET enable_external_access = true", "SET access_mode = 'READ_WRITE'"):
            with pytest.raises(DatabaseError) as caught:
                db.run(statement)
            assert "\n" not in str(caught.value)
        with pytest.raises(DatabaseError, match="read-only"):
            db.run("DELETE FROM orders")
    with pytest.raises(ValueError, match="setting name"):
        connect(parse_db(canonical_url), duckdb_settings={"x; DROP TABLE orders": 1})


@DUCKDB
def test_a_closed_database_reopens_on_demand(canonical_url: str) -> None:
    db = connect(parse_db(canonical_url))
    orders = db.row_counts()["orders"]
    db.close()
    assert db.row_counts()["orders"] == orders
    db.close()


@DUCKDB
def test_the_sqlalchemy_engine_reads_the_same_rows_read_only(canonical_url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with connect(parse_db(canonical_url)) as db:
        direct = Catalogue(db).run("sales_by_country")
        with db.connection() as conn:
            rows = conn.execute(text(db.transpile("SELECT COUNT(*) FROM orders"))).scalar_one()
            (threshold,) = conn.exec_driver_sql(
                "SELECT current_setting('perfect_ht_threshold')"
            ).one()
        assert rows == db.row_counts()["orders"]
        assert threshold == 20  # the file's config reaches the engine's connections too
        assert len(direct) > 0
        with db.engine.connect() as conn, pytest.raises(DBAPIError, match="read-only"):
            conn.execute(text("DELETE FROM orders"))
    assert db.row_counts()["orders"] == rows  # closed, then reopened on demand


@pytest.mark.parametrize(
    ("sql", "statement", "names"),
    [
        ("SELECT :a, :b, :a", "SELECT $a, $b, $a", ("a", "b")),
        ("x::INT = :_limit", "x::INT = $_limit", ("_limit",)),
        # string literals, quoted names and comments keep their colons
        ("SELECT ':a', 'it''s :b', :c", "SELECT ':a', 'it''s :b', $c", ("c",)),
        ("SELECT E'\\' :a', :b", "SELECT E'\\' :a', $b", ("b",)),
        ('SELECT "odd:name" FROM t WHERE :x', 'SELECT "odd:name" FROM t WHERE $x', ("x",)),
        ("SELECT 1 /* :a */ -- :b\n, :c", "SELECT 1 /* :a */ -- :b\n, $c", ("c",)),
        ("SELECT a[1:2], '10:30'", "SELECT a[1:2], '10:30'", ()),
    ],
)
def test_placeholders_become_duckdbs_own(sql: str, statement: str, names: tuple[str, ...]) -> None:
    assert duckdb_statement(sql) == (statement, names)


@DUCKDB
def test_missing_values_are_one_line(canonical_url: str) -> None:
    values: dict[str, Any] = {"other": 1}
    with connect(parse_db(canonical_url)) as db, pytest.raises(DatabaseError) as caught:
        db.run("SELECT COUNT(*) AS n FROM orders WHERE orderNumber > :low", values)
    assert "low" in str(caught.value) and "\n" not in str(caught.value)
