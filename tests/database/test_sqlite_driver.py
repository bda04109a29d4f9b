"""SQLite is read through Python's own driver: the commands on the embedded default never import
SQLAlchemy (about 0.3 s of every command, 11 MB of the dashboard), and its engine still works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.database import connect, parse_db

WORK = """
import json, sys
from classicmodels_kpi.catalogue import Catalogue, queries
from classicmodels_kpi.database.resolve import open_database
from classicmodels_kpi.kpis import compute_kpis
from classicmodels_kpi.report import write_report

db = open_database(sys.argv[1])
catalogue = Catalogue(db)
for name in queries():
    catalogue.run(name)
compute_kpis(catalogue)
write_report(db, sys.argv[2], "html")
db.row_counts()
db.close()
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "sqlalchemy")))
"""


def test_sqlite_work_never_imports_sqlalchemy(canonical_path: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WORK, str(canonical_path), str(tmp_path / "report.html")],
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
