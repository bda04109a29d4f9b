"""Insights on the canonical data: key numbers against pandas over the raw tables, and the
promise that every number in a headline is one of the finding's numbers (nothing hand-typed)."""

from __future__ import annotations

import json
import math
import re
from datetime import date

import pandas as pd
import pytest

from classicmodels_kpi.catalogue import queries
from classicmodels_kpi.insights import GROUPS, SEVERITIES, insights, thresholds

AS_OF = "2005-05-31"


@pytest.fixture(scope="module")
def result(canonical_db):
    return insights(canonical_db, as_of=AS_OF)


@pytest.fixture(
    scope="module",
    params=["canonical", "canonical as of 2004-06-30", "peer"],
)
def any_result(request: pytest.FixtureRequest, canonical_db, peer_path):
    """The same checks on other data: an earlier as-of date, and the peer's shifted dates."""
    from classicmodels_kpi.database import connect, parse_db

    if request.param == "canonical":
        return request.getfixturevalue("result")
    if request.param == "peer":
        with connect(parse_db(str(peer_path))) as peer:
            return insights(peer)
    return insights(canonical_db, as_of="2004-06-30")


@pytest.fixture(scope="module")
def raw(canonical_tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Revenue lines of orders not Cancelled up to as_of, with the trimmed country."""
    orders = canonical_tables["orders"].copy()
    orders["orderDate"] = pd.to_datetime(orders["orderDate"])
    orders = orders[(orders["status"] != "Cancelled") & (orders["orderDate"] <= AS_OF)]
    lines = canonical_tables["orderdetails"].merge(orders, on="orderNumber")
    lines["revenue"] = lines["quantityOrdered"] * lines["priceEach"]
    customers = canonical_tables["customers"].copy()
    customers["country"] = customers["country"].str.strip()
    lines = lines.merge(customers[["customerNumber", "country"]], on="customerNumber")
    return {"lines": lines, "orders": orders, "customers": customers}


def test_every_finding_is_well_formed(any_result) -> None:
    result = any_result
    ids = [f.id for f in result.findings]
    assert len(ids) == len(set(ids))
    catalogue = queries()
    for f in result.findings:
        assert f.group in GROUPS and f.severity in SEVERITIES
        assert f.headline.endswith(".") and not f.headline[0].islower()
        assert f.source in catalogue or f.source == "quality checks", f.source
        assert f.recommendation is None or f.recommendation.endswith(".")
    text = json.dumps(result.to_dict(), allow_nan=False)  # raises on NaN / Infinity
    assert "NaN" not in text


def test_findings_the_issue_asks_for_are_present(result) -> None:
    must = {
        "top_customers_share",
        "top3_countries_share",
        "bottom_quartile_countries",
        "aov_by_region",
        "top10_products_share",
        "productline_mix",
        "cross_sell_pairs",
        "high_risk_accounts",
        "credit_misalignment",
        "churn_risk",
        "overdue_next_orders",
        "rfm_segments",
        "demand_trend",
        "rep_workload_spread",
        "rep_abc",
        "data_quality_summary",
    }
    found = {f.id for f in result.findings}
    assert must <= found, must - found


def test_headline_numbers_are_the_findings_numbers(
    any_result, headline_numbers, flat_values
) -> None:
    """Every number written in a headline is in the finding's numbers (to display rounding)."""
    for f in any_result.findings:
        values = [v for v in flat_values(f.numbers)]
        strings = [v for v in values if isinstance(v, str)]
        known = [float(v) for v in values if isinstance(v, (int, float))]
        for number in headline_numbers(f.headline, strings):
            assert any(math.isclose(abs(number), abs(k), abs_tol=0.51) for k in known), (
                f.id,
                number,
                f.headline,
            )


def test_recommendation_numbers_come_from_numbers_or_thresholds(
    any_result, headline_numbers, flat_values
) -> None:
    constants = [
        float(v) for k, v in vars(thresholds).items() if k.isupper() and isinstance(v, float)
    ]
    for f in any_result.findings:
        if not f.recommendation:
            continue
        values = list(flat_values(f.numbers))
        strings = [v for v in values if isinstance(v, str)]
        known = [float(v) for v in values if isinstance(v, (int, float))] + constants
        for number in headline_numbers(f.recommendation, strings):
            assert any(math.isclose(abs(number), abs(k), abs_tol=0.51) for k in known), (
                f.id,
                number,
                f.recommendation,
            )


def test_concentration_matches_pandas(result, raw) -> None:
    lines = raw["lines"]
    per_customer = lines.groupby("customerNumber")["revenue"].sum().sort_values(ascending=False)
    total = per_customer.sum()
    k = math.ceil(0.2 * len(per_customer))
    top = result.get("top_customers_share").numbers
    assert top["customers_with_revenue"] == len(per_customer) == 98
    assert top["top_customers"] == k == 20
    assert top["top_customers_share_pct"] == pytest.approx(
        100 * per_customer.head(k).sum() / total, abs=0.005
    )

    per_country = lines.groupby("country")["revenue"].sum().sort_values(ascending=False)
    top3 = result.get("top3_countries_share").numbers
    assert top3["top3_countries"] == list(per_country.index[:3])
    assert top3["top3_share_pct"] == pytest.approx(
        100 * per_country.head(3).sum() / total, abs=0.01
    )
    # Bottom quartile: CUME_DIST of revenue (ascending) at most 0.25.
    cume = per_country.rank(method="max", pct=True)
    bottom = set(per_country[cume <= 0.25].index)
    assert set(result.get("bottom_quartile_countries").numbers["bottom_quartile_countries"]) == (
        bottom
    )

    per_product = lines.groupby("productCode")["revenue"].sum().sort_values(ascending=False)
    assert result.get("top10_products_share").numbers["top10_share_pct"] == pytest.approx(
        100 * per_product.head(10).sum() / total, abs=0.01
    )


def test_risk_numbers_match_pandas(result, raw, canonical_tables) -> None:
    orders = raw["orders"]
    last = orders.groupby("customerNumber")["orderDate"].max()
    lapsed = last[(pd.Timestamp(AS_OF) - last).dt.days > 180]
    churn = result.get("churn_risk").numbers
    assert churn["customers_at_risk"] == len(lapsed)
    assert churn["customers_with_orders"] == 98

    invoiced = raw["lines"].groupby("customerNumber")["revenue"].sum()
    payments = canonical_tables["payments"]
    payments = payments[pd.to_datetime(payments["paymentDate"]) <= AS_OF]  # later ones: unknown
    paid = payments.groupby("customerNumber")["amount"].sum()
    balance = invoiced.sub(paid, fill_value=0)
    owed = result.get("outstanding_balances").numbers
    assert owed["customers_owing"] == int((balance > 0.005).sum())
    assert owed["outstanding"] == pytest.approx(balance[balance > 0.005].sum(), abs=0.01)
    assert owed["invoiced"] == pytest.approx(invoiced.sum(), abs=0.01)

    no_rep = canonical_tables["customers"]["salesRepEmployeeNumber"].isna().sum()
    assert result.get("customers_without_rep").numbers["customers"] == no_rep == 22


def test_accounts_to_chase_match_pandas(result, raw, canonical_tables) -> None:
    """Debts to chase: unpaid balances of inactive or over-credited customers, not of active
    customers who only buy beyond their limit."""
    customers = canonical_tables["customers"].set_index("customerNumber")
    revenue = (
        raw["lines"].groupby("customerNumber")["revenue"].sum().reindex(customers.index).fillna(0)
    )
    last = raw["orders"].groupby("customerNumber")["orderDate"].max()
    inactive = set(last[(pd.Timestamp(AS_OF) - last).dt.days > 180].index)
    credit = customers["creditLimit"].fillna(0)
    over = set(customers.index[(credit > 0) & (credit >= 2 * revenue)])
    payments = canonical_tables["payments"]
    paid = payments[pd.to_datetime(payments["paymentDate"]) <= AS_OF].groupby("customerNumber")[
        "amount"
    ]
    balance = revenue.sub(paid.sum(), fill_value=0)
    chase = balance[(balance >= 0.005) & balance.index.isin(inactive | over)]
    numbers = result.get("high_risk_accounts").numbers
    assert numbers["accounts_to_chase"] == len(chase) > 0
    assert numbers["amount_to_chase"] == pytest.approx(chase.sum(), abs=0.01)
    named = customers.loc[chase.sort_values(ascending=False).index[:3], "customerName"]
    assert numbers["largest_amounts"] == list(named)
    never_ordered = customers.index.difference(last.index)
    assert numbers["no_orders"] == len(never_ordered)
    assert numbers["no_orders_without_credit"] == int((credit[never_ordered] <= 0).sum())


def test_recommendations_never_name_a_customer_both_ways(any_result) -> None:
    """No customer is both one whose limit to raise and one to chase or hold; none is both to
    call as overdue and to win back as lapsed."""

    def named(finding_id: str, key: str) -> set[str]:
        found = any_result.get(finding_id)
        return set(found.numbers.get(key) or []) if found else set()

    to_raise = named("credit_misalignment", "largest_under_credited")
    assert not to_raise & named("high_risk_accounts", "largest_amounts")
    assert not to_raise & named("balances_above_credit", "customer_names")
    to_call = named("overdue_next_orders", "largest_overdue")
    assert not to_call & named("churn_risk", "largest_at_risk")


def test_plurals_agree_with_their_counts(any_result) -> None:
    texts = [f.headline for f in any_result.findings] + [
        f.recommendation for f in any_result.findings if f.recommendation
    ]
    for text in texts:
        assert not re.search(r"\bthe 1 \w", text), text
        assert not re.search(r"(?<![\d,.])1 (orders|customers|products|reps|accounts)\b", text), (
            text
        )
        assert ".." not in text, text


def test_rfm_segment_sizes_add_up(result) -> None:
    sizes = result.get("rfm_segments").numbers["segment_sizes"]
    assert set(sizes) == {"Top", "High", "Mid", "Low"}
    assert sum(sizes.values()) == 98


def test_data_quality_on_canonical_and_peer(result, peer_path) -> None:
    from classicmodels_kpi.database import connect, parse_db

    summary = result.get("data_quality_summary").numbers
    assert summary["checks"] == sum(1 for q in queries().values() if q.layer == "quality")
    assert summary["errors"] == 0
    assert result.get("dq_untrimmed_text").numbers["rows"] == 2  # 'Norway  ' twice

    with connect(parse_db(str(peer_path))) as peer:
        found = insights(peer)
    dates = found.get("dq_invalid_dates")
    assert dates is not None and dates.severity == "critical"
    assert dates.numbers["rows"] == 2 and dates.numbers["error"] == 2
    assert found.get("data_quality_summary").severity == "critical"
    # one check with errors: its own advice, not the same advice again from the summary
    assert "invalid_dates" in dates.recommendation and "drop out" in dates.recommendation
    assert found.get("data_quality_summary").recommendation is None
    advice = [f.recommendation for f in found.recommendations]
    assert sum("invalid_dates" in a for a in advice) == 1


def test_as_of_reaches_every_finding(result, any_result) -> None:
    assert result.as_of == date(2005, 5, 31)
    if any_result.as_of == date(2004, 6, 30):
        assert any_result.skipped == []
        earlier = any_result.get("top_customers_share").numbers["top_customers_revenue"]
        assert earlier < result.get("top_customers_share").numbers["top_customers_revenue"]


def test_default_as_of_is_latest_order_date(canonical_db, result) -> None:
    assert insights(canonical_db).to_dict() == result.to_dict()


def test_a_finding_that_changes_its_frame_leaves_the_others_theirs(canonical_db) -> None:
    """Findings share each query's result; what one does to its frame, no other one sees."""
    from classicmodels_kpi.catalogue import Catalogue
    from classicmodels_kpi.insights.model import Context

    ctx = Context(Catalogue(canonical_db), date(2005, 5, 31))
    first = ctx.run("sales_by_country")
    before = first.copy(deep=True)
    first["revenue"] = 0.0
    first.loc[first.index[0], "country"] = "Nowhere"
    del first["revenue_share_pct"]
    again = ctx.run("sales_by_country")
    assert again.equals(before)
