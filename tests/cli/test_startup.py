"""Start-up stays light: ``cmkpi --version`` and a command's ``--help`` import no data library.

What each invocation imported is read from ``sys.modules`` of a real interpreter that runs the
package as ``python -m classicmodels_kpi`` does; no timing is asserted (that is measured in
benchmarks/bench_report.py).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from classicmodels_kpi.cli import app
from classicmodels_kpi.cli.app import COMMAND_MODULES

#: Libraries that cost a noticeable part of a second to import, none needed to parse a command.
HEAVY = ("pandas", "numpy", "pyarrow", "sqlalchemy", "sqlglot", "duckdb", "plotly", "jinja2")

PROBE = """
import json, runpy, sys
sys.argv = ["cmkpi", *json.loads(sys.argv[1])]
code = 0
try:
    runpy.run_module("classicmodels_kpi", run_name="__main__", alter_sys=True)
except SystemExit as stop:
    code = stop.code or 0
print(json.dumps({"code": code, "imported": sorted(m for m in sys.modules)}), file=sys.stderr)
"""


def imported_by(*args: str) -> tuple[subprocess.CompletedProcess[str], int, set[str]]:
    """Run ``cmkpi ARGS`` in a fresh interpreter; its result, exit code and imported modules."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return done, int(report["code"]), set(report["imported"])


def heavy_in(modules: set[str]) -> list[str]:
    return [name for name in HEAVY if name in modules]


def test_version_imports_no_data_library() -> None:
    done, code, modules = imported_by("--version")
    assert code == 0
    assert re.fullmatch(r"cmkpi \S+\n", done.stdout), done.stdout
    assert heavy_in(modules) == []
    # nor any command's module: the app alone answers --version
    assert {m for m in modules if m.startswith("classicmodels_kpi.cli.")} == {
        "classicmodels_kpi.cli.app"
    }


@pytest.mark.parametrize("command", ["info", "kpis", "insights", "report", "import", "generate"])
def test_command_help_imports_no_data_library(command: str) -> None:
    done, code, modules = imported_by(command, "--help")
    assert code == 0
    assert "Usage: cmkpi " + command in " ".join(done.stdout.split())
    assert heavy_in(modules) == []


def test_root_help_lists_every_command_without_pandas() -> None:
    done, code, modules = imported_by("--help")
    assert code == 0
    listed = re.findall(r"│ (\w[\w-]*)\s", done.stdout)
    assert [name for name in listed if name in COMMAND_MODULES] == list(COMMAND_MODULES)
    # The catalogue commands still load SQLAlchemy through the database package; pandas, plotly
    # and jinja2 are loaded by no command's declaration.
    assert [m for m in heavy_in(modules) if m != "sqlalchemy"] == []


def test_a_command_imports_its_own_module_only() -> None:
    _, code, modules = imported_by("generate", "--help")
    assert code == 0
    cli_modules = {m for m in modules if m.startswith("classicmodels_kpi.cli.")}
    assert cli_modules == {"classicmodels_kpi.cli.app", "classicmodels_kpi.cli.sampledata"}


def test_every_command_module_is_known_to_the_lazy_group() -> None:
    """A new ``@app.command`` in a new module must be listed in COMMAND_MODULES, or it is lost."""
    folder = Path(__file__).resolve().parents[2] / "src" / "classicmodels_kpi" / "cli"
    registering = {
        f"classicmodels_kpi.cli.{path.stem}"
        for path in folder.glob("*.py")
        if "@app.command" in path.read_text(encoding="utf-8")
    }
    assert registering == set(COMMAND_MODULES.values())
    group = typer.main.get_command(app)
    names = list(group.commands)  # type: ignore[attr-defined]
    assert names[: len(COMMAND_MODULES)] == list(COMMAND_MODULES)


def test_values_spelt_out_for_a_light_start_match_their_source() -> None:
    from classicmodels_kpi.cli import sampledata as cli_sampledata
    from classicmodels_kpi.cli.app import ENV_VAR as CLI_ENV_VAR
    from classicmodels_kpi.database import ENV_VAR
    from classicmodels_kpi.sampledata import generator

    assert CLI_ENV_VAR == ENV_VAR
    assert cli_sampledata.DEFAULT_SEED == generator.DEFAULT_SEED
    assert cli_sampledata.MAX_SCALE == generator.MAX_SCALE


def test_report_says_its_line_without_rich(canonical_path: Path, tmp_path: Path):
    """The report's one status line is plain text: rich's console is never imported for it."""
    target = tmp_path / "r.md"
    args = ("report", "--db", str(canonical_path), "--format", "md", "-o", str(target))
    done, code, modules = imported_by(*args)
    assert code == 0, done.stderr
    assert done.stderr.splitlines()[0] == f"wrote {target}"
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert "rich.console" not in modules
