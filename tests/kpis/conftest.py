"""Fixtures of the KPI tests: the seven KPIs computed independently in pandas, straight from the
issue's definitions. Nothing here imports the product's code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest


def kpis_pandas(tables: dict[str, pd.DataFrame], start: date, end: date) -> dict[str, float | None]:
    orders = tables["orders"].copy()
    for col in ("orderDate", "requiredDate", "shippedDate"):
        orders[col] = pd.to_datetime(orders[col], errors="coerce")
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    period_orders = orders[(orders["status"] != "Cancelled") & orders["orderDate"].between(lo, hi)]
    lines = tables["orderdetails"].merge(period_orders[["orderNumber"]], on="orderNumber")
    lines = lines.merge(tables["products"][["productCode", "buyPrice"]], on="productCode")
    lines["revenue"] = lines["quantityOrdered"] * lines["priceEach"]
    lines["margin"] = lines["quantityOrdered"] * (lines["priceEach"] - lines["buyPrice"])
    revenue = float(lines["revenue"].sum())
    n_orders = len(period_orders)
    by_product = lines.groupby("productCode")["revenue"].sum().sort_values(ascending=False)
    shipped = orders[orders["shippedDate"].between(lo, hi)]
    on_time = shipped[shipped["shippedDate"] <= shipped["requiredDate"]]
    return {
        "revenue": revenue,
        "orders": n_orders,
        "aov": revenue / n_orders if n_orders else None,
        "active_customers": period_orders["customerNumber"].nunique(),
        "gross_margin_pct": 100 * lines["margin"].sum() / revenue if revenue else None,
        "on_time_pct": 100 * len(on_time) / len(shipped) if len(shipped) else None,
        "top10_products_share_pct": 100 * by_product.head(10).sum() / revenue if revenue else None,
    }


@pytest.fixture(scope="session")
def pandas_kpis() -> Callable[[dict[str, pd.DataFrame], date, date], dict[str, float | None]]:
    return kpis_pandas
