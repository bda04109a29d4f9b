"""Golden tests of the predictive layer on the canonical SQLite file.

Every expected number is computed here from the raw tables with pandas (fixture ``raw``), following
the README's definitions; none comes from the catalogue's SQL or the forecast module.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
import sqlglot
from catalogue_helpers import LATEST, Raw

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.catalogue.python import forecast
from classicmodels_kpi.errors import ParameterError

MONTHS = pd.period_range("2003-01", "2005-05", freq="M")


def monthly(lines: pd.DataFrame, value: str, months: pd.PeriodIndex = MONTHS) -> pd.DataFrame:
    """Σ value per (product, calendar month), every month present, for every product sold."""
    summed = lines.assign(month=lines["orderDate"].dt.to_period("M")).groupby(
        ["productCode", "month"]
    )[value]
    index = pd.MultiIndex.from_product(
        [sorted(lines["productCode"].unique()), months], names=["productCode", "month"]
    )
    return summed.sum().reindex(index, fill_value=0).rename(value).reset_index()


def cume_score(values: pd.Series) -> pd.Series:
    """1–5 from CUME_DIST (higher value = better): ⌈5 k / n⌉, k = customers at or below."""
    k = values.rank(method="max")
    return np.ceil(5 * k / len(values)).astype(int)


# -- monthly series --------------------------------------------------------------------------------
def test_product_monthly_series_is_calendar_filled(
    canonical_catalogue: Catalogue, raw: Raw
) -> None:
    frame = canonical_catalogue.run("product_monthly_series")
    lines = raw.lines_until()
    grid = monthly(lines, "quantityOrdered")
    assert len(frame) == 109 * 29 == len(grid)  # S18_3233 never sold: not listed
    assert "S18_3233" not in set(frame["productCode"])
    assert frame["units"].tolist() == grid["quantityOrdered"].tolist()
    assert (frame["units"] == 0).sum() == (grid["quantityOrdered"] == 0).sum() > 0
    revenue = monthly(lines, "line_revenue")
    np.testing.assert_allclose(frame["revenue"], revenue["line_revenue"], rtol=1e-9)
    first = frame[frame["productCode"] == "S10_1678"]["month"]
    assert first.tolist() == [p.to_timestamp() for p in MONTHS]
    assert frame["month_of_year"].tolist()[:13] == [*range(1, 13), 1]


def test_product_lag_features_use_the_same_month_last_year(
    canonical_catalogue: Catalogue, raw: Raw
) -> None:
    as_of = pd.Timestamp("2005-05-30")  # May is not complete: the series ends in April
    frame = canonical_catalogue.run("product_lag_features", as_of="2005-05-30")
    months = pd.period_range("2003-01", "2005-04", freq="M")
    grid = monthly(raw.lines_until(as_of), "quantityOrdered", months)
    assert len(frame) == 109 * 28
    assert frame["month"].max() == pd.Timestamp("2005-04-01")
    units = grid.groupby("productCode")["quantityOrdered"]
    for column, shift in [("units_lag_1", 1), ("units_lag_2", 2), ("units_lag_12", 12)]:
        expected = units.shift(shift)
        assert frame[column].astype("float").tolist() == pytest.approx(
            expected.tolist(), nan_ok=True
        ), column
    lead = units.shift(-1)
    assert frame["units_lead_1"].astype("float").tolist() == pytest.approx(
        lead.tolist(), nan_ok=True
    )
    # one row by hand: S18_3232 in April 2005 against April 2004
    row = frame[(frame["productCode"] == "S18_3232") & (frame["month"] == "2005-04-01")]
    april_2004 = grid[(grid["productCode"] == "S18_3232") & (grid["month"] == "2004-04")]
    assert row["units_lag_12"].item() == april_2004["quantityOrdered"].item()
    assert pd.isna(row["units_lead_1"].item())


@pytest.mark.parametrize("as_of", ["2005-05-31", "2004-10-31"])
def test_product_monthly_quartiles_match_pandas(
    canonical_catalogue: Catalogue, raw: Raw, as_of: str
) -> None:
    end = pd.Timestamp(as_of)
    months = pd.period_range("2003-01", end.to_period("M"), freq="M")
    grid = monthly(raw.lines_until(end), "quantityOrdered", months)
    frame = canonical_catalogue.run("product_monthly_quartiles", as_of=as_of)
    frame = frame.set_index("productCode")
    stats = grid.groupby("productCode")["quantityOrdered"]
    assert len(frame) == stats.ngroups
    assert (frame["months"] == len(months)).all()
    for column, q in [("q1_units", 0.25), ("median_units", 0.5), ("q3_units", 0.75)]:
        np.testing.assert_allclose(frame[column], stats.quantile(q).loc[frame.index], rtol=1e-12)
    np.testing.assert_allclose(frame["mean_units"], stats.mean().loc[frame.index], rtol=1e-12)
    assert frame["max_units"].tolist() == stats.max().loc[frame.index].tolist()
    last = grid[grid["month"] == months[-1]].set_index("productCode")["quantityOrdered"]
    assert frame["last_month_units"].tolist() == last.loc[frame.index].tolist()
    band = np.where(
        last < stats.quantile(0.25),
        "Below Q1",
        np.where(last > stats.quantile(0.75), "Above Q3", "Q1 to Q3"),
    )
    assert (
        frame["last_month_band"].tolist()
        == pd.Series(band, index=last.index).loc[frame.index].tolist()
    )


def demand_trends(raw: Raw, as_of: pd.Timestamp, up: float, down: float) -> pd.Series:
    lines = raw.lines_until(as_of)
    grid = monthly(lines, "quantityOrdered", pd.period_range("2003-01", "2005-05", freq="M"))
    recent = grid[grid["month"].isin(pd.period_range("2005-03", "2005-05", freq="M"))]
    prior = grid[grid["month"].isin(pd.period_range("2004-12", "2005-02", freq="M"))]
    r = recent.groupby("productCode")["quantityOrdered"].mean()
    p = prior.groupby("productCode")["quantityOrdered"].mean()
    change = 100 * (r - p) / p.replace(0, np.nan)
    trend = np.where(
        (p == 0) & (r > 0),
        "Growing",
        np.where(change > up, "Growing", np.where(change < down, "Declining", "Stable")),
    )
    return pd.Series(trend, index=r.index)


def test_product_demand_trend_counts(canonical_catalogue: Catalogue, raw: Raw) -> None:
    frame = canonical_catalogue.run("product_demand_trend")
    expected = demand_trends(raw, LATEST, 15, -15)
    assert frame.set_index("productCode")["trend"].to_dict() == expected.to_dict()
    counts = frame["trend"].value_counts().to_dict()
    assert counts == expected.value_counts().to_dict()
    assert set(counts) == {"Growing", "Stable", "Declining"}
    assert (frame["recent_first_month"] == pd.Timestamp("2005-03-01")).all()
    assert (frame["prior_first_month"] == pd.Timestamp("2004-12-01")).all()
    wide = canonical_catalogue.run(
        "product_demand_trend", growth_threshold_pct=50, decline_threshold_pct=-50
    )
    assert wide["trend"].value_counts().to_dict() == (
        demand_trends(raw, LATEST, 50, -50).value_counts().to_dict()
    )
    assert (wide["trend"] == "Stable").sum() > counts["Stable"]


def test_product_demand_trend_needs_six_complete_months(canonical_catalogue: Catalogue) -> None:
    assert canonical_catalogue.run("product_demand_trend", as_of="2003-06-15").empty
    assert len(canonical_catalogue.run("product_demand_trend", as_of="2003-06-30")) > 0


# -- customers -------------------------------------------------------------------------------------
def customer_facts(raw: Raw, as_of: pd.Timestamp = LATEST) -> pd.DataFrame:
    orders = raw.order_values(as_of)
    return orders.groupby("customerNumber").agg(
        last_order=("orderDate", "max"),
        first_order=("orderDate", "min"),
        frequency=("orderNumber", "nunique"),
        order_dates=("orderDate", "nunique"),
        monetary=("value", "sum"),
    )


def test_customer_rfm_scores_and_segments(canonical_catalogue: Catalogue, raw: Raw) -> None:
    facts = customer_facts(raw)
    facts["recency"] = (LATEST - facts["last_order"]).dt.days
    r = cume_score(-facts["recency"])
    f = cume_score(facts["frequency"])
    m = cume_score(facts["monetary"].round(2))
    total = r + f + m
    segment = pd.cut(total, [0, 6, 9, 12, 15], labels=["Low", "Mid", "High", "Top"]).astype(str)
    frame = canonical_catalogue.run("customer_rfm").set_index("customerNumber")
    assert len(frame) == 98
    assert frame["r_score"].to_dict() == r.to_dict()
    assert frame["f_score"].to_dict() == f.to_dict()
    assert frame["m_score"].to_dict() == m.to_dict()
    assert frame["segment"].value_counts().to_dict() == segment.value_counts().to_dict()
    # 5 is best: the most recent customer scores R 5, the longest-silent R 1
    assert frame.loc[facts["recency"].idxmin(), "r_score"] == 5
    assert frame.loc[facts["recency"].idxmax(), "r_score"] == 1
    assert frame.loc[facts["monetary"].idxmax(), "m_score"] == 5
    assert frame.loc[141, "rfm_code"] == "555"  # Euro+ Shopping Channel: the biggest customer
    assert frame["recency_days"].to_dict() == facts["recency"].to_dict()


def test_customer_next_order_status_counts(canonical_catalogue: Catalogue, raw: Raw) -> None:
    facts = customer_facts(raw)
    facts = facts[facts["order_dates"] >= 2]
    span = (facts["last_order"] - facts["first_order"]).dt.days
    mean = span / (facts["order_dates"] - 1)
    expected_interval = np.floor(mean + 0.5).astype(int)
    until = expected_interval - (LATEST - facts["last_order"]).dt.days
    status = np.where(until < 0, "Overdue", np.where(until <= 30, "Due soon", "On track"))
    expected = pd.Series(status, index=facts.index)
    frame = canonical_catalogue.run("customer_next_order").set_index("customerNumber")
    assert len(frame) == len(facts) == 97
    assert frame["status"].to_dict() == expected.to_dict()
    assert frame["status"].value_counts().to_dict() == expected.value_counts().to_dict()
    np.testing.assert_allclose(frame["mean_interval_days"], mean.loc[frame.index])
    next_date = facts["last_order"] + pd.to_timedelta(expected_interval, unit="D")
    assert frame["expected_next_date"].tolist() == next_date.loc[frame.index].tolist()
    wider = canonical_catalogue.run("customer_next_order", due_soon_days=120)
    assert (wider["status"] == "Due soon").sum() == ((until >= 0) & (until <= 120)).sum()


@pytest.mark.parametrize("inactive_days", [180, 365])
def test_churn_risk_counts_and_revenue_at_risk(
    canonical_catalogue: Catalogue, raw: Raw, inactive_days: int
) -> None:
    facts = customer_facts(raw)
    recency = (LATEST - facts["last_order"]).dt.days
    at_risk = facts[recency > inactive_days]
    orders = raw.order_values().merge(
        at_risk["last_order"], left_on="customerNumber", right_index=True
    )
    recent = orders[(orders["last_order"] - orders["orderDate"]).dt.days < 365]
    revenue_at_risk = recent.groupby("customerNumber")["value"].sum()
    frame = canonical_catalogue.run("churn_risk", inactive_days=inactive_days)
    frame = frame.set_index("customerNumber")
    assert sorted(frame.index) == sorted(at_risk.index)
    np.testing.assert_allclose(
        frame["revenue_at_risk"], revenue_at_risk.loc[frame.index], rtol=1e-9
    )
    np.testing.assert_allclose(
        frame["lifetime_revenue"], at_risk["monetary"].loc[frame.index], rtol=1e-9
    )
    assert frame["risk_rank"].idxmin() == revenue_at_risk.idxmax()
    assert (frame["revenue_at_risk"] <= frame["lifetime_revenue"] + 1e-6).all()


def test_churn_risk_sample_size(canonical_catalogue: Catalogue, raw: Raw) -> None:
    facts = customer_facts(raw)
    expected = int(((LATEST - facts["last_order"]).dt.days > 180).sum())
    assert len(canonical_catalogue.run("churn_risk")) == expected == 51


# -- market basket ---------------------------------------------------------------------------------
def test_cross_sell_pairs_top_lift(canonical_catalogue: Catalogue, raw: Raw) -> None:
    lines = raw.lines_until()
    baskets = lines.groupby("orderNumber")["productCode"].apply(sorted)
    n = len(baskets)
    single = Counter(code for basket in baskets for code in basket)
    pairs = Counter(pair for basket in baskets for pair in combinations(basket, 2))
    rows = [(a, b, k, k * n / (single[a] * single[b])) for (a, b), k in pairs.items() if k >= 3]
    rows.sort(key=lambda t: (-t[3], -t[2], t[0], t[1]))
    frame = canonical_catalogue.run("cross_sell_pairs")
    assert len(frame) == len(rows)
    top = frame.iloc[0]
    a, b, k, lift = rows[0]
    assert (top["product_a"], top["product_b"], top["pair_orders"]) == (a, b, k)
    assert top["lift"] == pytest.approx(lift)
    assert top["support_pct"] == pytest.approx(100 * k / n)
    assert top["confidence_a_to_b_pct"] == pytest.approx(100 * k / single[a])
    assert top["confidence_b_to_a_pct"] == pytest.approx(100 * k / single[b])
    assert list(zip(frame["product_a"], frame["product_b"], strict=True))[:20] == [
        (r[0], r[1]) for r in rows[:20]
    ]
    strict = canonical_catalogue.run("cross_sell_pairs", min_orders=10)
    assert len(strict) == sum(1 for k in pairs.values() if k >= 10)


# -- forecast -----------------------------------------------------------------------------------
def test_revenue_forecast_shape_interval_and_backtest(
    canonical_catalogue: Catalogue, raw: Raw
) -> None:
    lines = raw.lines_until()
    revenue = lines.groupby(lines["orderDate"].dt.to_period("M"))["line_revenue"].sum()
    revenue = revenue.reindex(MONTHS, fill_value=0.0).round(2)
    frame = canonical_catalogue.run("revenue_forecast")
    assert frame["kind"].value_counts().to_dict() == {"history": 23, "backtest": 6, "forecast": 6}
    assert len(frame) == 35
    known = frame[frame["kind"] != "forecast"]
    np.testing.assert_allclose(known["revenue"], revenue.to_numpy(), rtol=1e-12)
    ahead = frame[frame["kind"] == "forecast"]
    assert ahead["month"].tolist() == list(pd.date_range("2005-06-01", periods=6, freq="MS"))
    assert ahead["revenue"].isna().all()
    predicted = frame[frame["kind"] != "history"]
    assert (predicted["lower"] <= predicted["forecast"]).all()
    assert (predicted["forecast"] <= predicted["upper"]).all()
    assert (predicted["lower"] >= 0).all()
    # the documented model, by hand: the same month last year × growth of the last 12 months
    values = revenue.to_numpy()
    growth = values[-12:].sum() / values[-24:-12].sum()
    np.testing.assert_allclose(ahead["forecast"], values[-12:-6] * growth, rtol=1e-12)
    # backtest: fitted on Jan 2003 … Nov 2004 (23 months, so 11 months of growth), 6 held out
    train = values[:23]
    growth_bt = train[-11:].sum() / train[-23:-12].sum()
    held = train[-12:-6] * growth_bt
    backtest = frame[frame["kind"] == "backtest"]
    np.testing.assert_allclose(backtest["forecast"], held, rtol=1e-12)
    mape = 100 * np.mean(np.abs(values[-6:] - held) / values[-6:])
    assert math.isfinite(mape)
    np.testing.assert_allclose(frame["mape_pct"], mape, rtol=1e-12)
    assert (frame["model"] == "seasonal naive × growth").all()


def test_revenue_forecast_short_history_falls_back(canonical_catalogue: Catalogue) -> None:
    frame = canonical_catalogue.run("revenue_forecast", as_of="2003-09-30", horizon=3)
    assert (frame["model"] == "mean of last 3 months").all()
    assert frame["kind"].value_counts().to_dict() == {"history": 3, "backtest": 6, "forecast": 3}
    ahead = frame[frame["kind"] == "forecast"]
    last3 = frame[frame["kind"] != "forecast"]["revenue"].iloc[-3:].mean()
    np.testing.assert_allclose(ahead["forecast"], last3)
    assert canonical_catalogue.run("revenue_forecast", as_of="2003-01-20").empty


@pytest.mark.parametrize(
    ("params", "word"), [({"level": 1.5}, "level"), ({"horizon": 0}, "horizon")]
)
def test_revenue_forecast_bad_parameters(
    canonical_catalogue: Catalogue, params: dict[str, float], word: str
) -> None:
    with pytest.raises(ParameterError, match=word):
        canonical_catalogue.run("revenue_forecast", **params)


def test_forecast_input_sql_transpiles_to_spark_and_trino() -> None:
    for dialect in ("spark", "trino"):
        written = sqlglot.transpile(
            forecast.MONTHLY_REVENUE_SQL,
            read="duckdb",
            write=dialect,
            unsupported_level=sqlglot.ErrorLevel.RAISE,
        )
        assert "orderdetails" in written[0].lower()


def test_revenue_forecast_names_the_backtest_model_per_row(canonical_catalogue: Catalogue) -> None:
    # 18 complete months: the forecast is seasonal, the backtest (12 months before it) is not
    frame = canonical_catalogue.run("revenue_forecast", as_of="2004-06-30")
    models = frame.groupby("kind")["model"].unique().map(list).to_dict()
    assert models == {
        "backtest": ["mean of last 3 months"],
        "forecast": ["seasonal naive × growth"],
        "history": ["seasonal naive × growth"],
    }
