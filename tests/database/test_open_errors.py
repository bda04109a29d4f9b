"""Files that cannot be opened: one plain DatabaseError each, and nothing created or changed.

The CLI's subprocess tests (tests/cli/test_cli_errors.py) cover one of each kind end to end;
these cover the variants in-process, where they cost milliseconds.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from classicmodels_kpi.database import connect, parse_db
from classicmodels_kpi.database.connection import DEFAULT_CONNECT_TIMEOUT, connect_timeout
from classicmodels_kpi.errors import DatabaseError


def _text(path: Path) -> str:
    path.write_text("not a database\n")
    return str(path)


def _duckdb(path: Path) -> str:
    with duckdb.connect(str(path)) as conn:
        conn.execute("CREATE TABLE orders (orderNumber INTEGER)")
    return str(path)


def _empty(path: Path) -> str:
    path.touch()
    return str(path)


CASES: dict[str, tuple[Callable[[Path, Path], str], str]] = {
    "missing .sqlite path": (lambda d, c: str(d / "nope.sqlite"), "no such database file"),
    "missing .db path": (lambda d, c: str(d / "nope.db"), "no such database file"),
    "missing .duckdb path": (lambda d, c: str(d / "nope.duckdb"), "no such database file"),
    "missing sqlite URL": (lambda d, c: f"sqlite:///{d / 'nope.sqlite'}", "no such database file"),
    "missing duckdb URL": (lambda d, c: f"duckdb:///{d / 'nope.duckdb'}", "no such database file"),
    "folder as duckdb URL": (lambda d, c: f"duckdb:///{d}", "is a folder"),
    "sqlite in memory": (lambda d, c: "sqlite://", "in-memory SQLite"),
    "duckdb in memory": (lambda d, c: "duckdb:///:memory:", "in-memory DuckDB"),
    "empty .sqlite": (lambda d, c: _empty(d / "e.sqlite"), "empty file"),
    "empty .duckdb": (lambda d, c: _empty(d / "e.duckdb"), "empty file"),
    "text .db": (lambda d, c: _text(d / "t.db"), "not a SQLite database file"),
    "text .ddb": (lambda d, c: _text(d / "t.ddb"), "not a DuckDB database file"),
    "DuckDB named .sqlite": (lambda d, c: _duckdb(d / "x.sqlite"), "is a DuckDB database"),
    "SQLite named .duckdb": (
        lambda d, c: str(shutil.copyfile(c, d / "x.duckdb")),
        "is a SQLite database, not DuckDB",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_cannot_open(case: str, tmp_path: Path, canonical_path: Path) -> None:
    make, expected = CASES[case]
    db = make(tmp_path, canonical_path)
    before = {p.name: p.stat().st_size for p in tmp_path.iterdir()}
    with pytest.raises(DatabaseError) as caught:
        connect(parse_db(db))
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)
    assert {p.name: p.stat().st_size for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize(("value", "seconds"), [(None, 10), ("", 10), ("3", 3), (" 7 ", 7)])
def test_connect_timeout(monkeypatch: pytest.MonkeyPatch, value: str | None, seconds: int) -> None:
    if value is None:
        monkeypatch.delenv("CMKPI_CONNECT_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("CMKPI_CONNECT_TIMEOUT", value)
    assert connect_timeout() == seconds


@pytest.mark.parametrize("value", ["0", "-1", "1.5", "ten"])
def test_a_bad_connect_timeout_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CMKPI_CONNECT_TIMEOUT", value)
    with pytest.raises(DatabaseError, match="CMKPI_CONNECT_TIMEOUT"):
        connect(parse_db("postgresql://u@127.0.0.1:1/sales"))


def test_a_duckdb_file_held_by_a_writer_is_named_locked(tmp_path: Path) -> None:
    path = Path(_duckdb(tmp_path / "busy.duckdb"))
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseError, match="locked by another program"):
            connect(parse_db(str(path)))
    finally:
        writer.kill()
        writer.wait()


HOLD_OPEN = """
import sys, time, duckdb
conn = duckdb.connect(sys.argv[1])
print("open", flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("scheme", ["postgresql", "mysql"])
def test_an_unknown_host_is_named(scheme: str) -> None:
    # .invalid never resolves (RFC 2606), with or without a network.
    with pytest.raises(DatabaseError, match="unknown host") as caught:
        connect(parse_db(f"{scheme}://u:Host-Secret-12@nosuchhost.invalid/sales"))
    assert "Host-Secret-12" not in str(caught.value)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield int(listener.getsockname()[1])


@pytest.mark.parametrize("scheme", ["postgresql", "mysql"])
def test_the_connect_timeout_setting_ends_the_wait(
    scheme: str, silent_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CMKPI_CONNECT_TIMEOUT", "1")
    started = time.monotonic()
    with pytest.raises(DatabaseError, match="timed out connecting"):
        connect(parse_db(f"{scheme}://u:pw@127.0.0.1:{silent_port}/sales"))
    # 1 s asked (libpq rounds up to 2 s); the default would wait 10 s.
    assert time.monotonic() - started < DEFAULT_CONNECT_TIMEOUT
