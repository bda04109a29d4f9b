"""Read-only, always: a SQLite and a DuckDB file are byte-identical after every reading command,
and no side file (-journal, -wal, .wal) appears beside them.

The commands come from the app at test time, so the test grows with the CLI: a new command that
takes --db fails here until it is listed below with how to call it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

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
        result = cmkpi(*invocations[name], "--db", str(database))
        assert result.returncode in (0, 1), f"{name}: {result.stderr[-2000:]}"
        assert sha256(database) == before, f"`cmkpi {name}` changed the database file"
        assert [p.name for p in folder.iterdir()] == [database.name], f"side file after {name}"
        ran.append(name)
    assert "info" in ran
