"""SQLite is read through Python's own driver: the commands on the embedded default never import
SQLAlchemy (about 0.3 s of every command, 11 MB of the dashboard), and its engine still works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.database import connect, parse_db

#: What `cmkpi query`, `cmkpi report` and the dashboard do with a database file, then the modules
#: of SQLAlchemy (and DuckDB's dialect for it) that this loaded.
WORK = """
import json, sys
from classicmodels_kpi.catalogue import Catalogue, queries
from classicmodels_kpi.database.resolve import open_database
from classicmodels_kpi.kpis import compute_kpis
from classicmodels_kpi.report import write_report

db = open_database(sys.argv[1], duckdb_settings={"perfect_ht_threshold": 12})
catalogue = Catalogue(db)
for name in queries():
    catalogue.run(name)
compute_kpis(catalogue)
write_report(db, sys.argv[2], "html")
db.row_counts()
db.run("SELECT COUNT(*) AS n FROM orders WHERE orderNumber > :low", {"low": 1})
db.close()
unwanted = ("sqlalchemy", "duckdb_engine")
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in unwanted)))
"""


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"], indirect=True)
def test_file_databases_never_import_sqlalchemy(canonical_url: str, tmp_path: Path) -> None:
    """SQLite and DuckDB files are read through their own drivers (DuckDB: see
    test_duckdb_driver.py); SQLAlchemy's import alone cost ~0.3 s of every command."""
    done = subprocess.run(
        [sys.executable, "-c", WORK, canonical_url, str(tmp_path / "report.html")],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    assert (tmp_path / "report.html").stat().st_size > 100_000


def test_the_sqlalchemy_engine_reads_the_same_rows_read_only(canonical_path: Path) -> None:
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    with connect(parse_db(str(canonical_path))) as db:
        direct = Catalogue(db).run("sales_by_country")
        with db.connection() as conn:
            rows = conn.execute(text(db.transpile("SELECT COUNT(*) FROM orders"))).scalar_one()
        assert rows == db.row_counts()["orders"]
        assert len(direct) > 0
        with db.engine.connect() as conn, pytest.raises(OperationalError):
            conn.execute(text("DELETE FROM orders"))
    assert db.row_counts()["orders"] == rows  # closed, then reopened on demand
