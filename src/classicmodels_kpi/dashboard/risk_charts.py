"""Figures of the Risks and Opportunities pages (charts shared by every page are in ``charts.py``).

Each takes the catalogue query's frame as the page's controls filter it and aggregates what the
picture needs (a map needs one row per country, a donut one slice per segment), so the frame the
grids and the downloads use stays the query's own. Stubs and error frames draw as messages.

Every figure is built in one call from plain dicts by :func:`charts.figure` (validated once,
without a template: the browser applies the theme's), where ``plotly.express`` or
``add_trace``/``update_layout`` cost five to ten times the server time, and a page's callbacks
have a budget of 100 ms.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from vizro.models.types import capture

from classicmodels_kpi.dashboard import charts
from classicmodels_kpi.dashboard import formatting as fmt

#: Segment and trend orders (best first), and their colours.
RFM_SEGMENTS = ("Top", "High", "Mid", "Low")
DEMAND_TRENDS = ("Growing", "Stable", "Declining")
TREND_COLOURS = {"Growing": "#00b5a9", "Stable": "#82848b", "Declining": "#ea5748"}
SEGMENT_COLOURS = {"Top": "#00b5a9", "High": "#097dfe", "Mid": "#ffc107", "Low": "#ea5748"}

BALANCE_BARS = (("creditLimit", "Credit limit"), ("outstanding_balance", "Outstanding"))
_MARGIN = {"l": 8, "r": 8, "t": 8, "b": 8}
_LEGEND_ON_TOP = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}


def _figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    return charts.figure(data, {"margin": _MARGIN, **layout})


@capture("graph")
def amount_at_risk_map(data_frame: pd.DataFrame) -> go.Figure:
    """Amount at risk summed per country on the offline world map (one row per country).

    Countries keep the data's spelling (USA, UK): a click sends that name to the page's filter.
    """
    if (fig := charts.placeholder_figure(data_frame)) is not None:
        return fig
    # one plain aggregate per column: pandas' named .agg() costs ~10 ms more on every visit
    countries = data_frame.groupby("country")
    by_country = pd.DataFrame(
        {
            "amount_at_risk": countries["amount_at_risk"].sum(),
            "customers": countries["customerNumber"].count(),
        }
    ).reset_index()
    traces = charts.map_traces(
        by_country,
        "amount_at_risk",
        "Amount at risk: $%{VALUE:,.0f}",
        extra=(("High-risk customers", "customers"),),
    )
    reds = [[0.0, "rgba(234, 87, 72, 0.12)"], [1.0, "rgb(234, 87, 72)"]]
    return charts.figure(traces, charts.world_layout(reds, fmt.MONEY_SHORT_FORMAT, thickness=10))


@capture("graph")
def ranked_bar(
    data_frame: pd.DataFrame,
    x: str,
    y: str,
    top_n: int = 10,
    x_title: str = "",
    money: bool = True,
) -> go.Figure:
    """The ``top_n`` rows with a positive ``x``, largest on top, labelled by ``y``."""
    if (fig := charts.placeholder_figure(data_frame)) is not None:
        return fig
    ranked = data_frame[data_frame[x] > 0].nlargest(top_n, x).iloc[::-1]
    if ranked.empty:
        return charts.message_figure(f"No {x_title.lower() or x} in this selection.")
    value = "$%{x:,.0f}" if money else "%{x:,.0f}"
    names = [str(name) for name in ranked[y].tolist()]
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": ranked[x].tolist(),
        "y": names,
        "hovertemplate": f"<b>%{{y}}</b><br>{value}<extra></extra>",
    }
    layout = {
        "xaxis": {
            "tickformat": fmt.MONEY_SHORT_FORMAT if money else ",.0f",
            "title": {"text": x_title},
        },
        "yaxis": charts.category_axis(names),
        "showlegend": False,
    }
    return _figure([trace], layout)


def _count_step(largest: float, ticks: int = 5) -> int:
    """A round step (1, 2, 5, 10, 20, 50…) giving at most ``ticks`` steps up to ``largest``."""
    step = 1
    while largest / step > ticks:
        magnitude = 10 ** (len(str(step)) - 1)
        step = {1: 2, 2: 5, 5: 10}[step // magnitude] * magnitude
    return step


@capture("graph")
def on_time_trend(data_frame: pd.DataFrame) -> go.Figure:
    """Monthly on-time rate (counted per order) over the shipped orders behind it."""
    if (fig := charts.placeholder_figure(data_frame)) is not None:
        return fig
    months = data_frame[data_frame["grain"] == "month"].sort_values("period")
    month = (months["period"] + "-01").tolist()
    shipped = months[months["shipped_orders"] > 0]
    data = [
        {
            "type": "bar",
            "x": month,
            "y": months["shipped_orders"].astype(float).tolist(),
            "name": "Shipped orders",
            "yaxis": "y2",
            "opacity": 0.35,
            "hovertemplate": "%{x|%b %Y}<br>%{y:,} shipped orders<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": (shipped["period"] + "-01").tolist(),
            "y": shipped["on_time_pct"].tolist(),
            "name": "On time",
            "hovertemplate": "%{x|%b %Y}<br>%{y:.1f} % on time<extra></extra>",
        },
    ]
    layout = {
        "yaxis": {"title": {"text": "On time %"}, "ticksuffix": " %", "rangemode": "tozero"},
        "yaxis2": {
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "tickformat": ",.0f",
            # whole, round steps from 0: left to itself the axis drew 0/6/13/19/25 orders
            "tickmode": "linear",
            "tick0": 0,
            "dtick": _count_step(float(months["shipped_orders"].max() or 0)),
            "rangemode": "tozero",
            "title": {"text": "Shipped orders"},
        },
        "xaxis": {"title": {"text": ""}, "tickformat": "%b %Y", "type": "date"},
        "legend": _LEGEND_ON_TOP,
        "hovermode": "x unified",
    }
    return _figure(data, layout)


@capture("graph")
def balance_vs_limit(data_frame: pd.DataFrame, top_n: int = 15) -> go.Figure:
    """Outstanding balance against credit limit for the customers furthest over their limit."""
    if (fig := charts.placeholder_figure(data_frame)) is not None:
        return fig
    top = data_frame.sort_values("excess_over_limit", ascending=False).head(top_n).iloc[::-1]
    names = top["customerName"].tolist()
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": names,
            "x": top[column].tolist(),
            "name": label,
            "hovertemplate": f"<b>%{{y}}</b><br>{label} $%{{x:,.0f}}<extra></extra>",
        }
        for column, label in (
            ("creditLimit", "Credit limit"),
            ("outstanding_balance", "Outstanding"),
        )
    ]
    layout = {
        "barmode": "group",
        "xaxis": {"tickformat": fmt.MONEY_SHORT_FORMAT, "title": {"text": ""}},
        "yaxis": charts.category_axis(names),
        "legend": _LEGEND_ON_TOP,
    }
    return _figure(data, layout)


@capture("graph")
def segment_donut(data_frame: pd.DataFrame, names: str = "segment") -> go.Figure:
    """Customers per RFM segment, best segment first, clockwise."""
    if (fig := charts.placeholder_figure(data_frame)) is not None:
        return fig
    counts = data_frame[names].value_counts()
    order = [s for s in RFM_SEGMENTS if s in counts.index]
    order += [s for s in counts.index if s not in RFM_SEGMENTS]
    trace = {
        "type": "pie",
        "labels": order,
        "values": [int(counts[s]) for s in order],
        "hole": 0.55,
        "sort": False,
        "direction": "clockwise",
        "textinfo": "percent+label",
        "marker": {"colors": [SEGMENT_COLOURS.get(s, "#82848b") for s in order]},
        "hovertemplate": "<b>%{label}</b><br>%{value:,} customers<br>%{percent}<extra></extra>",
    }
    return _figure([trace], {"showlegend": True})


@capture("graph")
def demand_trend_bars(data_frame: pd.DataFrame, top_n: int = 6) -> go.Figure:
    """The products growing and declining most: change of mean monthly units, last 3 complete
    months against the 3 before, coloured by the query's Growing / Stable / Declining."""
    if (fig := charts.placeholder_figure(data_frame)) is not None:
        return fig
    # ~100 products: plain Python over three columns (the same selection through pandas'
    # filters, nlargest and concat took ~12 ms of every visit)
    rows = list(
        zip(
            data_frame["productName"].tolist(),
            data_frame["change_pct"].tolist(),
            data_frame["trend"].tolist(),
            strict=True,
        )
    )
    known = [row for row in rows if row[1] is not None and row[1] == row[1]]  # NaN ≠ NaN
    # stable sorts: equal changes keep the query's order, as nlargest/nsmallest do
    growing = sorted((r for r in known if r[2] == "Growing"), key=lambda r: -r[1])[:top_n]
    declining = sorted((r for r in known if r[2] == "Declining"), key=lambda r: r[1])[:top_n]
    shown = sorted(declining + growing, key=lambda r: r[1])
    if not shown:
        return charts.message_figure("No product is growing or declining beyond the thresholds.")
    names = [name for name, _, _ in shown]
    counts = Counter(trend for _, _, trend in rows)
    data = []
    for trend in ("Declining", "Growing"):
        bars = [r for r in shown if r[2] == trend]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "x": [change for _, change, _ in bars],
                "y": [name for name, _, _ in bars],
                "name": f"{trend} ({counts[trend]} products)",
                "marker": {"color": TREND_COLOURS[trend]},
                "hovertemplate": "<b>%{y}</b><br>%{x:+.1f} % units<extra></extra>",
            }
        )
    layout = {
        "xaxis": {"ticksuffix": " %", "title": {"text": "Change in units"}},
        "yaxis": charts.category_axis(names, categoryorder="array", categoryarray=names),
        "legend": _LEGEND_ON_TOP,
    }
    return _figure(data, layout)
