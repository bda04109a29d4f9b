"""Every bad input: one plain `error: …` line on stderr, exit 2, no traceback, no password.

Each case runs the real command in a subprocess (one to two seconds each, mostly imports);
variants that differ only inside the database layer are covered in-process in tests/database.
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

Run = Callable[..., subprocess.CompletedProcess[str]]
OneErrorLine = Callable[..., str]


def _copy(canonical: Path, target: Path, *statements: str) -> Path:
    shutil.copyfile(canonical, target)
    with sqlite3.connect(target) as conn:
        for statement in statements:
            conn.execute(statement)
    return target


def _text(target: Path) -> Path:
    target.write_text("customerNumber,customerName\n103,Atelier graphique\n")
    return target


#: case -> (make the --db value inside a folder, fragments the error line must hold)
FILE_CASES: dict[str, tuple[Callable[[Path, Path], str], tuple[str, ...]]] = {
    "path that does not exist": (
        lambda d, c: str(d / "nope.sqlite"),
        ("no such database file", "nope.sqlite", "nothing was created"),
    ),
    "folder": (
        lambda d, c: str(_mkdir(d / "sales.sqlite")),
        ("sales.sqlite", "is a folder"),
    ),
    "text file named .sqlite": (
        lambda d, c: str(_text(d / "sales.sqlite")),
        ("sales.sqlite", "not a SQLite database"),
    ),
    "text file named .duckdb": (
        lambda d, c: str(_text(d / "sales.duckdb")),
        ("sales.duckdb", "not a DuckDB database"),
    ),
    "SQLite file named .duckdb": (
        lambda d, c: str(_copy(c, d / "sales.duckdb")),
        ("sales.duckdb", "is a SQLite database, not DuckDB"),
    ),
    "unknown extension": (
        lambda d, c: str(_text(d / "sales.csv")),
        ("sales.csv", "cannot tell the engine"),
    ),
    "unsupported URL scheme": (
        lambda d, c: "oracle://scott:Tiger-Secret-7@db.example/sales",
        ("unsupported database engine 'oracle'",),
    ),
    "missing table": (
        lambda d, c: str(_copy(c, d / "nopayments.sqlite", "DROP TABLE payments")),
        ("missing table payments",),
    ),
    "missing column": (
        lambda d, c: str(
            _copy(c, d / "noshipped.sqlite", "ALTER TABLE orders DROP COLUMN shippedDate")
        ),
        ("orders.shippedDate",),
    ),
}


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def _listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("case", list(FILE_CASES))
def test_bad_file_input(
    case: str, cmkpi: Run, one_error_line: OneErrorLine, canonical_path: Path, tmp_path: Path
) -> None:
    make, fragments = FILE_CASES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    db = make(folder, canonical_path)
    before = _listing(tmp_path)
    one_error_line(cmkpi("info", "--db", db), *fragments, secret="Tiger-Secret-7")
    assert _listing(tmp_path) == before  # nothing created, nothing grown (no -journal, no -wal)


def test_usage_errors(cmkpi: Run, one_error_line: OneErrorLine, canonical_path: Path) -> None:
    secret = "Usage-Secret-3"
    one_error_line(
        cmkpi("info", "--db", f"postgresql://u:{secret}@db.example/x", "--format", "xml"),
        "--format",
        "cmkpi info --help",
        secret=secret,
    )


# -- servers ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield int(s.getsockname()[1])


@pytest.mark.parametrize("scheme", ["postgresql", "mysql"])
def test_server_refusing_the_connection(
    scheme: str, cmkpi: Run, one_error_line: OneErrorLine
) -> None:
    secret = "Refused-Secret-4"
    url = f"{scheme}://cmkpi:{secret}@127.0.0.1:{_free_port()}/sales"
    one_error_line(cmkpi("info", "--db", url), "connection refused", secret=secret)


@pytest.mark.parametrize("scheme", ["postgresql", "mysql"])
def test_connection_timeout(
    scheme: str, silent_port: int, cmkpi: Run, one_error_line: OneErrorLine
) -> None:
    secret = "Timeout-Secret-5"
    url = f"{scheme}://cmkpi:{secret}@127.0.0.1:{silent_port}/sales"
    # A driver that waited for the greeting forever would hit the subprocess timeout and fail here;
    # that the 1 s setting (not the 10 s default) is what ends the wait: tests/database.
    result = cmkpi("info", "--db", url, env={"CMKPI_CONNECT_TIMEOUT": "1"}, timeout=90)
    one_error_line(result, "timed out", "after 1 s", "CMKPI_CONNECT_TIMEOUT", secret=secret)


def test_wrong_password_on_postgresql(
    postgres_server: Any, cmkpi: Run, one_error_line: OneErrorLine
) -> None:
    secret = "Wrong-Secret-6"
    url = f"postgresql://postgres:{secret}@127.0.0.1:{postgres_server.port}/postgres"
    # Given through the environment variable: masked there too.
    result = cmkpi("info", env={"CMKPI_DATABASE_URL": url})
    one_error_line(result, "wrong user name or password", "postgres:***@", secret=secret)


def test_wrong_password_on_mariadb(
    mariadb_server: Any, cmkpi: Run, one_error_line: OneErrorLine
) -> None:
    user = make_url(mariadb_server.base_url).username
    secret = "Wrong-Secret-8"
    url = f"mysql://{user}:{secret}@127.0.0.1:{mariadb_server.port}/mysql"
    one_error_line(cmkpi("info", "--db", url), "wrong user name or password", secret=secret)


@pytest.mark.parametrize("server", ["postgres_server", "mariadb_server"])
def test_database_that_does_not_exist(
    request: pytest.FixtureRequest, server: str, cmkpi: Run, one_error_line: OneErrorLine
) -> None:
    running = request.getfixturevalue(server)
    password = make_url(running.base_url).password
    result = cmkpi("info", "--db", f"{running.base_url}/no_such_sales")
    one_error_line(result, "does not exist", "no_such_sales", secret=password)


def test_server_database_without_the_tables(
    postgres_server: Any, cmkpi: Run, one_error_line: OneErrorLine
) -> None:
    password = make_url(postgres_server.base_url).password
    result = cmkpi("info", "--db", postgres_server.new_database())
    one_error_line(result, "missing tables", "no tables at all", secret=password)
