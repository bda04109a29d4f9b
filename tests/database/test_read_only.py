"""Read-only, always: every engine refuses writes, and no file but the database is ever touched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from classicmodels_kpi.database import Database, connect, parse_db
from classicmodels_kpi.database.connection import list_columns
from classicmodels_kpi.errors import DatabaseError

WRITES = [
    "DELETE FROM orders",
    "UPDATE customers SET creditLimit = 0",
    "INSERT INTO offices (officeCode, city, phone, addressLine1, country, postalCode, territory) "
    "VALUES ('99', 'X', 'X', 'X', 'X', 'X', 'X')",
    "CREATE TABLE scratch (a INT)",
    "DROP TABLE payments",
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def writable_url(request: pytest.FixtureRequest, engine: str, tmp_path: Path) -> str:
    """The canonical data in ``engine``; SQLite as a writable copy (never risk the shared file)."""
    if engine == "sqlite":
        copy = tmp_path / "canonical.sqlite"
        shutil.copyfile(request.getfixturevalue("canonical_path"), copy)
        return f"sqlite:///{copy}"
    return str(request.getfixturevalue("canonical_url"))


def assert_unchanged(database: Database, tables: dict[str, pd.DataFrame]) -> None:
    assert database.row_counts() == {t: len(f) for t, f in tables.items()}
    credit = database.run("SELECT SUM(creditLimit) AS total FROM customers")["total"].iloc[0]
    assert float(credit) == pytest.approx(tables["customers"]["creditLimit"].sum())
    with database.connection() as conn:
        names = {t.lower() for t, _ in list_columns(conn, database.kind)}
    assert "scratch" not in names


def test_every_write_is_refused(
    writable_url: str, canonical_tables: dict[str, pd.DataFrame]
) -> None:
    with connect(parse_db(writable_url)) as database:
        for statement in WRITES:
            with pytest.raises(DatabaseError, match="read-only") as caught:
                database.run(statement)
            assert "\n" not in str(caught.value)
        assert_unchanged(database, canonical_tables)


@pytest.mark.parametrize(
    ("engine", "override"),
    [
        ("postgresql", "options=-c%20default_transaction_read_only%3Doff"),
        ("mysql", "init_command=SET%20SESSION%20TRANSACTION%20READ%20WRITE"),
    ],
    indirect=["engine"],
)
def test_the_url_cannot_switch_read_only_off(
    canonical_url: str, override: str, canonical_tables: dict[str, pd.DataFrame]
) -> None:
    with connect(parse_db(f"{canonical_url}?{override}")) as database:
        with pytest.raises(DatabaseError, match="read-only"):
            database.run("DELETE FROM payments")
        assert_unchanged(database, canonical_tables)


def test_sqlite_creates_no_other_file(canonical_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "canonical.sqlite"
    shutil.copyfile(canonical_path, copy)
    before = sha256(copy)
    with connect(parse_db(str(copy))) as database:
        for statement in (
            f"VACUUM INTO '{tmp_path / 'vacuumed.sqlite'}'",
            f"ATTACH DATABASE '{tmp_path / 'attached.sqlite'}' AS other",
            "PRAGMA query_only = OFF",
        ):
            with pytest.raises(DatabaseError, match="read-only"):
                database.run(statement)
        with pytest.raises(DatabaseError, match="read-only"):
            database.run("DELETE FROM orders")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["canonical.sqlite"]
    assert sha256(copy) == before


def _wal_copy(canonical: Path, folder: Path) -> Path:
    copy = folder / "wal.sqlite"
    shutil.copyfile(canonical, copy)
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    assert sorted(p.name for p in folder.iterdir()) == ["wal.sqlite"]
    return copy


def test_a_wal_mode_file_gets_no_side_files(canonical_path: Path, tmp_path: Path) -> None:
    copy = _wal_copy(canonical_path, tmp_path)
    before = sha256(copy)
    with connect(parse_db(str(copy))) as database:
        assert database.row_counts()["orders"] == 326
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wal.sqlite"]
    assert sha256(copy) == before


def test_a_live_wal_file_shows_what_its_writer_committed(
    canonical_path: Path, tmp_path: Path, canonical_tables: dict[str, pd.DataFrame]
) -> None:
    copy = _wal_copy(canonical_path, tmp_path)
    writer = sqlite3.connect(copy)
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")  # the commit stays in the -wal file
        writer.execute("DELETE FROM payments WHERE customerNumber = 103")
        writer.commit()
        payments = canonical_tables["payments"]
        expected = int((payments["customerNumber"] != 103).sum())
        with connect(parse_db(str(copy))) as database:
            assert database.row_counts()["payments"] == expected < len(payments)
    finally:
        writer.close()


def test_duckdb_reads_and_writes_no_other_file(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    source = Path(parse_db(request.getfixturevalue("canonical_urls")["duckdb"]).database or "")
    copy = tmp_path / "canonical.duckdb"
    shutil.copyfile(source, copy)
    before = sha256(copy)
    with connect(parse_db(str(copy))) as database:
        for statement in (
            f"COPY orders TO '{tmp_path / 'orders.csv'}'",
            f"ATTACH '{tmp_path / 'other.duckdb'}' AS other",
        ):
            with pytest.raises(DatabaseError):
                database.run(statement)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["canonical.duckdb"]
    assert sha256(copy) == before


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"], indirect=True)
def test_concurrent_readers_each_get_the_right_answer(
    canonical_url: str, canonical_tables: dict[str, pd.DataFrame]
) -> None:
    # The dashboard answers callbacks from several threads at once.
    expected = {t: len(f) for t, f in canonical_tables.items()}
    with connect(parse_db(canonical_url)) as database:

        def count(table: str) -> tuple[str, int]:
            frame = database.run(f"SELECT COUNT(*) AS n FROM {table}")
            return table, int(frame["n"].iloc[0])

        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(count, list(expected) * 5))
    assert all(n == expected[t] for t, n in results)


def test_sqlite_serves_queries_from_many_threads_at_once(canonical_path: Path) -> None:
    """The dashboard and the report query from threads: more threads than a pool keeps must
    not close a connection another thread is using (SQLAlchemy's SingletonThreadPool did)."""
    from concurrent.futures import ThreadPoolExecutor

    from classicmodels_kpi.catalogue import Catalogue
    from classicmodels_kpi.database.connection import SqliteConnections

    with connect(parse_db(str(canonical_path))) as db:
        assert db._sqlite is not None
        catalogue = Catalogue(db)
        expected = len(catalogue.run("customer_rfm"))
        for _ in range(3):  # new threads every round, as the dashboard's requests bring
            with ThreadPoolExecutor(max_workers=12) as pool:
                sizes = list(pool.map(lambda _: len(catalogue.run("customer_rfm")), range(36)))
            assert sizes == [expected] * 36
            # the connections opened for the burst are closed, but for a few kept for reuse
            assert 1 <= len(db._sqlite._idle) <= SqliteConnections.KEEP
