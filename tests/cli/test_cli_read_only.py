"""Read-only, always: a SQLite and a DuckDB file are byte-identical after every reading command,
and no side file (-journal, -wal, -shm, .wal) appears beside them.

The commands come from the app at test time, so the test grows with the CLI: a new command that
takes --db fails here until it is listed below with how to call it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from classicmodels_kpi import catalogue
from classicmodels_kpi.cli import app
from classicmodels_kpi.database import parse_db

Run = Callable[..., subprocess.CompletedProcess[str]]

#: Commands with --db that are not one-shot reads: `serve` runs until stopped (the dashboard reads
#: through the same read-only layer; its own tests cover it).
NOT_ONE_SHOT = {"serve"}


def first_query_name() -> str:
    """A catalogue query whose parameters all have defaults (files are named after queries)."""
    for path in sorted(Path(catalogue.__file__).parent.glob("*/*.sql")):
        header = [line for line in path.read_text().splitlines() if line.startswith("--")]
        params = [line for line in header if re.match(r"--\s*param\s", line)]
        if path.parent.name != "python" and all(" = " in line for line in params):
            return path.stem
    raise AssertionError("no catalogue query without required parameters")


def reading_invocations(out: Path) -> dict[str, list[str]]:
    return {
        "info": ["info"],
        "query": ["query", first_query_name()],
        "check": ["check"],
        "kpis": ["kpis"],
        "insights": ["insights"],
        "report": ["report", "--format", "html", "-o", str(out / "report.html")],
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"], indirect=True)
def test_reading_commands_leave_the_file_untouched(
    engine: str, canonical_url: str, cmkpi: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    database = folder / f"sales.{engine}"
    shutil.copyfile(parse_db(canonical_url).database or "", database)
    database.chmod(0o644)  # writable: only the product's read-only opening protects it
    if engine == "sqlite":
        # WAL mode: the strictest case, where even a plain read-only open leaves -wal and -shm.
        with sqlite3.connect(database) as conn:
            assert conn.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
        assert [p.name for p in folder.iterdir()] == [database.name]
    before = sha256(database)

    group = typer.main.get_command(app)
    commands = sorted(
        name
        for name, command in group.commands.items()  # type: ignore[attr-defined]
        if any("--db" in getattr(p, "opts", ()) for p in command.params)
    )
    invocations = reading_invocations(out)
    unknown = set(commands) - set(invocations) - NOT_ONE_SHOT
    assert not unknown, f"new command(s) {unknown}: say how to call them in this test"

    ran = []
    for name in commands:
        if name in NOT_ONE_SHOT:
            continue
        # In-process (the same code as the command line, minus a second of imports per run).
        result = CliRunner().invoke(app, [*invocations[name], "--db", str(database)])
        failed = result.exception is not None and not isinstance(result.exception, SystemExit)
        assert not failed and result.exit_code in (0, 1), f"{name}: {result.output[-2000:]}"
        assert sha256(database) == before, f"`cmkpi {name}` changed the database file"
        assert [p.name for p in folder.iterdir()] == [database.name], f"side file after {name}"
        ran.append(name)
    assert "info" in ran

    # And once through the real entry point, so process exit is covered too.
    result = cmkpi("info", "--db", str(database))
    assert result.returncode == 0, result.stderr
    assert sha256(database) == before
    assert [p.name for p in folder.iterdir()] == [database.name]
