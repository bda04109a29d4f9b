"""Page 1, Executive (``/``): the seven KPIs, the top-N, customer ABC, the forecast, context.

The period selector and the as-of picker are ``vm.Parameter``s: their values reach the loaders,
so the period's bounds and the as-of date go into the SQL. The as-of picker starts empty, which
means "the latest order date in the data" (the same default as ``cmkpi kpis``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import vizro.models as vm

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.dashboard import charts, controls, data
from classicmodels_kpi.dashboard import formatting as fmt

KPIS = (
    "revenue",
    "orders",
    "aov",
    "active_customers",
    "gross_margin_pct",
    "on_time_pct",
    "top10_products_share_pct",
)
PERIOD_OPTIONS = [
    {"label": "YTD", "value": "ytd"},
    {"label": "QTD", "value": "qtd"},
    {"label": "MTD", "value": "mtd"},
    {"label": "TTM", "value": "ttm"},
    {"label": "Year", "value": "year"},
]
DIMENSIONS = [
    {"label": "Countries", "value": "country"},
    {"label": "Products", "value": "product"},
    {"label": "Sales reps", "value": "sales_rep"},
    {"label": "Product lines", "value": "product_line"},
]
TOP_N = 10


def kpi_id(kpi: str) -> str:
    return f"kpi_{kpi}"


# -- loaders ------------------------------------------------------------------------------------
def _bounds(catalogue: Catalogue, as_of: Any, period: str) -> tuple[date, date]:
    from classicmodels_kpi.kpis import period_bounds, resolve_as_of

    day = resolve_as_of(catalogue, as_of)
    current, _ = period_bounds(period or "ytd", day)
    return current.start, min(current.end, day)


def load_top_revenue(
    catalogue: Catalogue, dimension: str = "country", as_of: Any = None, period: str = "ytd"
) -> pd.DataFrame:
    """Revenue by the chosen dimension over the KPI cards' current period."""
    start, end = _bounds(catalogue, as_of, period)
    q = data.dashboard_query("revenue_by_dimension")
    frame = data.run_query(catalogue, q, start=start, end=end, dimension=dimension or "country")
    frame["dimension"] = dimension or "country"
    return frame


def load_forecast(catalogue: Catalogue, as_of: Any = None) -> pd.DataFrame:
    """Monthly revenue up to as_of, then the forecast months with their interval.

    Actuals come from ``monthly_sales`` (it includes the partial as-of month); the forecast rows
    and the backtest MAPE from ``revenue_forecast``.
    """
    params = {"as_of": as_of} if as_of else {}
    actual = catalogue.run("monthly_sales", **params)
    frame = pd.DataFrame(
        {"month": pd.to_datetime(actual["month"] + "-01"), "revenue": actual["revenue"]}
    )
    model = catalogue.run("revenue_forecast", **params)
    ahead = model.loc[model["kind"] == "forecast", ["month", "forecast", "lower", "upper"]]
    frame = pd.concat([frame, ahead], ignore_index=True)
    mape = model["mape_pct"].dropna()
    frame["mape_pct"] = float(mape.iloc[0]) if len(mape) else float("nan")
    return frame[["month", "revenue", "forecast", "lower", "upper", "mape_pct"]]


def load_context(catalogue: Catalogue, as_of: Any = None) -> pd.DataFrame:
    row = catalogue.run("business_overview", **({"as_of": as_of} if as_of else {})).iloc[0]
    facts = [
        ("Offices", fmt.count(row["offices"])),
        ("Sales reps", fmt.count(row["sales_reps"])),
        ("Countries", fmt.count(row["customer_countries"])),
        ("Customers", fmt.count(row["customers"])),
        ("… with orders", fmt.count(row["customers_with_orders"])),
        ("Products sold", f"{fmt.count(row['products_sold'])} of {fmt.count(row['products'])}"),
    ]
    return pd.DataFrame(facts, columns=["label", "value"])


def load_quality(catalogue: Catalogue) -> pd.DataFrame:
    """The findings of ``cmkpi check`` (the same quality queries), counted in the database.

    Never a fixed string; only counts per check and severity leave the database, so a large
    database with many findings does not fill the server's memory.
    """
    from classicmodels_kpi.catalogue.checks import SEVERITIES, quality_queries

    counts = pd.concat(
        [
            data.run_summary(catalogue, name, ["check", "severity"], {"findings": ("count", "*")})
            for name in quality_queries()
        ],
        ignore_index=True,
    )
    totals = counts.groupby("severity")["findings"].sum()
    errors = int(totals.get("error", 0))
    verdict = "OK: no error findings" if errors == 0 else f"{errors:,} error findings"
    rows = [(f"{len(quality_queries())} checks run", verdict, "ok" if errors == 0 else "error")]
    for severity in SEVERITIES:
        n = int(totals.get(severity, 0))
        rows.append((f"{severity.title()} findings", fmt.count(n), "ok" if n == 0 else severity))
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    counts = counts.assign(rank=counts["severity"].map(rank)).sort_values(
        ["rank", "findings"], ascending=[True, False]
    )
    for row in counts.itertuples(index=False):
        # the check in words ("Customer without rep"), as `cmkpi check` names it otherwise
        label = str(row.check).replace("_", " ").capitalize()
        rows.append((f"{label} ({row.severity})", fmt.count(row.findings), row.severity))
    return pd.DataFrame(rows, columns=["label", "value", "status"])


def load_abc(catalogue: Catalogue, as_of: Any = None) -> pd.DataFrame:
    """Customers and revenue per ABC class, summed in the database."""
    params = {"as_of": as_of} if as_of else {}
    measures = {"revenue": ("sum", "revenue"), "customers": ("count", "*")}
    return data.run_summary(catalogue, "customer_performance", ["abc_class"], measures, **params)


# -- page ---------------------------------------------------------------------------------------
def page() -> vm.Page:
    kpis = data.kpi_source()
    top = data.python_source(
        "executive_top_revenue",
        load_top_revenue,
        {"label": "text", "revenue": "money", "dimension": "text"},
        dimension="country",
        as_of=None,
        period="ytd",
    )
    forecast = data.python_source(
        "executive_forecast",
        load_forecast,
        {
            "month": "date",
            "revenue": "money",
            "forecast": "money",
            "lower": "money",
            "upper": "money",
            "mape_pct": "pct",
        },
        as_of=None,
    )
    abc = data.python_source(
        "executive_abc",
        load_abc,
        {"abc_class": "text", "revenue": "money", "customers": "int"},
        as_of=None,
    )
    context = data.python_source(
        "executive_context", load_context, {"label": "text", "value": "text"}, as_of=None
    )
    quality = data.python_source(
        "executive_quality", load_quality, {"label": "text", "value": "text", "status": "text"}
    )

    cards = [vm.Figure(id=kpi_id(k), figure=charts.kpi_card(data_frame=kpis, kpi=k)) for k in KPIS]
    top_bar = vm.Graph(
        id="top_n",
        figure=charts.bar(data_frame=top, x="revenue", y="label", top_n=TOP_N),
        title=f"Top {TOP_N} by revenue in the period",
    )
    as_of_targets = [
        *(f"{kpi_id(k)}.data_frame.as_of" for k in KPIS),
        "top_n.data_frame.as_of",
        "abc_donut.data_frame.as_of",
        "revenue_forecast.data_frame.as_of",
        "context_card.data_frame.as_of",
    ]
    return vm.Page(
        id="executive",
        title="Executive",
        path="/",
        layout=vm.Flex(),
        components=[
            vm.Container(
                id="kpi_cards",
                components=cards,
                layout=vm.Flex(direction="row", wrap=True),
                extra={"class_name": "cmkpi-kpi-row"},
            ),
            vm.Container(
                id="executive_charts",
                layout=vm.Flex(direction="row", wrap=True),
                components=[
                    vm.Container(
                        id="top_n_container",
                        components=[top_bar],
                        controls=[
                            vm.Parameter(
                                id="top_n_dimension",
                                targets=["top_n.data_frame.dimension"],
                                selector=vm.RadioItems(
                                    options=DIMENSIONS, value="country", title="Top by"
                                ),
                            )
                        ],
                        extra={"class_name": "cmkpi-panel cmkpi-wide"},
                    ),
                    vm.Container(
                        id="abc_container",
                        components=[
                            vm.Graph(
                                id="abc_donut",
                                figure=charts.donut(
                                    data_frame=abc,
                                    names="abc_class",
                                    values="revenue",
                                    category_orders=["A", "B", "C"],
                                ),
                                title="Customer ABC: revenue by class",
                                # unlike the cards and the top-N, not the period: ABC classes
                                # rank customers over their whole history
                                header="All orders up to the as-of date.",
                            )
                        ],
                        extra={"class_name": "cmkpi-panel"},
                    ),
                    vm.Container(
                        id="forecast_container",
                        components=[
                            vm.Graph(
                                id="revenue_forecast",
                                figure=charts.forecast_line(data_frame=forecast),
                                title="Monthly revenue, forecast and interval",
                            )
                        ],
                        extra={"class_name": "cmkpi-panel cmkpi-wide"},
                    ),
                    vm.Container(
                        id="info_cards",
                        layout=vm.Flex(direction="column"),
                        components=[
                            vm.Figure(
                                id="context_card",
                                figure=charts.info_card(data_frame=context, title="Context"),
                            ),
                            vm.Figure(
                                id="quality_card",
                                figure=charts.info_card(
                                    data_frame=quality, title="Data quality", kind="quality"
                                ),
                            ),
                        ],
                        extra={"class_name": "cmkpi-panel"},
                    ),
                ],
            ),
        ],
        controls=[
            vm.Parameter(
                id="period",
                targets=[
                    *(f"{kpi_id(k)}.data_frame.period" for k in KPIS),
                    "top_n.data_frame.period",
                ],
                selector=vm.RadioItems(options=PERIOD_OPTIONS, value="ytd", title="Period"),
            ),
            controls.as_of_parameter(
                as_of_targets, dates_from=(kpis, {"as_of": None, "period": "ytd"})
            ),
        ],
    )
