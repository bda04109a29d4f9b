"""Files `cmkpi` writes: never over a database, one plain line when the system refuses, and
values that cannot reach the database refused before they do."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]
OneErrorLine = Callable[..., str]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def shop(canonical_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "shop.sqlite"
    shutil.copyfile(canonical_path, copy)
    return copy


@pytest.mark.parametrize(
    "args",
    [
        ("query", "sales_by_country", "-o", "{db}"),
        ("query", "sales_by_country", "--format", "parquet", "-o", "{db}"),
        ("report", "--format", "md", "-o", "{db}"),
        ("query", "sales_by_country", "-o", "{other}"),
    ],
    ids=["query csv", "query parquet", "report", "another database"],
)
def test_output_never_replaces_a_database(
    args: tuple[str, ...], cmkpi: Run, one_error_line: OneErrorLine, shop: Path, tmp_path: Path
) -> None:
    """`-o` naming the database being read once turned it into CSV text."""
    other = tmp_path / "other.sqlite"
    shutil.copyfile(shop, other)
    before = {p: _digest(p) for p in (shop, other)}
    filled = [a.format(db=shop, other=other) for a in args]
    target = filled[-1]
    result = cmkpi(*filled, "--db", str(shop))
    one_error_line(result, target, "is a SQLite database", "would replace it")
    assert {p: _digest(p) for p in (shop, other)} == before


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("report", "--format", "md", "-o", "/proc/x.md"), ("cannot write /proc/x.md",)),
        (("report", "--format", "md", "-o", "/dev/full"), ("cannot write /dev/full", "space")),
        (("query", "sales_by_country", "-o", "-"), ("leave -o out",)),
        (
            ("query", "top_bottom_products_by_line", "-p", "n=99999999999999999999999"),
            ("parameter n", "too large"),
        ),
        (
            ("query", "product_monthly_series", "-p", "as_of=9999-12-31"),
            ("parameter as_of", "1900-01-01 to 2100-12-31"),
        ),
        (("kpis", "--as-of", "0001-01-01"), ("0001-01-01", "out of range")),
    ],
    ids=["unwritable", "disk full", "dash", "huge int", "far date", "year one"],
)
def test_refused_outputs_and_values(
    args: tuple[str, ...],
    fragments: tuple[str, ...],
    cmkpi: Run,
    one_error_line: OneErrorLine,
    shop: Path,
) -> None:
    before = _digest(shop)
    one_error_line(cmkpi(*args, "--db", str(shop)), *fragments)
    assert _digest(shop) == before


def test_report_format_follows_the_file_name(cmkpi: Run, shop: Path, tmp_path: Path) -> None:
    result = cmkpi("report", "--db", str(shop), "-o", str(tmp_path / "r.md"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# ")


def test_password_in_the_url_query_is_masked(cmkpi: Run, one_error_line: OneErrorLine) -> None:
    secret = "SeCrEt-in-query-1"
    result = cmkpi("info", "--db", f"postgresql://u@127.0.0.1:1/x?password={secret}")
    one_error_line(result, "password=***", secret=secret)


def test_xlsx_holds_text_as_text(cmkpi: Run, shop: Path, tmp_path: Path) -> None:
    """A name that looks like a formula stays text; a control character cannot break the file."""
    import openpyxl
    import pandas as pd

    formula = '=HYPERLINK("http://example.invalid","x")'
    with sqlite3.connect(shop) as conn:
        conn.execute("UPDATE customers SET customerName = ? WHERE customerNumber = 103", [formula])
        conn.execute(
            "UPDATE customers SET customerName = 'Bad' || char(1) || 'Name' "
            "WHERE customerNumber = 112"
        )
    out = tmp_path / "directory.xlsx"
    result = cmkpi("query", "customer_rep_directory", "--db", str(shop), "-o", str(out))
    assert result.returncode == 0, result.stderr
    cells = [c for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    names = {c.value for c in cells}
    assert formula in names and "BadName" in names
    with sqlite3.connect(shop) as conn:
        customers = pd.read_sql("SELECT customerNumber FROM customers", conn)
    assert len(pd.read_excel(out)) == len(customers)


def test_serve_says_in_one_line_when_it_cannot_listen(
    cmkpi: Run, one_error_line: OneErrorLine, canonical_path: Path
) -> None:
    """A port in use, or an address not on this machine: one line and exit 2, not Werkzeug's
    traceback and exit 1."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = cmkpi("serve", "--db", str(canonical_path), "--port", port)
    one_error_line(result, f"127.0.0.1:{port}", "Address already in use", "--port")
    result = cmkpi("serve", "--db", str(canonical_path), "--host", "203.0.113.5", "--no-auth")
    one_error_line(result, "203.0.113.5", "--host")


def test_files_that_never_end_are_refused(
    cmkpi: Run, one_error_line: OneErrorLine, tmp_path: Path
) -> None:
    """A pipe given as --db blocked for ever; /dev/zero given to import filled the memory."""
    import os

    pipe = tmp_path / "sales.sqlite"
    os.mkfifo(pipe)
    one_error_line(cmkpi("info", "--db", str(pipe), timeout=30), "not a regular file")
    target = tmp_path / "z.sqlite"
    result = cmkpi("import", "/dev/zero", "--to", str(target), timeout=30)
    one_error_line(result, "/dev/zero", "not a regular file")
    assert not target.exists()


@pytest.mark.parametrize("day", ["20050101", "2005-W01-1", "2005-1-01"])
def test_dates_are_yyyy_mm_dd_only(
    day: str, cmkpi: Run, one_error_line: OneErrorLine, shop: Path
) -> None:
    """Python alone reads 20050101 and ISO week dates: the documented form is YYYY-MM-DD."""
    one_error_line(cmkpi("kpis", "--db", str(shop), "--as-of", day), day, "YYYY-MM-DD")
    result = cmkpi("query", "customer_rfm", "--db", str(shop), "-p", f"as_of={day}")
    one_error_line(result, day, "YYYY-MM-DD")


def test_sql_can_be_saved(cmkpi: Run, shop: Path, tmp_path: Path) -> None:
    """`--sql -o q.sql` wrote nothing at all."""
    out = tmp_path / "q.sql"
    result = cmkpi("query", "sales_by_country", "--db", str(shop), "--sql", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").lstrip().upper().startswith("WITH")


def test_writers_refuse_a_file_of_another_kind(
    cmkpi: Run, one_error_line: OneErrorLine, shop: Path, tmp_path: Path
) -> None:
    """A SQLite file named .duckdb made DuckDB try to download an extension; a text file would
    have been taken over."""
    disguised = tmp_path / "sales.duckdb"
    shutil.copyfile(shop, disguised)
    text = tmp_path / "notes.sqlite"
    text.write_text("keep me\n")
    before = _digest(disguised)
    result = cmkpi("generate", "--scale", "1", "--seed", "1", "--to", str(disguised))
    one_error_line(result, "is a SQLite database, not DuckDB", "Nothing was written")
    result = cmkpi("generate", "--scale", "1", "--seed", "1", "--to", str(text))
    one_error_line(result, "is not a database file", "Nothing was written")
    assert _digest(disguised) == before and text.read_text() == "keep me\n"


def test_info_on_a_database_without_orders(cmkpi: Run, shop: Path) -> None:
    with sqlite3.connect(shop) as conn:
        for table in ("orderdetails", "payments", "orders"):
            conn.execute(f"DELETE FROM {table}")
    result = cmkpi("info", "--db", str(shop))
    assert result.returncode == 0, result.stderr
    assert "No orders yet." in result.stdout and "None" not in result.stdout


def test_duckdb_with_dates_stored_as_text_is_explained(
    cmkpi: Run, one_error_line: OneErrorLine, canonical_path: Path, tmp_path: Path
) -> None:
    """Tables copied through pandas keep SQLite's text dates: DuckDB's raw 'Binder Error' gave
    no hint of what to do."""
    import duckdb
    import pandas as pd

    target = tmp_path / "copied.duckdb"
    with sqlite3.connect(canonical_path) as source, duckdb.connect(str(target)) as copy:
        for table in (
            "customers",
            "employees",
            "offices",
            "orders",
            "orderdetails",
            "payments",
            "productlines",
            "products",
        ):
            frame = pd.read_sql(f"SELECT * FROM {table}", source)  # noqa: F841 (read by DuckDB)
            copy.execute(f"CREATE TABLE {table} AS SELECT * FROM frame")
    result = cmkpi("kpis", "--db", str(target))
    one_error_line(result, "orders.orderDate", "as text, not as dates", "DATE")


def test_a_parameter_given_twice_is_refused(
    cmkpi: Run, one_error_line: OneErrorLine, shop: Path
) -> None:
    result = cmkpi(
        "query",
        "customer_rfm",
        "--db",
        str(shop),
        "-p",
        "as_of=2004-12-31",
        "-p",
        "as_of=2005-01-31",
    )
    one_error_line(result, "as_of", "given twice")


@pytest.mark.parametrize(
    ("query", "param", "fragment"),
    [
        ("top_bottom_products_by_line", "n=-1", "from 1 to 1000"),
        ("cross_sell_pairs", "min_orders=0", "at least 1"),
        ("revenue_forecast", "horizon=100000", "from 1 to 60"),
        ("revenue_forecast", "level=1.5", "from 0.01 to 0.99"),
    ],
)
def test_parameters_outside_their_range_are_refused(
    query: str, param: str, fragment: str, cmkpi: Run, one_error_line: OneErrorLine, shop: Path
) -> None:
    name = param.partition("=")[0]
    result = cmkpi("query", query, "--db", str(shop), "-p", param)
    one_error_line(result, f"parameter {name}", fragment)
