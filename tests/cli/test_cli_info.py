"""`cmkpi info`, `--version` and every `--help`, on all four engines.

Row counts are checked against pandas counts of the raw canonical tables.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from importlib.metadata import version

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from classicmodels_kpi.cli import app

Run = Callable[..., subprocess.CompletedProcess[str]]

FIRST_ORDER, LAST_ORDER = "2003-01-06", "2005-05-31"


def test_info_json(
    canonical_url: str, engine: str, canonical_tables: dict[str, pd.DataFrame]
) -> None:
    result = CliRunner().invoke(app, ["info", "--db", canonical_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["engine"] == engine
    assert payload["tables"] == {t: len(frame) for t, frame in canonical_tables.items()}
    assert (payload["orders_from"], payload["orders_to"]) == (FIRST_ORDER, LAST_ORDER)
    assert canonical_tables["orders"]["orderDate"].min() == FIRST_ORDER
    assert canonical_tables["orders"]["orderDate"].max() == LAST_ORDER


def test_info_table(
    canonical_url: str, engine: str, canonical_tables: dict[str, pd.DataFrame]
) -> None:
    result = CliRunner().invoke(app, ["info", "--db", canonical_url])
    assert result.exit_code == 0, result.output
    assert f"({engine})" in result.stdout
    for table, frame in canonical_tables.items():
        assert any(
            table in line.split() and f"{len(frame):,}" in line.split()
            for line in result.stdout.replace("│", " ").splitlines()
        ), (table, result.stdout)
    assert f"Orders from {FIRST_ORDER} to {LAST_ORDER}" in result.stdout


def test_info_never_shows_the_password(request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue("canonical_urls")["postgresql"]
    from sqlalchemy.engine import make_url

    password = make_url(url).password
    assert password
    for fmt in ("table", "json"):
        result = CliRunner().invoke(app, ["info", "--db", url, "--format", fmt])
        assert result.exit_code == 0, result.output
        assert password not in result.output
        assert "***" in result.output


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"cmkpi {version('classicmodels-kpi')}"


def command_names() -> list[str]:
    """The commands registered on the app right now: the tests grow with the CLI."""
    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_foundation_commands_exist() -> None:
    assert {"info"} <= set(command_names())


@pytest.mark.parametrize("command", [[], *[[name] for name in command_names()]])
def test_every_help_exits_0_and_never_shows_a_password(command: list[str]) -> None:
    secret = "Help-Env-Secret-9"
    result = CliRunner().invoke(
        app,
        [*command, "--help"],
        env={"CMKPI_DATABASE_URL": f"postgresql://u:{secret}@db.example/sales"},
    )
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    assert secret not in result.output


def test_help_with_a_password_in_db_through_the_real_entry_point(cmkpi: Run) -> None:
    secret, env_secret = "Help-Db-Secret-10", "Help-Env-Secret-11"
    result = cmkpi(
        "info",
        "--db",
        f"postgresql://u:{secret}@db.example/sales",
        "--help",
        env={"CMKPI_DATABASE_URL": f"mysql://u:{env_secret}@db.example/sales"},
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: cmkpi info" in result.stdout
    assert "CMKPI_DATABASE_URL" in result.stdout
    for hidden in (secret, env_secret):
        assert hidden not in result.stdout + result.stderr
