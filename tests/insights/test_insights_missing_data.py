"""A finding whose data is missing is left out with the reason, never invented."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from classicmodels_kpi.database import connect, parse_db
from classicmodels_kpi.insights import insights

PAYMENT_FINDINGS = {"outstanding_balances", "balances_above_credit"}


@pytest.fixture(scope="module")
def no_payments(canonical_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nopay") / "classicmodels.sqlite"
    shutil.copy(canonical_path, path)
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM payments")
    return path


def test_payment_findings_are_skipped_with_the_reason(no_payments: Path) -> None:
    with connect(parse_db(str(no_payments))) as db:
        result = insights(db, as_of="2005-05-31")
    found = {f.id for f in result.findings}
    skipped = {s.id: s for s in result.skipped}
    assert not (found & PAYMENT_FINDINGS)
    for finding_id in PAYMENT_FINDINGS:
        assert finding_id in skipped, finding_id
        assert "payments table is empty" in skipped[finding_id].reason
    # High-risk accounts are still reported, but no amount at risk is made up.
    risk = result.get("high_risk_accounts")
    assert risk is not None and risk.numbers["amount_at_risk"] is None
    assert "no amount at risk" in risk.headline
    # Findings that do not need payments are unaffected.
    assert {"top3_countries_share", "churn_risk", "rfm_segments"} <= found
    assert "payments" not in " ".join(f.headline for f in result.findings if f.id == "churn_risk")


def test_before_the_first_order_nothing_is_invented(canonical_path: Path, tmp_path: Path) -> None:
    from classicmodels_kpi.report import write_report

    with connect(parse_db(str(canonical_path))) as db:
        result = insights(db, as_of="2002-12-31")
        page = write_report(db, tmp_path / "early.md", fmt="md", as_of="2002-12-31")
    skipped = {s.id: s.reason for s in result.skipped}
    for finding_id in (
        "top_customers_share",
        "top3_countries_share",
        "churn_risk",
        "rfm_segments",
        "on_time_delivery",
        "revenue_forecast",
    ):
        assert skipped.get(finding_id), finding_id
    assert result.get("order_status_exceptions").numbers["cancelled"] == 0
    text = page.read_text(encoding="utf-8")
    assert "## Not reported" in text
    for reason in skipped.values():
        assert reason in text
