"""Edit a copy of the data and check that the KPIs and the insights move by exactly as much.

Customer 321 placed two orders in February 2005 and before that last ordered on 2003-10-18.
Deleting its 2005 orders must take their revenue, orders and one active customer out of the
2005 KPIs, leave the 2004 reference alone, and turn the customer into a churn risk.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from classicmodels_kpi.database import connect, parse_db
from classicmodels_kpi.insights import insights
from classicmodels_kpi.kpis import compute_kpis

CUSTOMER = 321
AS_OF = "2005-05-31"
D = date.fromisoformat


@pytest.fixture(scope="module")
def edited(canonical_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("edited") / "classicmodels.sqlite"
    shutil.copy(canonical_path, path)
    with sqlite3.connect(path) as conn:
        doomed = (
            "SELECT orderNumber FROM orders WHERE customerNumber = ? AND orderDate >= '2005-01-01'"
        )
        conn.execute(f"DELETE FROM orderdetails WHERE orderNumber IN ({doomed})", (CUSTOMER,))
        conn.execute(
            "DELETE FROM orders WHERE customerNumber = ? AND orderDate >= '2005-01-01'", (CUSTOMER,)
        )
    return path


@pytest.fixture(scope="module")
def removed(canonical_tables: dict[str, pd.DataFrame]) -> dict[str, float]:
    """What the deleted orders held, from the raw tables."""
    orders = canonical_tables["orders"]
    mine = orders[(orders["customerNumber"] == CUSTOMER) & (orders["orderDate"] >= "2005-01-01")]
    assert set(mine["status"]) == {"Shipped"} and len(mine) == 2
    lines = canonical_tables["orderdetails"].merge(mine[["orderNumber"]], on="orderNumber")
    earlier = orders[(orders["customerNumber"] == CUSTOMER) & (orders["orderDate"] < "2005-01-01")]
    return {
        "revenue": float((lines["quantityOrdered"] * lines["priceEach"]).sum()),
        "orders": len(mine),
        "previous_order": str(earlier["orderDate"].max()),
    }


def _kpis(path: Path, period: str) -> dict:
    with connect(parse_db(str(path))) as db:
        return compute_kpis(db, as_of=AS_OF, period=period).to_dict()["kpis"]


@pytest.mark.parametrize("period", ["ytd", "ttm"])
def test_kpis_move_by_the_deleted_orders(
    canonical_path: Path, edited: Path, removed: dict, period: str
) -> None:
    before, after = _kpis(canonical_path, period), _kpis(edited, period)
    assert after["revenue"]["value"] == pytest.approx(
        before["revenue"]["value"] - removed["revenue"], abs=0.01
    )
    assert after["orders"]["value"] == before["orders"]["value"] - removed["orders"]
    assert after["active_customers"]["value"] == before["active_customers"]["value"] - 1
    assert after["aov"]["value"] == pytest.approx(
        after["revenue"]["value"] / after["orders"]["value"], abs=0.01
    )
    for name in before:  # the reference period (2004) is untouched
        assert after[name]["reference"] == before[name]["reference"], name


def test_kpis_of_edited_data_match_pandas(edited: Path, pandas_kpis) -> None:
    with sqlite3.connect(edited) as conn:
        tables = {
            t: pd.read_sql(f"SELECT * FROM {t}", conn)
            for t in ("orders", "orderdetails", "products")
        }
    want = pandas_kpis(tables, D("2005-01-01"), D(AS_OF))
    got = _kpis(edited, "ytd")
    assert got["revenue"]["value"] == pytest.approx(want["revenue"], abs=0.01)
    assert got["on_time_pct"]["value"] == pytest.approx(want["on_time_pct"], abs=1e-4)
    assert got["top10_products_share_pct"]["value"] == pytest.approx(
        want["top10_products_share_pct"], abs=1e-4
    )


def test_insights_move_accordingly(
    canonical_path: Path, edited: Path, removed: dict, canonical_tables
) -> None:
    with connect(parse_db(str(canonical_path))) as db:
        before = insights(db, as_of=AS_OF)
    with connect(parse_db(str(edited))) as db:
        after = insights(db, as_of=AS_OF)

    # The customer now last ordered on 2003-10-18: a churn risk, with its revenue of the
    # 365 days ending on that date at risk.
    last = pd.Timestamp(removed["previous_order"])
    orders = canonical_tables["orders"].copy()
    orders["orderDate"] = pd.to_datetime(orders["orderDate"])
    window = orders[
        (orders["customerNumber"] == CUSTOMER)
        & (orders["status"] != "Cancelled")
        & (orders["orderDate"] > last - pd.Timedelta(days=365))
        & (orders["orderDate"] <= last)
    ]
    lines = canonical_tables["orderdetails"].merge(window[["orderNumber"]], on="orderNumber")
    yearly = float((lines["quantityOrdered"] * lines["priceEach"]).sum())
    churn_b, churn_a = before.get("churn_risk").numbers, after.get("churn_risk").numbers
    assert churn_a["customers_at_risk"] == churn_b["customers_at_risk"] + 1
    assert churn_a["revenue_at_risk"] == pytest.approx(
        churn_b["revenue_at_risk"] + yearly, abs=0.01
    )

    # All-time invoiced revenue falls by exactly the deleted orders.
    owed_b, owed_a = before.get("outstanding_balances").numbers, after.get("outstanding_balances")
    assert owed_a.numbers["invoiced"] == pytest.approx(
        owed_b["invoiced"] - removed["revenue"], abs=0.01
    )

    # The customer is in the USA, the largest country: the top-3 revenue falls by as much.
    country = canonical_tables["customers"].set_index("customerNumber").loc[CUSTOMER, "country"]
    top_b = before.get("top3_countries_share").numbers
    top_a = after.get("top3_countries_share").numbers
    assert country.strip() == top_a["top3_countries"][0] == top_b["top3_countries"][0] == "USA"
    assert top_a["top3_revenue"] == pytest.approx(
        top_b["top3_revenue"] - removed["revenue"], abs=0.01
    )
