"""Diagnostic queries against numbers computed independently in pandas over the raw tables."""

from __future__ import annotations

import pandas as pd
import pytest
from catalogue_helpers import LATEST, Raw

from classicmodels_kpi.catalogue import Catalogue

AS_OF_2004 = pd.Timestamp("2004-12-31")


def by(frame: pd.DataFrame, key: str, col: str) -> dict[object, object]:
    return dict(zip(frame[key], frame[col], strict=True))


def close(a: dict[object, object], b: dict[object, object] | pd.Series) -> None:
    b = dict(b)
    assert set(a) == set(b)
    for k in a:
        assert a[k] == pytest.approx(b[k], rel=1e-9, abs=1e-6), k


def percent_rank(values: pd.Series) -> pd.Series:
    """SQL PERCENT_RANK: (rank − 1) / (n − 1), ties at their lowest rank, × 100."""
    return (values.rank(method="min") - 1) / (len(values) - 1) * 100


@pytest.mark.parametrize("gap", [50.0, 30.0])
def test_geographic_credit_anomalies(canonical_catalogue: Catalogue, raw: Raw, gap: float) -> None:
    got = canonical_catalogue.run("geographic_credit_anomalies", gap_points=gap)
    credited = raw.customers[raw.customers["creditLimit"] > 0]
    revenue = raw.revenue_by_customer()
    credited = credited.assign(revenue=credited["customerNumber"].map(revenue).fillna(0))
    per = credited.groupby("country_trim").agg(
        customers=("customerNumber", "count"),
        avg_credit=("creditLimit", "mean"),
        revenue=("revenue", "sum"),
    )
    per["per_customer"] = per["revenue"] / per["customers"]
    per["credit_pct"] = percent_rank(per["avg_credit"].round(2))
    per["revenue_pct"] = percent_rank(per["per_customer"])
    gap_points = per["credit_pct"] - per["revenue_pct"]
    expected = gap_points.map(
        lambda g: (
            "High credit for sales"
            if g >= gap - 1e-9
            else ("Low credit for sales" if g <= -gap + 1e-9 else "In line")
        )
    )
    close(by(got, "country", "customers"), per["customers"])
    close(by(got, "country", "revenue"), per["revenue"])
    close(by(got, "country", "credit_percentile"), per["credit_pct"])
    close(by(got, "country", "revenue_percentile"), per["revenue_pct"])
    assert by(got, "country", "anomaly") == expected.to_dict()
    assert got["percentile_gap"].round(9).is_monotonic_decreasing
    if gap == 50:
        assert got[got["anomaly"] != "In line"]["country"].tolist() == ["Austria"]


def nearest_rank_quartiles(values: pd.Series) -> tuple[float, float]:
    ordered = values.sort_values().reset_index(drop=True)
    cume = (ordered.rank(method="max")) / len(ordered)
    return float(ordered[cume >= 0.25].min()), float(ordered[cume >= 0.75].min())


@pytest.mark.parametrize("fence", [1.5, 0.5])
def test_credit_limit_outliers(canonical_catalogue: Catalogue, raw: Raw, fence: float) -> None:
    got = canonical_catalogue.run("credit_limit_outliers", fence=fence)
    limits = raw.customers.set_index("customerNumber")["creditLimit"]
    limits = limits[limits > 0]
    q1, q3 = nearest_rank_quartiles(limits)
    low, high = q1 - fence * (q3 - q1), q3 + fence * (q3 - q1)
    outliers = limits[(limits > high) | (limits < low)]
    assert sorted(got["customerNumber"]) == sorted(outliers.index)
    assert set(got["q1"]) == {q1} and set(got["q3"]) == {q3}
    assert got["upper_fence"].tolist() == pytest.approx([high] * len(got))
    if fence == 1.5:
        assert got["customerNumber"].tolist() == [141, 124]
        assert set(got["direction"]) == {"High"}


@pytest.mark.parametrize(("threshold", "as_of"), [(2.0, LATEST), (1.5, AS_OF_2004)])
def test_credit_sales_misalignment(
    canonical_catalogue: Catalogue, raw: Raw, threshold: float, as_of: pd.Timestamp
) -> None:
    got = canonical_catalogue.run(
        "credit_sales_misalignment", threshold=threshold, as_of=as_of.date()
    )
    c = raw.customers.set_index("customerNumber")
    credit = c["creditLimit"].fillna(0)
    revenue = raw.revenue_by_customer(as_of).reindex(c.index, fill_value=0)
    over = (credit > 0) & (credit >= threshold * revenue)
    under = ~over & (revenue > 0) & (revenue >= threshold * credit)
    expected = {n: "Over-credited" for n in c.index[over]} | {
        n: "Under-credited" for n in c.index[under]
    }
    assert by(got, "customerNumber", "alignment") == expected
    if threshold == 2.0:
        assert expected == {
            415: "Over-credited",
            141: "Under-credited",
            124: "Under-credited",
            362: "Under-credited",
        }


@pytest.mark.parametrize(("as_of", "days"), [(LATEST, 180), (AS_OF_2004, 90)])
def test_high_risk_customers(
    canonical_catalogue: Catalogue, raw: Raw, as_of: pd.Timestamp, days: int
) -> None:
    got = canonical_catalogue.run("high_risk_customers", as_of=as_of.date(), recency_days=days)
    c = raw.customers.set_index("customerNumber")
    credit = c["creditLimit"].fillna(0)
    counted = raw.lines_until(as_of)
    revenue = counted.groupby("customerNumber")["line_revenue"].sum().reindex(c.index, fill_value=0)
    last = counted.groupby("customerNumber")["orderDate"].max().reindex(c.index)
    recency = (as_of - last).dt.days
    misaligned = ((credit > 0) & (credit >= 2 * revenue)) | (
        (revenue > 0) & (revenue >= 2 * credit)
    )
    no_orders = last.isna()
    inactive = recency > days
    risky = misaligned | no_orders | inactive
    assert sorted(got["customerNumber"]) == sorted(c.index[risky])
    assert by(got, "customerNumber", "is_inactive") == inactive[risky].to_dict()
    assert by(got, "customerNumber", "has_no_orders") == no_orders[risky].to_dict()
    assert by(got, "customerNumber", "is_misaligned") == misaligned[risky].to_dict()
    outstanding = revenue - raw.paid_by_customer(as_of).reindex(c.index, fill_value=0)
    at_risk = outstanding.clip(lower=0)[risky]
    close(by(got, "customerNumber", "amount_at_risk"), at_risk)
    assert got["amount_at_risk"].sum() == pytest.approx(at_risk.sum(), abs=0.01)
    assert got["amount_at_risk"].is_monotonic_decreasing
    if as_of == LATEST:
        assert no_orders.sum() == 24


@pytest.mark.parametrize("as_of", [LATEST, AS_OF_2004])
def test_on_time_delivery_per_year_counted_per_order(
    canonical_catalogue: Catalogue, raw: Raw, as_of: pd.Timestamp
) -> None:
    got = canonical_catalogue.run("on_time_delivery", as_of=as_of.date())
    shipped = raw.orders[raw.orders["shippedDate"] <= as_of]
    on_time = shipped["shippedDate"] <= shipped["requiredDate"]
    year = shipped["shippedDate"].dt.year.astype(str)
    per_year = pd.DataFrame({"n": shipped.groupby(year).size(), "ok": on_time.groupby(year).sum()})
    years = got[got["grain"] == "year"]
    close(by(years, "period", "shipped_orders"), per_year["n"])
    close(by(years, "period", "on_time_orders"), per_year["ok"])
    close(by(years, "period", "on_time_pct"), 100 * per_year["ok"] / per_year["n"])
    months = got[got["grain"] == "month"]
    month = shipped["shippedDate"].dt.strftime("%Y-%m")
    per_month = shipped.groupby(month).size()
    calendar = pd.period_range("2003-01", as_of.to_period("M"), freq="M").strftime("%Y-%m")
    assert months["period"].tolist() == calendar.tolist()
    close(by(months, "period", "shipped_orders"), per_month.reindex(calendar, fill_value=0))
    # counted per order, never per line: a rate can never pass 100 %
    assert (got["on_time_pct"].dropna() <= 100).all()
    if as_of == LATEST:
        assert by(years, "period", "late_orders") == {"2003": 1, "2004": 0, "2005": 0}
        late = got[(got["grain"] == "month") & (got["late_orders"] > 0)]
        assert late["period"].tolist() == ["2003-12"]
        assert late["max_days_late"].tolist() == [56]  # order 10165


def test_order_status_exceptions(canonical_catalogue: Catalogue, raw: Raw) -> None:
    got = canonical_catalogue.run("order_status_exceptions")
    wanted = raw.orders[raw.orders["status"].isin(["Cancelled", "On Hold", "Disputed"])]
    assert sorted(got["orderNumber"]) == sorted(wanted["orderNumber"])
    assert len(got) == 13
    values = raw.lines.groupby("orderNumber")["line_revenue"].sum()
    close(by(got, "orderNumber", "order_value"), values.reindex(wanted["orderNumber"]))
    age = (LATEST - wanted.set_index("orderNumber")["orderDate"]).dt.days
    close(by(got, "orderNumber", "age_days"), age)
    assert got["status"].value_counts().to_dict() == {"Cancelled": 6, "On Hold": 4, "Disputed": 3}


def test_outstanding_balance_risk(canonical_catalogue: Catalogue, raw: Raw) -> None:
    got = canonical_catalogue.run("outstanding_balance_risk")
    c = raw.customers.set_index("customerNumber")
    invoiced = raw.revenue_by_customer()
    balance = invoiced - raw.paid_by_customer().reindex(invoiced.index, fill_value=0)
    over = balance[balance > c["creditLimit"].fillna(0).reindex(balance.index)]
    assert sorted(got["customerNumber"]) == sorted(over.index) == [328, 362, 450]
    close(by(got, "customerNumber", "outstanding_balance"), over)
    excess = over - c["creditLimit"].reindex(over.index)
    close(by(got, "customerNumber", "excess_over_limit"), excess)
    assert got["customerNumber"].tolist() == excess.sort_values(ascending=False).index.tolist()
