"""``cmkpi kpis``, ``insights`` and ``report`` as a user runs them: output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from classicmodels_kpi.cli import main
from classicmodels_kpi.database import connect, parse_db
from classicmodels_kpi.kpis import compute_kpis


def cmkpi(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command in its own process (exit code, stdout, stderr as a user sees them)."""
    return subprocess.run(
        [sys.executable, "-m", "classicmodels_kpi", *args],
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture
def cmkpi_here(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """The same entry point in this process: (exit code, stdout, stderr); saves a start-up."""

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["cmkpi", *args])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_kpis_json_is_the_api_output(canonical_path: Path) -> None:
    done = cmkpi("kpis", "--db", str(canonical_path), "--period", "ttm", "--format", "json")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    with connect(parse_db(str(canonical_path))) as db:
        assert printed == compute_kpis(db, period="ttm").to_dict()
    assert set(printed) >= {"as_of", "period", "current_period", "reference_period", "kpis"}
    assert printed["as_of"] == "2005-05-31"
    for kpi in printed["kpis"].values():
        assert set(kpi) == {"value", "reference", "delta", "delta_pct", "higher_is_better"}


def test_kpis_table(canonical_path: Path) -> None:
    done = cmkpi("kpis", "--db", str(canonical_path), "--as-of", "2005-05-31")
    assert done.returncode == 0, done.stderr
    assert "2005-01-01 … 2005-05-31 against 2004-01-01 … 2004-05-31" in done.stdout
    assert "$1,770,936.71" in done.stdout and "+48.3 %" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kpis", "--as-of", "2005-02-30"], "bad as-of date '2005-02-30'"),
        (["kpis", "--period", "week"], "unknown --period 'week'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    canonical_path: Path, args: list[str], message: str
) -> None:
    done = cmkpi(*args, "--db", str(canonical_path))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ") and message in lines[0]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kpis", "--as-of", "yesterday"], "expected YYYY-MM-DD"),
        (["kpis", "--format", "xml"], "unknown --format 'xml'"),
        (["insights", "--as-of", "2005-13-01"], "bad as-of date"),
        (["insights", "--format", "pdf"], "unknown --format 'pdf'"),
        (["report", "--period", "decade", "-o", "r.html"], "unknown --period"),
        (["report", "--format", "docx", "-o", "r.docx"], "unknown --format 'docx'"),
    ],
)
def test_more_bad_input(cmkpi_here, canonical_path: Path, args: list[str], message: str) -> None:
    code, out, err = cmkpi_here(*args, "--db", str(canonical_path))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and message in lines[0]


def test_report_into_a_missing_folder_is_exit_2(
    cmkpi_here, canonical_path: Path, tmp_path: Path
) -> None:
    code, _, err = cmkpi_here(
        "report", "--db", str(canonical_path), "-o", str(tmp_path / "no" / "r.html")
    )
    assert code == 2
    assert "does not exist" in err and len(err.strip().splitlines()) == 1


def test_insights_markdown_json_and_report(
    cmkpi_here, canonical_path: Path, tmp_path: Path
) -> None:
    code, out, _ = cmkpi_here("insights", "--db", str(canonical_path), "--format", "md")
    assert code == 0
    assert out.startswith("# Insights as of 2005-05-31")
    assert "## Customers & geography" in out
    code, out, _ = cmkpi_here("insights", "--db", str(canonical_path), "--format", "json")
    assert code == 0 and json.loads(out)["as_of"] == "2005-05-31"
    code, out, _ = cmkpi_here("insights", "--db", str(canonical_path))
    assert code == 0 and "Customers & geography" in out and "source:" in out
    target = tmp_path / "report.md"
    code, _, err = cmkpi_here(
        "report", "--db", str(canonical_path), "--format", "md", "-o", str(target)
    )
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("# ClassicModels executive KPI report")
    assert str(target) in err
