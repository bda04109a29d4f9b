"""Page 5, Deep Dive (``/deep-dive``): every grid in full, and any catalogue query on demand.

Tabs hold one grid each (customers, products, sales reps, next orders, cross-sell) with the
controls that select its rows and CSV/XLSX downloads of that selection. The last tab is the
catalogue explorer: pick a query, read its question, page through its result, download it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import vizro.models as vm
from dash import dcc, html
from vizro.models.types import capture

from classicmodels_kpi.catalogue import Catalogue, get_query, queries
from classicmodels_kpi.dashboard import data
from classicmodels_kpi.dashboard import formatting as fmt
from classicmodels_kpi.dashboard.filters import Filter, choose, range_slider
from classicmodels_kpi.dashboard.grids import (
    ABC_STYLE,
    LIFT_STYLE,
    NEXT_ORDER_STYLE,
    QUERY_ATTR,
    SOURCE_ATTR,
    TOTAL_ATTR,
    column,
    grid,
    with_export,
)

#: The query the explorer opens with.
EXPLORER_DEFAULT = "sales_by_country"
#: Rows of a query result the explorer holds in memory (and downloads); beyond that the grid
#: pages in the database and the download says it holds the first rows only.
EXPLORER_ROWS = 100_000
NEXT_ORDER_STATUSES = ("Overdue", "Due soon", "On track")

CUSTOMER_COLUMNS = [
    column("revenue_rank", "Rank", "count", width=90),
    column("customerName", "Customer", pinned="left", minWidth=200),
    column("country", "Country"),
    column("abc_class", "ABC class", style=ABC_STYLE, width=110),
    column("revenue", "Revenue", "money_whole"),
    column("orders", "Orders", "count"),
    column("aov", "Average order", "money_whole"),
    column("revenue_share_pct", "Share of revenue", "pct"),
    column("cumulative_share_pct", "Cumulative share", "pct"),
    column("first_order_date", "First order", "date"),
    column("last_order_date", "Last order", "date"),
    column("customerNumber", "Customer no.", "id"),
]

PRODUCT_COLUMNS = [
    column("revenue_rank", "Rank", "count", width=90),
    column("productName", "Product", pinned="left", minWidth=220),
    column("productCode", "Code"),
    column("productLine", "Product line"),
    column("abc_class", "ABC class", style=ABC_STYLE, width=110),
    column("revenue", "Revenue", "money_whole"),
    column("units", "Units", "count"),
    column("orders", "Orders", "count"),
    column("customers", "Customers", "count"),
    column("gross_margin", "Gross margin", "money_whole"),
    column("gross_margin_pct", "Margin %", "pct"),
    column("avg_price", "Average price", "money"),
    column("revenue_share_pct", "Share of revenue", "pct"),
    column("cumulative_share_pct", "Cumulative share", "pct"),
]

REP_COLUMNS = [
    column("revenue_rank", "Rank", "count", width=90),
    column("rep_name", "Sales rep", pinned="left", minWidth=180),
    column("jobTitle", "Title"),
    column("office_city", "Office"),
    column("office_country", "Office country"),
    column("abc_class", "ABC class", style=ABC_STYLE, width=110),
    column("revenue", "Revenue", "money_whole"),
    column("customers", "Customers", "count"),
    column("active_customers", "Active customers", "count"),
    column("orders", "Orders", "count"),
    column("aov", "Average order", "money_whole"),
    column("revenue_share_pct", "Share of revenue", "pct"),
    column("cumulative_share_pct", "Cumulative share", "pct"),
    column("employeeNumber", "Employee no.", "id"),
]

NEXT_ORDER_COLUMNS = [
    column("customerName", "Customer", pinned="left", minWidth=200),
    column("country", "Country"),
    column("status", "Next order", style=NEXT_ORDER_STYLE, width=120),
    column("expected_next_date", "Expected next order", "date"),
    column("days_until_expected", "Days until expected", "days"),
    column("last_order_date", "Last order", "date"),
    column("days_since_last_order", "Days since last order", "days"),
    column("mean_interval_days", "Usual interval", "days"),
    column("orders", "Orders", "count"),
    column("revenue", "Revenue", "money_whole"),
    column("first_order_date", "First order", "date"),
    column("customerNumber", "Customer no.", "id"),
]

CROSS_SELL_COLUMNS = [
    column("product_a_name", "Product A", minWidth=200),
    column("product_b_name", "Product B", minWidth=200),
    column("lift", "Lift", "decimal", style=LIFT_STYLE, width=100),
    column("pair_orders", "Orders with both", "count"),
    column("support_pct", "Support", "pct"),
    column("confidence_a_to_b_pct", "Confidence A→B", "pct"),
    column("confidence_b_to_a_pct", "Confidence B→A", "pct"),
    column("orders_a", "Orders with A", "count"),
    column("orders_b", "Orders with B", "count"),
    column("product_a", "Code A"),
    column("product_b", "Code B"),
]


def _tab(title: str, table: vm.Table, controls: list[Any]) -> vm.Container:
    return vm.Container(
        id=f"{table.id}_tab",
        title=title,
        components=[with_export(table)],
        controls=controls,
    )


def abc() -> vm.Checklist:
    """ABC classes with fixed options: a static filter costs nothing on page load."""
    return vm.Checklist(options=["A", "B", "C"], title="ABC class")


def _filter(id: str, column_name: str, target: str, selector: Any) -> Filter:
    return Filter(id=id, column=column_name, targets=[target], selector=selector)


# -- catalogue explorer ---------------------------------------------------------------------------


def explorer_options() -> list[dict[str, str]]:
    """Every catalogue query as ``layer · title (name)``, in catalogue order."""
    return [
        {"label": f"{q.layer} · {q.title} ({name})", "value": name} for name, q in queries().items()
    ]


def explore(catalogue: Catalogue, query: str = EXPLORER_DEFAULT) -> pd.DataFrame:
    """The first :data:`EXPLORER_ROWS` rows of ``query`` (the database does the LIMIT), marked
    with the query's name and total row count so the grid can page the rest in the database."""
    get_query(query)  # an unknown name is a ParameterError: shown as the page's message
    page = data.page_rows(query, 0, EXPLORER_ROWS)
    frame = page.rows
    frame.attrs.update({QUERY_ATTR: query, SOURCE_ATTR: query, TOTAL_ATTR: page.total})
    return frame


@capture("figure")
def explorer_summary(data_frame: pd.DataFrame) -> html.Div:
    """What the chosen query answers, its parameters, and how many rows it returned."""
    error = data.data_error(data_frame)
    name = data_frame.attrs.get(QUERY_ATTR)
    if error or not name:
        text = f"Database error: {error}" if error else "Loading…"
        return html.Div(html.P(text, className="cmkpi-message"), className="cmkpi-explorer")
    q = get_query(name)
    total = int(data_frame.attrs.get(TOTAL_ATTR, len(data_frame)))
    params = ", ".join(f"{p.name} = {p.default or 'none'}" for p in q.params) or "none"
    rows = f"{fmt.count(total)} row{'s' if total != 1 else ''}"
    if total > len(data_frame):
        rows += (
            f"; the download holds the first {fmt.count(len(data_frame))} "
            f"(`cmkpi query {name} --format csv -o {name}.csv` writes them all)"
        )
    return html.Div(
        [
            html.H4(q.title, className="cmkpi-explorer-title"),
            html.P(q.question, className="cmkpi-explorer-question"),
            dcc.Markdown(
                f"**{rows}** · layer {q.layer} · parameters: {params} · "
                f"`cmkpi query {name}` on the command line",
                className="cmkpi-explorer-facts",
                id="explorer_facts",
            ),
        ],
        className="cmkpi-explorer",
    )


def _explorer_tab() -> vm.Container:
    for name in queries():  # every worker can page any query in the database
        data.catalogue_source(name)
    # register_source, not python_source: the frame's attrs (query, total) must reach the grid
    source = data.register_source("catalogue_explorer", explore, (), {"query": EXPLORER_DEFAULT})
    table = grid("explorer_table", source, [])
    return vm.Container(
        id="explorer_tab",
        title="Catalogue explorer",
        layout=vm.Flex(direction="column", gap="12px"),
        components=[
            vm.Figure(id="explorer_info", figure=explorer_summary(data_frame=source)),
            with_export(table),
        ],
        controls=[
            vm.Parameter(
                id="explorer_query",
                targets=["explorer_table.data_frame.query", "explorer_info.data_frame.query"],
                selector=vm.Dropdown(
                    options=explorer_options(),
                    value=EXPLORER_DEFAULT,
                    multi=False,
                    title="Catalogue query",
                ),
            )
        ],
    )


# -- the page -------------------------------------------------------------------------------------


def page() -> vm.Page:
    customers = grid(
        "deep_customers", data.catalogue_source("customer_performance"), CUSTOMER_COLUMNS
    )
    products = grid("deep_products", data.catalogue_source("product_performance"), PRODUCT_COLUMNS)
    reps = grid("deep_reps", data.catalogue_source("salesrep_performance"), REP_COLUMNS)
    next_orders = grid(
        "deep_next_orders", data.catalogue_source("customer_next_order"), NEXT_ORDER_COLUMNS
    )
    cross_sell = grid(
        "deep_cross_sell", data.catalogue_source("cross_sell_pairs"), CROSS_SELL_COLUMNS
    )
    tabs = [
        _tab(
            "Customers",
            customers,
            [
                _filter("deep_customers_abc", "abc_class", customers.id, abc()),
                _filter("deep_customers_country", "country", customers.id, choose("Country")),
                _filter(
                    "deep_customers_orders",
                    "orders",
                    customers.id,
                    range_slider("Orders placed", step=1),
                ),
            ],
        ),
        _tab(
            "Products",
            products,
            [
                _filter("deep_products_abc", "abc_class", products.id, abc()),
                _filter(
                    "deep_products_line",
                    "productLine",
                    products.id,
                    choose("Product line"),
                ),
            ],
        ),
        _tab(
            "Sales reps",
            reps,
            [
                _filter("deep_reps_abc", "abc_class", reps.id, abc()),
            ],
        ),
        _tab(
            "Next orders",
            next_orders,
            [
                _filter(
                    "deep_next_status",
                    "status",
                    next_orders.id,
                    vm.Checklist(options=list(NEXT_ORDER_STATUSES), title="Next order"),
                ),
            ],
        ),
        _tab(
            "Cross-sell",
            cross_sell,
            [
                # a query parameter, pushed into the SQL: pairs sharing at least this many orders
                vm.Parameter(
                    id="deep_cross_min_orders",
                    targets=[f"{cross_sell.id}.data_frame.min_orders"],
                    selector=vm.Slider(
                        min=2, max=20, step=1, value=3, title="Orders the pair shares, at least"
                    ),
                )
            ],
        ),
        _explorer_tab(),
    ]
    return vm.Page(
        id="deep_dive",
        title="Deep Dive",
        path="/deep-dive",
        components=[vm.Tabs(id="deep_dive_tabs", tabs=tabs)],
    )
