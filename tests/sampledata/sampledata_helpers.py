"""Helpers for the sample-data tests: run the real CLI, read any engine back as plain rows."""

from __future__ import annotations

import math
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd
import pytest
from sqlalchemy import Date, Integer, Numeric, create_engine, text
from sqlalchemy.engine import make_url

from classicmodels_kpi.database.schema import COLUMNS, TABLE_ORDER
from classicmodels_kpi.database.tables import metadata

SERVER_ENGINES = ("postgresql", "mysql")
ALL_ENGINES = [
    pytest.param(e, marks=pytest.mark.server) if e in SERVER_ENGINES else e
    for e in ("sqlite", "duckdb", "postgresql", "mysql")
]

Rows = dict[str, list[tuple[Any, ...]]]


def cmkpi(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m classicmodels_kpi ARGS`` in a child process, as a user would run it."""
    full_env = {k: v for k, v in os.environ.items() if k != "CMKPI_DATABASE_URL"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "classicmodels_kpi", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )


def _plain(value: Any, sqltype: Any) -> Any:
    """One stored value in a form every engine agrees on."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(sqltype, Integer):
        return int(value)
    if isinstance(sqltype, Numeric):
        return f"{Decimal(str(value)):.2f}"
    if isinstance(sqltype, Date):
        if isinstance(value, datetime | pd.Timestamp | date):
            return value.strftime("%Y-%m-%d")
        return str(value)[:10]
    return value


def plain_rows(frame: pd.DataFrame, table: str) -> list[tuple[Any, ...]]:
    """The table's rows, columns in schema order (matched case-insensitively), sorted."""
    by_lower = {str(c).lower(): c for c in frame.columns}
    types = [c.type for c in metadata.tables[table].columns]
    columns = [frame[by_lower[c.lower()]].tolist() for c in COLUMNS[table]]
    rows = [
        tuple(_plain(v, t) for v, t in zip(values, types, strict=True))
        for values in zip(*columns, strict=True)
    ]
    return sorted(rows, key=lambda r: tuple((v is None, str(v)) for v in r))


def read_rows(url: str) -> Rows:
    """Every ClassicModels table at ``url``, read with the plain driver (not the product's code)."""
    parsed = make_url(url)
    frames: dict[str, pd.DataFrame] = {}
    if parsed.get_backend_name() == "sqlite":
        with sqlite3.connect(f"file:{parsed.database}?mode=ro", uri=True) as conn:
            frames = {t: pd.read_sql(f"SELECT * FROM {t}", conn) for t in TABLE_ORDER}
    elif parsed.get_backend_name() == "duckdb":
        with duckdb.connect(parsed.database, read_only=True) as conn:
            frames = {t: conn.execute(f"SELECT * FROM {t}").df() for t in TABLE_ORDER}
    else:
        engine = create_engine(url)
        with engine.connect() as conn:
            frames = {t: pd.read_sql(text(f"SELECT * FROM {t}"), conn) for t in TABLE_ORDER}
        engine.dispose()
    return {t: plain_rows(frames[t], t) for t in TABLE_ORDER}


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> Result:
    """The CLI's ``main()`` in this process (its error mapping included), output captured.

    Cheaper than a child process; the exit-code tests that must prove "no traceback" for a real
    user still go through :func:`cmkpi`.
    """
    from classicmodels_kpi.cli import main

    capsys.readouterr()
    saved = sys.argv
    sys.argv = ["cmkpi", *args]
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.argv = saved
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def one_error_line(result: Result | subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The single ``error: …`` line of a failed command (asserting there is nothing else)."""
    assert result.returncode == code, (result.stdout, result.stderr)
    err = result.stderr.strip()
    assert err.startswith("error: "), err
    assert "\n" not in err and "Traceback" not in err, err
    return err
