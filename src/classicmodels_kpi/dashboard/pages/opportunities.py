"""Page 4, Opportunities (``/opportunities``): where the next revenue is likely to come from.

Products: the best sellers and the products whose demand is growing or declining. Customers:
RFM segments, customers gone quiet (churn risk, with the yearly revenue at stake) and customers
whose next order is overdue by their own rhythm. Baskets: product pairs bought together more
often than chance (lift). A country and a product-line filter narrow the customer and product
views; everything is measured against the data's as_of, never the wall clock.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import vizro.models as vm

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.dashboard import data, risk_charts
from classicmodels_kpi.dashboard.filters import Filter, choose
from classicmodels_kpi.dashboard.grids import (
    DEMAND_TREND_STYLE,
    LIFT_STYLE,
    NEXT_ORDER_STYLE,
    RFM_SEGMENT_STYLE,
    column,
    graded_style,
    grid,
    with_export,
)
from classicmodels_kpi.dashboard.layout import panel

COUNTRY_FILTER = "opportunities_country"
LINE_FILTER = "opportunities_product_line"
CUSTOMER_VIEWS = [
    "opportunities_segments",
    "opportunities_rfm",
    "opportunities_churn",
    "opportunities_overdue",
]
PRODUCT_VIEWS = ["opportunities_top_products", "opportunities_demand", "opportunities_trend_grid"]

#: R, F and M scores 1–5 (5 best): deeper green for better scores.
SCORE_STYLE = graded_style([(4, 0.25), (5, 0.45)])

RFM_COLUMNS = [
    column("customerName", "Customer", pinned="left", minWidth=200),
    column("country", "Country"),
    column("segment", "Segment", style=RFM_SEGMENT_STYLE, width=110),
    column("rfm_score", "RFM score", "count", width=110),
    column("rfm_code", "R F M", width=90),
    column("r_score", "Recency score", "count", style=SCORE_STYLE),
    column("f_score", "Frequency score", "count", style=SCORE_STYLE),
    column("m_score", "Monetary score", "count", style=SCORE_STYLE),
    column("recency_days", "Days since last order", "days"),
    column("frequency", "Orders", "count"),
    column("monetary", "Revenue", "money_whole"),
    column("last_order_date", "Last order", "date"),
    column("customerNumber", "Customer no.", "id"),
]

CROSS_SELL_COLUMNS = [
    column("product_a_name", "Product A", minWidth=200),
    column("product_b_name", "Product B", minWidth=200),
    column("lift", "Lift", "decimal", style=LIFT_STYLE, width=100, sort="desc"),
    column("pair_orders", "Orders with both", "count"),
    column("confidence_a_to_b_pct", "Confidence A→B", "pct"),
    column("confidence_b_to_a_pct", "Confidence B→A", "pct"),
    column("support_pct", "Support", "pct"),
]

CHURN_COLUMNS = [
    column("risk_rank", "Rank", "count", width=90),
    column("customerName", "Customer", pinned="left", minWidth=200),
    column("country", "Country"),
    column("revenue_at_risk", "Yearly revenue at risk", "money_whole"),
    column("share_of_risk_pct", "Share of risk", "pct"),
    column("recency_days", "Days since last order", "days"),
    column("days_over_threshold", "Days over 180", "days"),
    column("last_order_date", "Last order", "date"),
    column("sales_rep", "Sales rep"),
    column("orders", "Orders", "count"),
    column("lifetime_revenue", "Lifetime revenue", "money_whole"),
    column("customerNumber", "Customer no.", "id"),
]

OVERDUE_COLUMNS = [
    column("customerName", "Customer", pinned="left", minWidth=200),
    column("country", "Country"),
    column("status", "Next order", style=NEXT_ORDER_STYLE, width=120),
    column("days_overdue", "Days overdue", "days"),
    column("expected_next_date", "Expected", "date"),
    column("last_order_date", "Last order", "date"),
    column("expected_interval_days", "Usual interval", "days"),
    column("orders", "Orders", "count"),
    column("revenue", "Revenue", "money_whole"),
    column("customerNumber", "Customer no.", "id"),
]

TREND_COLUMNS = [
    column("productName", "Product", pinned="left", minWidth=220),
    column("productLine", "Product line"),
    column("trend", "Trend", style=DEMAND_TREND_STYLE, width=120),
    column("change_pct", "Change in units", "pct"),
    column("recent_avg_units", "Units / month, last 3", "number"),
    column("prior_avg_units", "Units / month, 3 before", "number"),
    column("recent_revenue", "Revenue, last 3 months", "money_whole"),
    column("recent_first_month", "Recent window from", "month"),
]


def load_overdue(catalogue: Catalogue, as_of: Any = None) -> pd.DataFrame:
    """Customers whose next order is overdue by their own rhythm, most overdue first."""
    frame = catalogue.run("customer_next_order", **({"as_of": as_of} if as_of else {}))
    overdue = frame[frame["status"] == "Overdue"].copy()
    overdue["days_overdue"] = -overdue["days_until_expected"]
    return overdue.sort_values(["days_overdue", "customerNumber"], ascending=[False, True])


def page() -> vm.Page:
    products = data.catalogue_source("product_performance")
    rfm = data.catalogue_source("customer_rfm")
    demand = data.catalogue_source("product_demand_trend")
    pairs = data.catalogue_source("cross_sell_pairs")
    churn = data.catalogue_source("churn_risk")
    overdue = data.python_source(
        "opportunities_overdue_next_orders",
        load_overdue,
        {
            "customerNumber": "int",
            "customerName": "text",
            "country": "text",
            "status": "text",
            "days_overdue": "int",
            "days_until_expected": "int",
            "expected_next_date": "date",
            "last_order_date": "date",
            "expected_interval_days": "int",
            "orders": "int",
            "revenue": "money",
        },
        as_of=None,
    )
    return vm.Page(
        id="opportunities",
        title="Opportunities",
        path="/opportunities",
        layout=vm.Flex(gap="24px"),
        components=[
            vm.Container(
                id="opportunities_charts",
                layout=vm.Flex(direction="row", wrap=True, gap="24px"),
                components=[
                    panel(
                        "opportunities_top_products_panel",
                        vm.Graph(
                            id="opportunities_top_products",
                            title="Top products",
                            header="Revenue of orders not Cancelled.",
                            figure=risk_charts.ranked_bar(
                                data_frame=products,
                                x="revenue",
                                y="productName",
                                x_title="Revenue",
                            ),
                        ),
                    ),
                    panel(
                        "opportunities_segments_panel",
                        vm.Graph(
                            id="opportunities_segments",
                            title="Customers by RFM segment",
                            header="Recency, frequency and monetary scores 1–5 (5 best), summed.",
                            figure=risk_charts.segment_donut(data_frame=rfm),
                        ),
                    ),
                    panel(
                        "opportunities_demand_panel",
                        vm.Graph(
                            id="opportunities_demand",
                            title="Product demand trend",
                            header="Mean monthly units, last 3 complete months against the 3 "
                            "before (±15 %).",
                            figure=risk_charts.demand_trend_bars(data_frame=demand),
                        ),
                        wide=True,
                    ),
                ],
            ),
            with_export(
                grid(
                    "opportunities_churn",
                    churn,
                    CHURN_COLUMNS,
                    title="Churn risk",
                    header="Customers without an order for more than 180 days, by the revenue "
                    "of their last year with us.",
                )
            ),
            with_export(
                grid(
                    "opportunities_overdue",
                    overdue,
                    OVERDUE_COLUMNS,
                    title="Overdue next orders",
                    header="The expected next order (last order + the customer's usual "
                    "interval) has passed.",
                )
            ),
            with_export(
                grid(
                    "opportunities_cross_sell",
                    pairs,
                    CROSS_SELL_COLUMNS,
                    title="Cross-sell pairs",
                    header="Products bought in the same orders (at least 3); lift above 1 means "
                    "together more often than chance.",
                )
            ),
            with_export(grid("opportunities_rfm", rfm, RFM_COLUMNS, title="RFM scores")),
            with_export(
                grid(
                    "opportunities_trend_grid",
                    demand,
                    TREND_COLUMNS,
                    title="Demand trend by product",
                )
            ),
        ],
        controls=[
            Filter(
                id=COUNTRY_FILTER,
                column="country",
                targets=CUSTOMER_VIEWS,
                selector=choose("Country"),
            ),
            Filter(
                id=LINE_FILTER,
                column="productLine",
                targets=PRODUCT_VIEWS,
                selector=choose("Product line"),
            ),
        ],
    )
