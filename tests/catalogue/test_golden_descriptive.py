"""Descriptive queries against numbers computed independently in pandas over the raw tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from catalogue_helpers import LATEST, Raw, execute, open_db

from classicmodels_kpi.catalogue import Catalogue

AS_OF_2004 = pd.Timestamp("2004-06-30")


def by(frame: pd.DataFrame, key: str, col: str) -> dict[object, float]:
    return dict(zip(frame[key], frame[col], strict=True))


def close(a: dict[object, float], b: dict[object, float] | pd.Series) -> None:
    b = dict(b)
    assert set(a) == set(b)
    for k in a:
        assert a[k] == pytest.approx(b[k], rel=1e-9, abs=1e-6), k


def test_table_row_counts(canonical_catalogue: Catalogue, canonical_tables) -> None:
    got = canonical_catalogue.run("table_row_counts").set_index("table_name")
    assert sorted(got.index) == sorted(canonical_tables)
    for table, frame in canonical_tables.items():
        assert got.loc[table, "row_count"] == len(frame)
        assert got.loc[table, "column_count"] == len(frame.columns)


@pytest.mark.parametrize("as_of", [LATEST, AS_OF_2004])
def test_business_overview(canonical_catalogue: Catalogue, raw: Raw, as_of: pd.Timestamp) -> None:
    row = canonical_catalogue.run("business_overview", as_of=as_of.date()).iloc[0]
    orders = raw.orders[raw.orders["orderDate"] <= as_of]
    lines = raw.lines_until(as_of, counted=False)
    assert row["customers"] == len(raw.customers) == 122
    assert row["customers_with_orders"] == orders["customerNumber"].nunique()
    assert row["products"] == len(raw.products) == 110
    assert row["products_sold"] == lines["productCode"].nunique()
    assert row["employees"] == len(raw.employees) == 23
    assert row["sales_reps"] == (raw.employees["jobTitle"] == "Sales Rep").sum() == 17
    assert row["offices"] == len(raw.offices) == 7
    assert row["customer_countries"] == raw.customers["country_trim"].nunique() == 27
    assert row["orders"] == len(orders)
    assert row["order_lines"] == len(lines)
    assert row["revenue"] == pytest.approx(raw.lines_until(as_of)["line_revenue"].sum(), abs=0.005)
    paid = raw.payments.loc[raw.payments["paymentDate"] <= as_of, "amount"].sum()
    assert row["payments_received"] == pytest.approx(paid, abs=0.005)
    if as_of == LATEST:  # the facts the sample is known for
        assert (row["customers_with_orders"], row["products_sold"], row["orders"]) == (98, 109, 326)
        assert row["order_lines"] == 2996
        assert row["revenue"] == pytest.approx(9_604_190.61 - 238_854.18, abs=0.005)


def test_customer_credit_profile(canonical_catalogue: Catalogue, raw: Raw) -> None:
    got = canonical_catalogue.run("customer_credit_profile")
    assert len(got) == 122
    limits = raw.customers.set_index("customerNumber")["creditLimit"]
    bands = pd.cut(limits, [-np.inf, 0, 49_999.99, 99_999.99, np.inf], labels=False)
    names = np.array(["None", "Low", "Medium", "High"])[bands.to_numpy()]
    assert by(got, "customerNumber", "credit_band") == dict(zip(limits.index, names, strict=True))
    # PERCENT_RANK over all customers: (rank − 1) / (n − 1) × 100, ties at their lowest rank
    rank = (limits.rank(method="min") - 1) / (len(limits) - 1) * 100
    close(by(got, "customerNumber", "credit_percentile"), rank)
    revenue = raw.revenue_by_customer()
    close(by(got, "customerNumber", "revenue"), revenue.reindex(limits.index, fill_value=0))
    ratio = (revenue / limits[limits > 0]).dropna()
    got_ratio = got.dropna(subset=["revenue_to_credit"])
    close(by(got_ratio, "customerNumber", "revenue_to_credit"), ratio)
    assert got["creditLimit"].is_monotonic_decreasing


@pytest.mark.parametrize("as_of", [LATEST, AS_OF_2004])
def test_sales_by_country(canonical_catalogue: Catalogue, raw: Raw, as_of: pd.Timestamp) -> None:
    got = canonical_catalogue.run("sales_by_country", as_of=as_of.date())
    values = raw.order_values(as_of).merge(
        raw.customers[["customerNumber", "country_trim"]], on="customerNumber"
    )
    expect = values.groupby("country_trim").agg(
        revenue=("value", "sum"),
        orders=("orderNumber", "nunique"),
        customers=("customerNumber", "nunique"),
    )
    close(by(got, "country", "revenue"), expect["revenue"])
    close(by(got, "country", "orders"), expect["orders"])
    close(by(got, "country", "customers"), expect["customers"])
    close(by(got, "country", "aov"), expect["revenue"] / expect["orders"])
    close(
        by(got, "country", "revenue_share_pct"), 100 * expect["revenue"] / expect["revenue"].sum()
    )
    assert got["revenue_share_pct"].sum() == pytest.approx(100)
    assert got.iloc[0]["country"] == expect["revenue"].idxmax() == "USA"
    assert got["revenue_rank"].tolist() == list(range(1, len(got) + 1))
    if as_of == LATEST:
        assert len(got) == 21  # 27 countries, 6 of them without a single order


def test_sales_by_productline(canonical_catalogue: Catalogue, raw: Raw) -> None:
    got = canonical_catalogue.run("sales_by_productline")
    lines = raw.lines_until().assign(cost=lambda f: f["quantityOrdered"] * f["buyPrice"])
    expect = lines.groupby("productLine").agg(
        revenue=("line_revenue", "sum"), units=("quantityOrdered", "sum"), cost=("cost", "sum")
    )
    assert sorted(got["productLine"]) == sorted(raw.productlines["productLine"])
    close(by(got, "productLine", "revenue"), expect["revenue"])
    close(by(got, "productLine", "units"), expect["units"])
    close(by(got, "productLine", "cost"), expect["cost"])
    margin = 100 * (expect["revenue"] - expect["cost"]) / expect["revenue"]
    close(by(got, "productLine", "gross_margin_pct"), margin)
    close(
        by(got, "productLine", "revenue_share_pct"),
        100 * expect["revenue"] / expect["revenue"].sum(),
    )
    assert got.iloc[0]["productLine"] == "Classic Cars"


def test_customers_without_rep(canonical_catalogue: Catalogue, raw: Raw) -> None:
    got = canonical_catalogue.run("customers_without_rep")
    no_rep = raw.customers[raw.customers["salesRepEmployeeNumber"].isna()]
    assert sorted(got["customerNumber"]) == sorted(no_rep["customerNumber"])
    assert len(got) == 22
    assert (got["creditLimit"] == 0).all() and (got["revenue"] == 0).all()


def test_rep_workload(canonical_catalogue: Catalogue, raw: Raw) -> None:
    got = canonical_catalogue.run("rep_workload")
    reps = raw.employees[raw.employees["jobTitle"] == "Sales Rep"]["employeeNumber"]
    assert sorted(got["employeeNumber"]) == sorted(reps)
    assigned = raw.customers.dropna(subset=["salesRepEmployeeNumber"])
    per_rep = assigned.groupby("salesRepEmployeeNumber")["customerNumber"].count()
    close(by(got, "employeeNumber", "customers"), per_rep.reindex(reps, fill_value=0))
    revenue = raw.lines_until().merge(assigned[["customerNumber", "salesRepEmployeeNumber"]])
    rep_revenue = revenue.groupby("salesRepEmployeeNumber")["line_revenue"].sum()
    close(by(got, "employeeNumber", "revenue"), rep_revenue.reindex(reps, fill_value=0))
    assert got["customer_share_pct"].sum() == pytest.approx(100)
    top = got.iloc[0]
    assert top["customers"] == per_rep.max() == 10  # Castillo, Pamela


def test_customer_rep_directory(canonical_catalogue: Catalogue, raw: Raw) -> None:
    got = canonical_catalogue.run("customer_rep_directory")
    assert got["customerNumber"].tolist() == sorted(raw.customers["customerNumber"])
    emp = raw.employees.set_index("employeeNumber")
    merged = raw.customers.merge(
        emp, left_on="salesRepEmployeeNumber", right_index=True, how="left"
    )
    expect = dict(zip(merged["customerNumber"], merged["email"], strict=True))
    assert by(got, "customerNumber", "rep_email") == {
        k: (None if pd.isna(v) else v) for k, v in expect.items()
    }
    assert got["rep_name"].isna().sum() == 22


def test_order_size(canonical_catalogue: Catalogue, raw: Raw) -> None:
    got = canonical_catalogue.run("order_size")
    lines = raw.lines_until()
    per_order = lines.groupby("orderNumber").agg(
        lines=("productCode", "count"),
        units=("quantityOrdered", "sum"),
        value=("line_revenue", "sum"),
    )
    assert len(got) == len(per_order) == 320
    close(by(got, "orderNumber", "order_value"), per_order["value"])
    close(by(got, "orderNumber", "lines"), per_order["lines"])
    close(by(got, "orderNumber", "units"), per_order["units"])
    assert got.iloc[0]["orderNumber"] == per_order["value"].idxmax()
    assert got["value_percentile"].max() == 100 and got["value_percentile"].min() == 0


@pytest.mark.parametrize("as_of", [LATEST, AS_OF_2004])
def test_monthly_sales(canonical_catalogue: Catalogue, raw: Raw, as_of: pd.Timestamp) -> None:
    got = canonical_catalogue.run("monthly_sales", as_of=as_of.date())
    months = pd.period_range("2003-01", as_of.to_period("M"), freq="M").strftime("%Y-%m").tolist()
    assert got["month"].tolist() == months  # every calendar month, in order, none missing
    values = raw.order_values(as_of)
    values["month"] = values["orderDate"].dt.strftime("%Y-%m")
    monthly = (
        values.groupby("month")
        .agg(
            revenue=("value", "sum"),
            orders=("orderNumber", "count"),
            active=("customerNumber", "nunique"),
        )
        .reindex(months, fill_value=0)
    )
    close(by(got, "month", "revenue"), monthly["revenue"])
    close(by(got, "month", "orders"), monthly["orders"])
    close(by(got, "month", "active_customers"), monthly["active"])
    shipped = raw.orders[raw.orders["shippedDate"] <= as_of]
    shipped = shipped.assign(
        month=shipped["shippedDate"].dt.strftime("%Y-%m"),
        on_time=shipped["shippedDate"] <= shipped["requiredDate"],
    )
    ship = shipped.groupby("month").agg(n=("orderNumber", "count"), ok=("on_time", "sum"))
    ship = ship.reindex(months, fill_value=0)
    close(by(got, "month", "shipped_orders"), ship["n"])
    close(by(got, "month", "on_time_orders"), ship["ok"])
    with_shipments = got[got["shipped_orders"] > 0]
    expect_pct = 100 * ship["ok"] / ship["n"]
    close(by(with_shipments, "month", "on_time_pct"), expect_pct[ship["n"] > 0])
    assert got["revenue"].sum() == pytest.approx(values["value"].sum(), abs=0.01)


def test_monthly_sales_fills_months_without_orders(
    canonical_catalogue: Catalogue, sqlite_copy, canonical_path
) -> None:
    """A month with no orders at all still appears, with zeros, so LAG 12 stays a year."""
    path = sqlite_copy(canonical_path)
    execute(
        path,
        "DELETE FROM orderdetails WHERE orderNumber IN "
        "(SELECT orderNumber FROM orders WHERE orderDate LIKE '2004-03-%')",
        "DELETE FROM orders WHERE orderDate LIKE '2004-03-%'",
    )
    with open_db(path) as db:
        got = Catalogue(db).run("monthly_sales")
    march = got[got["month"] == "2004-03"].iloc[0]
    assert (march["revenue"], march["orders"], march["active_customers"]) == (0, 0, 0)
    assert pd.isna(march["aov"])
    assert len(got) == 29


@pytest.mark.parametrize("as_of", [LATEST, AS_OF_2004])
def test_payments_summary(canonical_catalogue: Catalogue, raw: Raw, as_of: pd.Timestamp) -> None:
    got = canonical_catalogue.run("payments_summary", as_of=as_of.date())
    invoiced = raw.revenue_by_customer(as_of)
    paid = raw.paid_by_customer(as_of)
    customers = sorted(set(invoiced.index) | set(paid.index))
    assert sorted(got["customerNumber"]) == customers
    invoiced = invoiced.reindex(customers, fill_value=0)
    paid = paid.reindex(customers, fill_value=0)
    close(by(got, "customerNumber", "invoiced"), invoiced)
    close(by(got, "customerNumber", "paid"), paid)
    close(by(got, "customerNumber", "outstanding_balance"), invoiced - paid)
    assert got["outstanding_balance"].sum() == pytest.approx(invoiced.sum() - paid.sum(), abs=0.01)
    assert got["outstanding_balance"].is_monotonic_decreasing
