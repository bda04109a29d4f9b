"""Figures of the Risks and Opportunities pages, built on the shared ones in ``charts.py``.

Each takes the catalogue query's frame as the page's controls filter it and aggregates what the
picture needs (a map needs one row per country; a donut one slice per segment), so the frame the
grid and the export use stays the query's own. Stubs and error frames draw as messages.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from vizro.models.types import capture

from classicmodels_kpi.dashboard import charts
from classicmodels_kpi.dashboard import formatting as fmt

#: Segment and trend orders (best first), and their colours, shared by charts and grids.
RFM_SEGMENTS = ("Top", "High", "Mid", "Low")
DEMAND_TRENDS = ("Growing", "Stable", "Declining")
TREND_COLOURS = {"Growing": "#00b5a9", "Stable": "#82848b", "Declining": "#ea5748"}
SEGMENT_COLOURS = {"Top": "#00b5a9", "High": "#097dfe", "Mid": "#ffc107", "Low": "#ea5748"}


@capture("graph")
def amount_at_risk_map(data_frame: pd.DataFrame) -> go.Figure:
    """Amount at risk summed per country, on the offline world map (one row per country).

    Plotly's ``graph_objects`` rather than ``express`` in this module: the same figure in a
    tenth of the server time, which a page's callbacks need.
    """
    if (fig := charts.placeholder_figure(data_frame)) is not None:
        return fig
    by_country = data_frame.groupby("country", as_index=False).agg(
        amount_at_risk=("amount_at_risk", "sum"), customers=("customerNumber", "count")
    )
    fig = go.Figure(
        go.Choropleth(
            locations=by_country["country"],
            locationmode="country names",
            z=by_country["amount_at_risk"],
            customdata=by_country[["customers"]].to_numpy(),
            colorscale=[[0.0, "rgba(234, 87, 72, 0.12)"], [1.0, "rgb(234, 87, 72)"]],
            marker_line_width=0.4,
            colorbar={
                "tickformat": fmt.MONEY_SHORT_FORMAT,
                "title": {"text": ""},
                "orientation": "h",
                "thickness": 10,
                "y": -0.02,
                "yanchor": "top",
            },
            hovertemplate="<b>%{location}</b><br>Amount at risk: $%{z:,.0f}<br>"
            "High-risk customers: %{customdata[0]}<extra></extra>",
        )
    )
    fig.update_geos(
        fitbounds=False,
        showframe=False,
        showcoastlines=False,
        projection_type="natural earth",
        bgcolor="rgba(0,0,0,0)",
        showland=True,
        landcolor="rgba(130, 132, 139, 0.18)",
        showcountries=True,
        countrycolor="rgba(130, 132, 139, 0.5)",
        lataxis_range=[-58, 85],
    )
    fig.update_layout(margin={"l": 0, "r": 0, "t": 8, "b": 0})
    return fig


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
    fig = go.Figure(
        go.Bar(
            x=ranked[x],
            y=ranked[y],
            orientation="h",
            hovertemplate=f"<b>%{{y}}</b><br>{value}<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={
            "tickformat": fmt.MONEY_SHORT_FORMAT if money else ",.0f",
            "title": {"text": x_title},
        },
        yaxis={"type": "category", "automargin": True, "title": {"text": ""}},
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        showlegend=False,
    )
    return fig


@capture("graph")
def on_time_trend(data_frame: pd.DataFrame) -> go.Figure:
    """Monthly on-time rate (counted per order) with the shipped orders behind it."""
    if (fig := charts.placeholder_figure(data_frame)) is not None:
        return fig
    months = data_frame[data_frame["grain"] == "month"].copy()
    months["month"] = pd.to_datetime(months["period"] + "-01")
    months = months.sort_values("month")
    shipped = months[months["shipped_orders"] > 0]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=months["month"],
            y=months["shipped_orders"],
            name="Shipped orders",
            yaxis="y2",
            opacity=0.35,
            hovertemplate="%{x|%b %Y}<br>%{y:,} shipped orders<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=shipped["month"],
            y=shipped["on_time_pct"],
            name="On time",
            mode="lines+markers",
            hovertemplate="%{x|%b %Y}<br>%{y:.1f} % on time<extra></extra>",
        )
    )
    fig.update_layout(
        yaxis={"title": {"text": "On time %"}, "ticksuffix": " %", "rangemode": "tozero"},
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "tickformat": ",.0f",
            "title": {"text": "Shipped orders"},
        },
        xaxis={"title": {"text": ""}, "tickformat": "%b %Y"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        hovermode="x unified",
    )
    return fig


@capture("graph")
def balance_vs_limit(data_frame: pd.DataFrame, top_n: int = 15) -> go.Figure:
    """Outstanding balance against credit limit for the customers furthest over their limit."""
    if (fig := charts.placeholder_figure(data_frame)) is not None:
        return fig
    top = data_frame.sort_values("excess_over_limit", ascending=False).head(top_n).iloc[::-1]
    fig = go.Figure(
        [
            go.Bar(
                y=top["customerName"],
                x=top["creditLimit"],
                name="Credit limit",
                orientation="h",
                hovertemplate="<b>%{y}</b><br>Credit limit $%{x:,.0f}<extra></extra>",
            ),
            go.Bar(
                y=top["customerName"],
                x=top["outstanding_balance"],
                name="Outstanding balance",
                orientation="h",
                hovertemplate="<b>%{y}</b><br>Outstanding $%{x:,.0f}<extra></extra>",
            ),
        ]
    )
    fig.update_layout(
        barmode="group",
        xaxis={"tickformat": fmt.MONEY_SHORT_FORMAT, "title": {"text": ""}},
        yaxis={"type": "category", "automargin": True, "title": {"text": ""}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
    )
    return fig


@capture("graph")
def segment_donut(data_frame: pd.DataFrame, names: str = "segment") -> go.Figure:
    """Customers per RFM segment, best segment first, clockwise."""
    if (fig := charts.placeholder_figure(data_frame)) is not None:
        return fig
    counts = data_frame[names].value_counts()
    order = [s for s in RFM_SEGMENTS if s in counts.index] + [
        s for s in counts.index if s not in RFM_SEGMENTS
    ]
    fig = go.Figure(
        go.Pie(
            labels=order,
            values=[int(counts[s]) for s in order],
            hole=0.55,
            sort=False,
            direction="clockwise",
            textinfo="percent+label",
            marker={"colors": [SEGMENT_COLOURS.get(s, "#82848b") for s in order]},
            hovertemplate="<b>%{label}</b><br>%{value:,} customers<br>%{percent}<extra></extra>",
        )
    )
    fig.update_layout(margin={"l": 8, "r": 8, "t": 8, "b": 8}, showlegend=True)
    return fig


@capture("graph")
def demand_trend_bars(data_frame: pd.DataFrame, top_n: int = 6) -> go.Figure:
    """The products growing and declining most: change of mean monthly units, last 3 complete
    months against the 3 before, coloured by the query's Growing / Stable / Declining."""
    if (fig := charts.placeholder_figure(data_frame)) is not None:
        return fig
    known = data_frame[data_frame["change_pct"].notna()]
    growing = known[known["trend"] == "Growing"].nlargest(top_n, "change_pct")
    declining = known[known["trend"] == "Declining"].nsmallest(top_n, "change_pct")
    shown = pd.concat([declining, growing]).sort_values("change_pct")
    if shown.empty:
        return charts.message_figure("No product is growing or declining beyond the thresholds.")
    counts = data_frame["trend"].value_counts()
    fig = go.Figure()
    for trend in ("Declining", "Growing"):
        rows = shown[shown["trend"] == trend]
        fig.add_trace(
            go.Bar(
                x=rows["change_pct"],
                y=rows["productName"],
                orientation="h",
                name=f"{trend} ({int(counts.get(trend, 0))} products)",
                marker_color=TREND_COLOURS[trend],
                hovertemplate="<b>%{y}</b><br>%{x:+.1f} % units<extra></extra>",
            )
        )
    fig.update_layout(
        xaxis={"ticksuffix": " %", "title": {"text": "Change in mean monthly units"}},
        yaxis={
            "type": "category",
            "automargin": True,
            "title": {"text": ""},
            "categoryorder": "array",
            "categoryarray": shown["productName"].tolist(),
        },
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
    )
    return fig
