"""The report's charts: Plotly figures over the same catalogue results as the insights.

Figures are plain Plotly JSON (``{"data": [...], "layout": {...}}``) drawn by the embedded
plotly.js. Building them as dicts rather than ``plotly.graph_objects`` keeps the report fast:
graph_objects validation and template copies alone took over a second for six charts.
Each chart function takes the insights' :class:`Context` (so no query runs twice) and returns a
:class:`Chart`, or None when its data is empty; a query missing from the catalogue skips it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from classicmodels_kpi.insights.model import Context, Skip
from classicmodels_kpi.kpis import KpiReport

#: Fixed size: the same drawing on screen and on an A4 page (about 720 px wide inside margins).
#: The title is not drawn in it (see :class:`Chart`), so the plot keeps the height it had
#: under a 40 px title band.
WIDTH, HEIGHT = 720, 280
BLUE, GREY, ORANGE, GREEN, RED = "#2563eb", "#9ca3af", "#f59e0b", "#16a34a", "#dc2626"
FONT = "Helvetica, Arial, sans-serif"  # system fonts only: nothing is fetched
GRID = "#e5e7eb"
MUTED = "#6b7280"


@dataclass(frozen=True)
class Chart:
    """A figure and the words around it.

    ``caption`` (the title with how to read the chart) is page text, not part of the drawing:
    Plotly titles never wrap, and at a phone's 390 px the longest ones were cut off at the
    chart's edge. As text, it wraps and prints like any heading.
    """

    id: str
    caption: str
    source: str
    figure: dict[str, Any]


def values(items: Iterable[Any]) -> list[Any]:
    """JSON-ready values: numpy scalars unwrapped, missing values as null."""
    out: list[Any] = []
    for v in items:
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            out.append(None)
        elif hasattr(v, "item"):
            out.append(v.item())
        else:
            out.append(v)
    return out


def _axis(**extra: Any) -> dict[str, Any]:
    return {"gridcolor": GRID, "zerolinecolor": GRID, "automargin": True, **extra}


def figure(
    data: list[dict[str, Any]],
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
    **layout: Any,
) -> dict[str, Any]:
    return {
        "data": data,
        "layout": {
            "width": WIDTH,
            "height": HEIGHT,
            "margin": {"l": 60, "r": 20, "t": 10, "b": 40},
            "font": {"family": FONT, "size": 12, "color": "#111827"},
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "showlegend": False,
            "xaxis": _axis(**(xaxis or {})),
            "yaxis": _axis(**(yaxis or {})),
            **layout,
        },
    }


def monthly_revenue(ctx: Context, kpis: KpiReport) -> Chart | None:
    frame = ctx.run("monthly_sales")
    if frame.empty:
        return None
    starts = pd.to_datetime(frame["month"] + "-01")
    ends = starts + pd.offsets.MonthEnd(0)
    cur, ref = kpis.current_period, kpis.reference_period

    def colour(start: pd.Timestamp, end: pd.Timestamp) -> str:
        """A month is coloured by the period it overlaps."""
        if start.date() <= cur.end and end.date() >= cur.start:
            return BLUE
        if start.date() <= ref.end and end.date() >= ref.start:
            return ORANGE
        return GREY

    bar = {
        "type": "bar",
        "x": values(frame["month"]),
        "y": values(frame["revenue"]),
        "marker": {"color": [colour(a, b) for a, b in zip(starts, ends, strict=True)]},
        "hovertemplate": "%{x}: $%{y:,.0f}<extra></extra>",
    }
    fig = figure(
        [bar],
        xaxis={"type": "category", "tickangle": -45},
        yaxis={"tickprefix": "$", "tickformat": "~s"},
    )
    return Chart(
        "monthly_revenue",
        "Revenue per month (blue: current period, orange: reference)",
        "monthly_sales",
        fig,
    )


def on_time_trend(ctx: Context, kpis: KpiReport) -> Chart | None:
    frame = ctx.run("monthly_sales")
    frame = frame[frame["shipped_orders"].fillna(0) > 0]
    if frame.empty:
        return None
    line = {
        "type": "scatter",
        "mode": "lines+markers",
        "x": values(frame["month"]),
        "y": values(frame["on_time_pct"]),
        "line": {"color": GREEN},
        "hovertemplate": "%{x}: %{y:.1f} %<extra></extra>",
    }
    low = min(80.0, float(frame["on_time_pct"].min()) - 2)
    fig = figure(
        [line],
        xaxis={"type": "category", "tickangle": -45},
        yaxis={"ticksuffix": " %", "range": [low, 101]},
    )
    return Chart(
        "on_time_trend",
        "On-time delivery per month (% of shipped orders)",
        "monthly_sales",
        fig,
    )


def _share_bars(
    frame: pd.DataFrame, names: list[Any], colour: str, left: int, **trace: Any
) -> dict[str, Any]:
    """Horizontal revenue bars, each labelled beside it with its share of revenue: a label short
    enough to show whole on a phone (it may leave the plot area, not the chart)."""
    bar = {
        "type": "bar",
        "orientation": "h",
        "x": values(frame["revenue"]),
        "y": names,
        "marker": {"color": colour},
        "text": [f"{s:.1f} %" for s in frame["revenue_share_pct"]],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: $%{x:,.0f}<extra></extra>",
        **trace,
    }
    return figure(
        [bar],
        xaxis={"tickprefix": "$", "tickformat": "~s"},
        margin={"l": left, "r": 50, "t": 10, "b": 40},
    )


def revenue_by_country(ctx: Context, kpis: KpiReport) -> Chart | None:
    frame = ctx.run("sales_by_country")
    frame = frame[frame["revenue"] > 0].sort_values("revenue", ascending=False).head(10)
    if frame.empty:
        return None
    frame = frame.iloc[::-1]
    return Chart(
        "revenue_by_country",
        "Revenue by country, top 10 (label: share of revenue)",
        "sales_by_country",
        _share_bars(frame, values(frame["country"]), BLUE, left=100),
    )


def productline_mix(ctx: Context, kpis: KpiReport) -> Chart | None:
    """The gross margin sits under each line's name: one "share · margin" label beside the bar
    ran past a phone-wide chart's edge."""
    frame = ctx.run("sales_by_productline")
    frame = frame[frame["revenue"] > 0].sort_values("revenue")
    if frame.empty:
        return None
    margin = '<br><span style="font-size:10px;color:' + MUTED + '">margin {:.1f} %</span>'
    names = [
        html.escape(line) + margin.format(m)
        for line, m in zip(frame["productLine"], frame["gross_margin_pct"], strict=True)
    ]
    fig = _share_bars(
        frame,
        names,
        ORANGE,
        left=120,
        customdata=values(frame["productLine"]),
        hovertemplate="%{customdata}: $%{x:,.0f}<extra></extra>",
    )
    return Chart(
        "productline_mix",
        "Product-line mix (label: share of revenue; under each line: its gross margin)",
        "sales_by_productline",
        fig,
    )


def customer_pareto(ctx: Context, kpis: KpiReport) -> Chart | None:
    frame = ctx.run("customer_performance").sort_values("revenue_rank")
    if frame.empty:
        return None
    line = {
        "type": "scatter",
        "mode": "lines",
        "x": [0.0, *values(frame["customer_share_pct"])],
        "y": [0.0, *values(frame["cumulative_share_pct"])],
        "line": {"color": BLUE},
        "hovertemplate": "top %{x:.0f} % of customers: %{y:.1f} % of revenue<extra></extra>",
    }
    fig = figure(
        [line],
        xaxis={"ticksuffix": " %", "range": [0, 100]},
        yaxis={"ticksuffix": " %", "range": [0, 101]},
        shapes=[
            {
                "type": "line",
                "x0": 20,
                "x1": 20,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"dash": "dot", "color": GREY},
            }
        ],
    )
    return Chart(
        "customer_pareto",
        "Customer Pareto curve (x: % of customers, y: % of revenue)",
        "customer_performance",
        fig,
    )


def rfm_segments(ctx: Context, kpis: KpiReport) -> Chart | None:
    frame = ctx.run("customer_rfm")
    if frame.empty or "segment" not in frame.columns:
        return None
    order = ["Top", "High", "Mid", "Low"]
    counts = frame["segment"].value_counts()
    segments = [s for s in order if s in counts.index]
    segments += [s for s in counts.index if s not in order]
    colours = {"Top": GREEN, "High": BLUE, "Mid": ORANGE, "Low": RED}
    bar = {
        "type": "bar",
        "x": segments,
        "y": [int(counts[s]) for s in segments],
        "marker": {"color": [colours.get(s, GREY) for s in segments]},
        "text": [int(counts[s]) for s in segments],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{x}: %{y} customers<extra></extra>",
    }
    fig = figure([bar], xaxis={"type": "category"})
    return Chart("rfm_segments", "Customers per RFM segment", "customer_rfm", fig)


def revenue_forecast(ctx: Context, kpis: KpiReport) -> Chart | None:
    """Actual revenue, the backtest (what the model would have said of the last known months)
    and the future forecast with its interval: three traces a reader tells apart by the legend.
    """
    forecast = ctx.run("revenue_forecast")
    history = ctx.run("monthly_sales")
    if forecast.empty or history.empty or "forecast" not in forecast.columns:
        return None
    months = pd.to_datetime(forecast["month"].astype(str)).dt.strftime("%Y-%m")
    money_hover = "%{x}: $%{y:,.0f}<extra>%{fullData.name}</extra>"
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": values(history["month"]),
            "y": values(history["revenue"]),
            "line": {"color": BLUE},
            "name": "actual",
            "hovertemplate": money_hover,
        }
    ]
    future = forecast["kind"] == "forecast"
    backtest = forecast["kind"] == "backtest"
    if backtest.any():
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": values(months[backtest]),
                "y": values(forecast.loc[backtest, "forecast"]),
                "line": {"color": GREY, "dash": "dot"},
                "marker": {"size": 5},
                "name": "backtest",
                "hovertemplate": money_hover,
            }
        )
    if {"lower", "upper"} <= set(forecast.columns) and future.any():
        x = values(months[future])
        data.append(
            {
                "type": "scatter",
                "x": [*x, *x[::-1]],
                "y": [
                    *values(forecast.loc[future, "upper"]),
                    *values(forecast.loc[future, "lower"])[::-1],
                ],
                "mode": "lines",
                "fill": "toself",
                "fillcolor": "rgba(245, 158, 11, 0.2)",
                "line": {"width": 0},
                "hoverinfo": "skip",
                "name": "interval",
            }
        )
    data.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": values(months[future]),
            "y": values(forecast.loc[future, "forecast"]),
            "line": {"color": ORANGE, "dash": "dash"},
            "name": "forecast",
            "hovertemplate": money_hover,
        }
    )
    fig = figure(
        data,
        xaxis={"type": "category", "tickangle": -45},
        yaxis={"tickprefix": "$", "tickformat": "~s"},
        showlegend=True,
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
    )
    fig["layout"]["margin"] = {**fig["layout"]["margin"], "t": 40}  # room for the legend
    return Chart(
        "revenue_forecast",
        "Revenue per month and the 6-month forecast",
        "revenue_forecast",
        fig,
    )


CHARTS: tuple[Callable[[Context, KpiReport], Chart | None], ...] = (
    monthly_revenue,
    revenue_by_country,
    productline_mix,
    customer_pareto,
    on_time_trend,
    rfm_segments,
    revenue_forecast,
)


def build_charts(ctx: Context, kpis: KpiReport) -> list[Chart]:
    charts: list[Chart] = []
    for make in CHARTS:
        try:
            chart = make(ctx, kpis)
        except Skip:  # its query is not in the catalogue
            continue
        if chart is not None:
            charts.append(chart)
    return charts
