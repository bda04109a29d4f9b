"""``cmkpi catalogue``, ``cmkpi query`` and ``cmkpi check`` as users run them: a real process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from classicmodels_kpi.catalogue import Catalogue, queries

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def cmkpi(tmp_path_factory: pytest.TempPathFactory) -> Run:
    cache = tmp_path_factory.mktemp("cli-cache")
    cwd = tmp_path_factory.mktemp("cli-cwd")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CMKPI_")}
        env["CMKPI_CACHE_DIR"] = str(cache)
        return subprocess.run(
            [sys.executable, "-m", "classicmodels_kpi", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
            timeout=120,
        )

    return run


def one_error_line(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    shown = f"exit {result.returncode}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == code, shown
    assert len(lines) == 1 and lines[0].startswith("error: "), shown
    assert "Traceback" not in result.stderr, shown
    return lines[0]


def test_catalogue_lists_every_query(cmkpi: Run) -> None:
    result = cmkpi("catalogue")
    assert result.returncode == 0, result.stderr
    for name, q in queries().items():
        assert name in result.stdout and q.layer in result.stdout
    listed = json.loads(cmkpi("catalogue", "--format", "json").stdout)
    assert [q["name"] for q in listed] == list(queries())
    rfm = next(q for q in listed if q["name"] == "monthly_sales")
    assert rfm["layer"] == "descriptive"
    assert rfm["params"][0]["name"] == "as_of" and rfm["params"][0]["default"]
    assert {c["name"] for c in rfm["columns"]} >= {"month", "revenue", "on_time_pct"}


def test_query_csv_and_json_match_the_api(
    cmkpi: Run, canonical_path: Path, canonical_catalogue: Catalogue
) -> None:
    db = str(canonical_path)
    result = cmkpi("query", "sales_by_country", "--db", db, "--format", "csv")
    assert result.returncode == 0, result.stderr
    got = pd.read_csv(io.StringIO(result.stdout))
    want = canonical_catalogue.run("sales_by_country")
    assert got["country"].tolist() == want["country"].tolist()
    assert got["revenue"].tolist() == pytest.approx(want["revenue"].tolist())
    result = cmkpi("query", "monthly_sales", "--db", db, "-p", "as_of=2004-06-30", "-f", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    want = canonical_catalogue.run("monthly_sales", as_of="2004-06-30")
    assert [r["month"] for r in rows] == want["month"].tolist()
    assert rows[-1]["month"] == "2004-06"
    assert [r["revenue"] for r in rows] == pytest.approx(want["revenue"].tolist())


def test_query_binary_formats_need_a_file(
    cmkpi: Run, canonical_path: Path, canonical_catalogue: Catalogue, tmp_path: Path
) -> None:
    db = str(canonical_path)
    line = one_error_line(cmkpi("query", "order_size", "--db", db, "--format", "parquet"))
    assert "-o" in line
    parquet = tmp_path / "orders.parquet"
    result = cmkpi("query", "order_size", "--db", db, "-o", str(parquet))
    assert result.returncode == 0, result.stderr
    want = canonical_catalogue.run("order_size")
    got = pd.read_parquet(parquet)
    assert got["orderNumber"].tolist() == want["orderNumber"].tolist()
    assert got["orderDate"].tolist() == want["orderDate"].tolist()
    xlsx = tmp_path / "lines.xlsx"
    result = cmkpi("query", "sales_by_productline", "--db", db, "-f", "xlsx", "-o", str(xlsx))
    assert result.returncode == 0, result.stderr
    sheet = pd.read_excel(xlsx)
    assert sheet["productLine"].tolist()[0] == "Classic Cars"
    assert sheet["revenue"].sum() == pytest.approx(9_365_336.43)


def test_query_table_is_readable(cmkpi: Run, canonical_path: Path) -> None:
    result = cmkpi("query", "business_overview", "--db", str(canonical_path))
    assert result.returncode == 0, result.stderr
    assert "9,365,336.43" in result.stdout and "customers_with_orders" in result.stdout


def test_unknown_name_lists_the_valid_ones(cmkpi: Run) -> None:
    line = one_error_line(cmkpi("query", "sales_by_planet"))
    assert "sales_by_planet" in line
    assert all(name in line for name in queries())


def test_unknown_parameter_and_bad_date(cmkpi: Run, canonical_path: Path) -> None:
    db = str(canonical_path)
    line = one_error_line(cmkpi("query", "sales_by_country", "--db", db, "-p", "planet=Mars"))
    assert "planet" in line and "as_of" in line
    line = one_error_line(cmkpi("query", "sales_by_country", "--db", db, "-p", "as_of=2005-02-30"))
    assert "2005-02-30" in line and "YYYY-MM-DD" in line


def test_sql_in_any_dialect_without_a_database(cmkpi: Run) -> None:
    result = cmkpi("query", "monthly_sales", "--sql", "--dialect", "spark")
    assert result.returncode == 0, result.stderr
    assert "DATE_FORMAT" in result.stdout and "`orders`" in result.stdout


def test_check_exit_codes(cmkpi: Run, canonical_path: Path, peer_path: Path) -> None:
    clean = cmkpi("check", "--db", str(canonical_path))
    assert clean.returncode == 0, clean.stderr
    assert "untrimmed_text" in clean.stdout and "customer_without_rep" in clean.stdout
    assert "0 error(s), 2 warning(s), 22 info" in clean.stdout
    bad = cmkpi("check", "--db", str(peer_path))
    assert bad.returncode == 1, bad.stderr
    assert "invalid_date" in bad.stdout and "2019-02-29" in bad.stdout
    assert one_error_line(bad, code=1).startswith("error: 2 data-quality findings")
    report = json.loads(cmkpi("check", "--db", str(peer_path), "--format", "json").stdout)
    assert report["totals"] == {"error": 2, "warning": 2, "info": 22}
    assert report["has_errors"] is True
    keys = {(f["table"], f["key"]) for f in report["findings"] if f["severity"] == "error"}
    assert keys == {("orders", "10223"), ("payments", "487/PT550181")}


def test_param_without_value_and_unknown_dialect_in_process() -> None:
    """The same one-line errors, checked in this process (each subprocess costs seconds)."""
    from classicmodels_kpi.catalogue import get_query
    from classicmodels_kpi.cli.catalogue import _parse_params, _query_sql
    from classicmodels_kpi.errors import ParameterError

    with pytest.raises(ParameterError, match=r"not key=value.*as_of"):
        _parse_params(get_query("sales_by_country"), ["as_of"])
    assert _parse_params(get_query("sales_by_country"), ["as_of=2005-01-31"]) == {
        "as_of": "2005-01-31"
    }
    with pytest.raises(ParameterError, match="unknown --dialect 'oracle'"):
        _query_sql(get_query("monthly_sales"), "oracle", None)
