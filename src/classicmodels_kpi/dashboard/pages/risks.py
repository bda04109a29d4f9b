"""Page 3, Risks & Diagnostics (``/risks``): where money is exposed and what the data gets wrong.

The amount-at-risk map is the selector: clicking a country sets the page's country filter
(``va.set_controls``), which narrows the high-risk bar, the credit tables and the order
exceptions to that country (countries spelled as the data spells them, as on every page). The
on-time trend and the data-quality findings are company-wide and stay as they are.
"""

from __future__ import annotations

import pandas as pd
import vizro.models as vm

from classicmodels_kpi.catalogue import Catalogue, queries
from classicmodels_kpi.dashboard import charts, data, risk_charts
from classicmodels_kpi.dashboard.filters import Filter, choose, select_country
from classicmodels_kpi.dashboard.grids import (
    ORDER_STATUS_STYLE,
    SEVERITY_STYLE,
    category_style,
    column,
    contains_style,
    graded_style,
    grid,
    with_export,
)
from classicmodels_kpi.dashboard.layout import panel, row

COUNTRY_FILTER = "risks_country"
#: What a map click narrows (never the map itself, which would shrink to one country).
LINKED = [
    "risks_top_customers",
    "risks_misaligned",
    "risks_balance_chart",
    "risks_balance",
    "risks_exceptions",
]

ALIGNMENT_STYLE = category_style({"Over-credited": "warn", "Under-credited": "info"})
#: How many of the three risks (misaligned, no orders, inactive) a customer carries.
RISK_COUNT_STYLE = graded_style([(1, 0.2), (2, 0.4), (3, 0.6)], rgb="234, 87, 72")
RISK_REASON_STYLE = contains_style(
    {"credit out of line": "bad", "inactive": "warn", "no orders": "muted"}
)
#: Share of the credit limit the unpaid balance uses: over 100 % is the point of this table.
CREDIT_USED_STYLE = graded_style([(100, 0.25), (150, 0.45), (200, 0.6)], rgb="234, 87, 72")

MISALIGNED_COLUMNS = [
    column("customerName", "Customer", pinned="left", minWidth=200),
    column("country", "Country"),
    column("alignment", "Alignment", style=ALIGNMENT_STYLE, minWidth=140),
    column("creditLimit", "Credit limit", "money_whole"),
    column("revenue", "Revenue", "money_whole"),
    column("credit_to_revenue", "Credit ÷ revenue", "decimal"),
    column("customerNumber", "Customer no.", "id"),
]

BALANCE_COLUMNS = [
    column("customerName", "Customer", pinned="left", minWidth=200),
    column("country", "Country"),
    column("creditLimit", "Credit limit", "money_whole"),
    column("outstanding_balance", "Outstanding balance", "money_whole"),
    column("excess_over_limit", "Over the limit by", "money_whole"),
    column("credit_used_pct", "Credit used", "pct", style=CREDIT_USED_STYLE),
    column("invoiced", "Invoiced", "money_whole"),
    column("paid", "Paid", "money_whole"),
    column("last_payment_date", "Last payment", "date"),
    column("days_since_last_payment", "Days since payment", "days"),
    column("customerNumber", "Customer no.", "id"),
]

HIGH_RISK_COLUMNS = [
    column("customerName", "Customer", pinned="left", minWidth=200),
    column("country", "Country"),
    column("risk_reasons", "Risks", style=RISK_REASON_STYLE, minWidth=200),
    column("risk_count", "Risk count", "count", style=RISK_COUNT_STYLE),
    column("amount_at_risk", "Amount at risk", "money_whole"),
    column("outstanding_balance", "Outstanding balance", "money_whole"),
    column("creditLimit", "Credit limit", "money_whole"),
    column("revenue", "Revenue", "money_whole"),
    column("last_order_date", "Last order", "date"),
    column("days_since_last_order", "Days since last order", "days"),
    column("customerNumber", "Customer no.", "id"),
]

EXCEPTION_COLUMNS = [
    column("orderNumber", "Order", "id", pinned="left", width=100),
    column("status", "Status", style=ORDER_STATUS_STYLE, width=120),
    column("customerName", "Customer", minWidth=200),
    column("country", "Country"),
    column("order_value", "Order value", "money"),
    column("age_days", "Age", "days"),
    column("orderDate", "Ordered", "date"),
    column("requiredDate", "Required", "date"),
    column("shippedDate", "Shipped", "date"),
    column("lines", "Lines", "count"),
    column("comments", "Comments", minWidth=260, tooltipField="comments"),
]

QUALITY_COLUMNS = [
    column("severity", "Severity", style=SEVERITY_STYLE, width=110),
    column("check", "Check", minWidth=180),
    column("table", "Table"),
    column("key", "Row key"),
    column("column", "Column"),
    column("value", "Value found"),
    column("query", "Catalogue query", minWidth=170),
]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def load_quality_findings(catalogue: Catalogue) -> pd.DataFrame:
    """Every finding of every data-quality check (the checks of ``cmkpi check``), worst first."""
    frames = []
    for name, q in queries().items():
        if q.layer == "quality":
            found = catalogue.run(name)
            frames.append(found.assign(query=name))
    if not frames:
        return pd.DataFrame(columns=[c["field"] for c in QUALITY_COLUMNS])
    findings = pd.concat(frames, ignore_index=True)
    rank = findings["severity"].map(SEVERITY_ORDER).fillna(len(SEVERITY_ORDER))
    return (
        findings.assign(_rank=rank)
        .sort_values(["_rank", "check"], kind="stable")
        .drop(columns="_rank")
    )


def page() -> vm.Page:
    at_risk = data.catalogue_source("high_risk_customers")
    misaligned = data.catalogue_source("credit_sales_misalignment")
    balance = data.catalogue_source("outstanding_balance_risk")
    exceptions = data.catalogue_source("order_status_exceptions")
    on_time = data.catalogue_source("on_time_delivery")
    findings = data.python_source(
        "risks_quality_findings",
        load_quality_findings,
        {c["field"]: "text" for c in QUALITY_COLUMNS},
    )
    return vm.Page(
        id="risks",
        title="Risks & Diagnostics",
        path="/risks",
        layout=vm.Flex(gap="24px"),
        components=[
            row(
                "risks_top_row",
                panel(
                    "risks_map_panel",
                    vm.Graph(
                        id="risks_map",
                        title="Amount at risk by country",
                        header="Unpaid balances of high-risk customers. Click a country to "
                        "narrow the customer and order views to it (on-time delivery and data "
                        "quality stay company-wide).",
                        figure=risk_charts.amount_at_risk_map(data_frame=at_risk),
                        actions=select_country(controls=COUNTRY_FILTER, value=charts.MAP_COUNTRY),
                    ),
                    wide=True,
                ),
                panel(
                    "risks_top_panel",
                    vm.Graph(
                        id="risks_top_customers",
                        title="Top high-risk customers",
                        header="By amount at risk: misaligned credit, no orders, or no order "
                        "in 180 days.",
                        figure=risk_charts.ranked_bar(
                            data_frame=at_risk,
                            x="amount_at_risk",
                            y="customerName",
                            x_title="Amount at risk",
                        ),
                    ),
                ),
            ),
            row(
                "risks_trend_row",
                panel(
                    "risks_on_time_panel",
                    vm.Graph(
                        id="risks_on_time",
                        title="On-time delivery by month",
                        header="Shipped orders with shippedDate ≤ requiredDate, counted per order.",
                        figure=risk_charts.on_time_trend(data_frame=on_time),
                    ),
                ),
                panel(
                    "risks_balance_chart_panel",
                    vm.Graph(
                        id="risks_balance_chart",
                        title="Outstanding balance vs credit limit",
                        header="Customers whose unpaid balance exceeds their credit limit.",
                        figure=risk_charts.balance_vs_limit(data_frame=balance),
                    ),
                ),
            ),
            with_export(
                grid(
                    "risks_high_risk",
                    at_risk,
                    HIGH_RISK_COLUMNS,
                    title="High-risk customers",
                )
            ),
            with_export(
                grid(
                    "risks_misaligned",
                    misaligned,
                    MISALIGNED_COLUMNS,
                    title="Over- and under-credited accounts",
                    header="Credit limit at least twice the revenue, or revenue at least twice "
                    "the credit limit.",
                )
            ),
            with_export(
                grid(
                    "risks_balance",
                    balance,
                    BALANCE_COLUMNS,
                    title="Balances above the credit limit",
                )
            ),
            with_export(
                grid(
                    "risks_exceptions",
                    exceptions,
                    EXCEPTION_COLUMNS,
                    title="Order-status exceptions",
                    header="Cancelled, On Hold and Disputed orders, with their value and age.",
                )
            ),
            with_export(
                grid(
                    "risks_quality",
                    findings,
                    QUALITY_COLUMNS,
                    title="Data-quality findings",
                    header="Every finding of the checks `cmkpi check` runs, errors first.",
                )
            ),
        ],
        controls=[
            Filter(
                id=COUNTRY_FILTER,
                column="country",
                targets=[*LINKED, "risks_high_risk"],
                selector=choose("Country"),
            ),
        ],
    )
