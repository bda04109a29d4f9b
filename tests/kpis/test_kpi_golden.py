"""Golden KPI values on the canonical data, computed independently in pandas."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.database import connect, parse_db
from classicmodels_kpi.errors import ParameterError
from classicmodels_kpi.kpis import KPI_NAMES, compute_kpis

D = date.fromisoformat
AS_OF = "2005-05-31"

# Tolerance: money is rounded to cents, percentages to 1e-4 in the output.
TOL = {"revenue": 0.006, "aov": 0.006, "orders": 0, "active_customers": 0}
PCT_TOL = 0.00006


@pytest.fixture(scope="module")
def canonical_db(canonical_path: Path):
    db = connect(parse_db(str(canonical_path)))
    yield db
    db.close()


def _close(name: str, got: float | None, want: float | None) -> bool:
    if want is None:
        return got is None
    return got is not None and abs(got - want) <= TOL.get(name, PCT_TOL)


@pytest.mark.parametrize(
    ("period", "current", "reference"),
    [
        ("ytd", ("2005-01-01", "2005-05-31"), ("2004-01-01", "2004-05-31")),
        ("ttm", ("2004-06-01", "2005-05-31"), ("2003-06-01", "2004-05-31")),
    ],
)
def test_golden_kpis(
    canonical_db,
    canonical_tables: dict[str, pd.DataFrame],
    pandas_kpis,
    period: str,
    current: tuple[str, str],
    reference: tuple[str, str],
) -> None:
    report = compute_kpis(canonical_db, as_of=AS_OF, period=period).to_dict()
    assert report["as_of"] == AS_OF and report["period"] == period
    assert report["current_period"] == list(current)
    assert report["reference_period"] == list(reference)
    now = pandas_kpis(canonical_tables, D(current[0]), D(current[1]))
    before = pandas_kpis(canonical_tables, D(reference[0]), D(reference[1]))
    assert list(report["kpis"]) == list(KPI_NAMES)
    for name in KPI_NAMES:
        k = report["kpis"][name]
        assert _close(name, k["value"], now[name]), (name, k, now[name])
        assert _close(name, k["reference"], before[name]), (name, k, before[name])
        assert k["delta"] == pytest.approx(k["value"] - k["reference"], abs=1e-6)
        assert k["delta_pct"] == pytest.approx(100 * k["delta"] / k["reference"], abs=1e-4)
        assert k["higher_is_better"] is (name != "top10_products_share_pct")
    assert report["notes"] == []
    assert report["coverage"]["current"]["complete"] is True


def test_golden_sanity_numbers(canonical_tables: dict[str, pd.DataFrame], pandas_kpis) -> None:
    """The pandas reference itself agrees with known facts of the sample (all orders)."""
    everything = pandas_kpis(canonical_tables, D("2000-01-01"), D("2010-12-31"))
    assert everything["orders"] == 320  # 326 orders, 6 Cancelled
    assert everything["active_customers"] == 98  # 122 customers, 24 without orders


def test_default_as_of_is_latest_order_date_and_default_period_ytd(canonical_db) -> None:
    report = compute_kpis(canonical_db)
    assert report.as_of == D("2005-05-31")
    assert report.period == "ytd"


def test_accepts_a_catalogue(canonical_db) -> None:
    a = compute_kpis(Catalogue(canonical_db), as_of=AS_OF).to_dict()
    b = compute_kpis(canonical_db, as_of=AS_OF).to_dict()
    assert a == b


def test_reference_without_data_gives_none_delta_pct_and_a_note(canonical_db) -> None:
    report = compute_kpis(canonical_db, as_of="2003-03-31", period="ytd").to_dict()
    revenue = report["kpis"]["revenue"]
    assert revenue["reference"] == 0 and revenue["value"] > 0
    assert revenue["delta_pct"] is None
    assert report["kpis"]["on_time_pct"]["reference"] is None
    assert report["coverage"]["reference"]["covered"] is None
    assert any("reference period" in n for n in report["notes"])
    text = json.dumps(report)
    assert "NaN" not in text and "Infinity" not in text


def test_year_compares_whole_years_and_says_what_the_data_covers(canonical_db) -> None:
    # as of 2005-05-31 the last full year is 2004: never five months of 2005 against all 2004
    report = compute_kpis(canonical_db, as_of=AS_OF, period="year").to_dict()
    assert report["current_period"] == ["2004-01-01", "2004-12-31"]
    assert report["reference_period"] == ["2003-01-01", "2003-12-31"]
    assert report["coverage"]["current"] == {
        "covered": ["2004-01-01", "2004-12-31"],
        "complete": True,
    }
    # 2003 starts on 2003-01-06 in the data, which the output also says
    assert report["coverage"]["reference"] == {
        "covered": ["2003-01-06", "2003-12-31"],
        "complete": False,
    }
    assert any("does not cover both 2004 and 2003" in n for n in report["notes"])
    assert report == compute_kpis(canonical_db, as_of="2004-12-31", period="year").to_dict() | {
        "as_of": report["as_of"]
    }


def test_year_2004_matches_pandas(canonical_db, canonical_tables, pandas_kpis) -> None:
    report = compute_kpis(canonical_db, as_of="2004-12-31", period="year").to_dict()
    want = pandas_kpis(canonical_tables, D("2004-01-01"), D("2004-12-31"))
    assert report["kpis"]["revenue"]["value"] == pytest.approx(want["revenue"], abs=0.006)
    assert report["kpis"]["orders"]["value"] == want["orders"]


def test_no_nan_when_nothing_happens(canonical_db) -> None:
    report = compute_kpis(canonical_db, as_of="2001-06-30", period="mtd").to_dict()
    for k in report["kpis"].values():
        for v in k.values():
            assert not (isinstance(v, float) and math.isnan(v))
    assert report["kpis"]["orders"]["value"] == 0
    assert report["kpis"]["aov"]["value"] is None
    assert report["kpis"]["orders"]["delta_pct"] is None


def test_bad_input(canonical_db) -> None:
    with pytest.raises(ParameterError):
        compute_kpis(canonical_db, period="week")
    with pytest.raises(ParameterError):
        compute_kpis(canonical_db, as_of="2005-13-01")


def test_same_kpis_on_every_engine(canonical_url: str, canonical_tables, pandas_kpis) -> None:
    db = connect(parse_db(canonical_url))
    try:
        report = compute_kpis(db, as_of=AS_OF, period="ttm").to_dict()
    finally:
        db.close()
    want = pandas_kpis(canonical_tables, D("2004-06-01"), D("2005-05-31"))
    for name in KPI_NAMES:
        assert _close(name, report["kpis"][name]["value"], want[name]), name
