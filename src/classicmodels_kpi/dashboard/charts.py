"""The dashboard's figures: ``@capture`` functions shared by every page.

They follow Vizro's theme: no background or font colour is set here. A figure leaves the server
with the template of the browser's theme, the one Vizro's clientside ``update_graph_theme`` would
put on it, so the browser draws it once (see :func:`figure` and ``assets/cmkpi-theme.js``).
Every function first checks its frame: a
build-time stub renders empty and an error frame renders its message (see ``data.py``), so a
database outage shows as text in the page, never a blank chart.

Figures are built in one ``go.Figure(data=[...], layout={...})`` call from plain dicts: Plotly
validates them once, where ``plotly.express`` or ``add_trace``/``update_layout`` cost five to
ten times the server time, and a page's callbacks have a budget of 100 ms.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from dash import html
from vizro.models.types import capture
from vizro.tables import dash_ag_grid as _vizro_dash_ag_grid

from classicmodels_kpi.dashboard import formatting as fmt
from classicmodels_kpi.dashboard.country_points import point
from classicmodels_kpi.dashboard.data import data_error, is_placeholder

#: Hover value formats (d3) by kind.
_HOVER = {
    "money": "$%{VALUE:,.0f}",
    "count": "%{VALUE:,.0f}",
    "pct": "%{VALUE:.1f} %",
    "ratio": "%{VALUE:.1%}",
}
_AXIS = {"money": "$.3~s", "count": ",.0f", "pct": ".0f", "ratio": ".0%"}

#: Message shown while a page loads its data for the first time (stub frame at build time).
LOADING = "Loading…"


VALIDATE = False
MARGIN = {"l": 8, "r": 8, "t": 8, "b": 8}
_LEGEND_ON_TOP = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}


def _hover(kind: str, value: str) -> str:
    return _HOVER.get(kind, "%{VALUE}").replace("VALUE", value)


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """A figure from plain dicts, validated once, with the template of the browser's theme.

    Vizro's clientside ``update_graph_theme`` puts the theme's template on every figure the
    server sends, and plotly.js then draws the figure a second time from scratch: a chart cost
    the browser two full draws (0.1–0.5 s each on a 2-core machine). With the template of the
    browser's theme already on it (4 KB of JSON per figure; see :func:`theme_template`),
    ``assets/cmkpi-theme.js`` lets the figure through untouched, so it is drawn once.
    """
    return go.Figure(data=data, layout={"template": theme_template(), **layout}, _validate=VALIDATE)


#: Cookie in which ``assets/cmkpi-theme.js`` keeps the theme the browser shows.
THEME_COOKIE = "cmkpi_theme"


def theme_template() -> dict[str, Any]:
    """The template of the theme the asking browser shows: light when its theme cookie says so,
    else dark (Vizro's default theme, and outside a request)."""
    from flask import has_request_context, request

    light = has_request_context() and request.cookies.get(THEME_COOKIE) == "light"
    return dashboard_template("vizro_light" if light else "vizro_dark")


@cache
def dashboard_template(theme: str) -> dict[str, Any]:
    """What Vizro's dashboard sends the browser as a theme (its ``vizro_themes`` store): the
    ``vizro_dark`` or ``vizro_light`` template with the dashboard overrides (margins, title
    padding)."""
    from vizro.themes._templates import dashboard_overrides

    return pio.templates.merge_templates(theme, dashboard_overrides).to_plotly_json()


def message_figure(message: str) -> go.Figure:
    """An empty figure that says ``message``: how errors and 'no data' look in a chart."""
    annotation = {
        "text": message.replace(". ", ".<br>") if len(message) > 60 else message,
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "font": {"size": 14},
    }
    layout = {
        "annotations": [annotation],
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
        "meta": {"cmkpi_message": message},
    }
    return figure([], layout)


def placeholder_message(data_frame: pd.DataFrame) -> str | None:
    """What to show instead of data (error, build-time stub, no rows), or None to show data."""
    error = data_error(data_frame)
    if error:
        return f"Database error: {error}"
    if is_placeholder(data_frame):
        return LOADING
    if data_frame.empty:
        return "No data for this selection."
    return None


def placeholder_figure(data_frame: pd.DataFrame) -> go.Figure | None:
    """The figure to draw instead of data, or None to draw data."""
    message = placeholder_message(data_frame)
    return None if message is None else message_figure(message)


@capture("ag_grid")
def grid(data_frame: pd.DataFrame, **kwargs: Any) -> Any:
    """Vizro's ``dash_ag_grid`` that shows errors in the grid's overlay and sends dates as
    ``YYYY-MM-DD`` (so no cell ever shows ``T00:00:00``), for every page's grids."""
    frame = data_frame
    message = placeholder_message(frame)
    if message is not None:
        options = dict(kwargs.get("dashGridOptions") or {})
        # Plain text in AG Grid's own "no rows" overlay: an HTML overlayNoRowsTemplate is refused
        # by dash-ag-grid (a console error) unless the grid allows raw HTML.
        options["localeText"] = {**options.get("localeText", {}), "noRowsToShow": message}
        kwargs = {**kwargs, "dashGridOptions": options}
        frame = frame.iloc[0:0]
    else:
        dates = frame.select_dtypes(include=["datetime", "datetimetz"]).columns
        if len(dates):
            frame = frame.copy()
            for col in dates:
                frame[col] = frame[col].dt.strftime("%Y-%m-%d")
        default_col = kwargs.get("defaultColDef") or {}
        default_min = default_col.get("minWidth", 0)
        defs = fmt.fit_text_columns(kwargs.get("columnDefs") or [], frame, default_min)
        options = {**fmt.TRUNCATED_TOOLTIPS, **(kwargs.get("dashGridOptions") or {})}
        if default_col.get("wrapHeaderText"):  # headers shown whole, without AG Grid measuring
            menu_icon = bool(default_col.get("filter")) and not default_col.get("floatingFilter")
            defs, height = fmt.fit_headers(defs, default_min, menu_icon=menu_icon)
            options.setdefault("headerHeight", height)
        kwargs = {**kwargs, "columnDefs": defs, "dashGridOptions": options}
    return _vizro_dash_ag_grid.__wrapped__(frame, **kwargs)


#: Where a click on a map (a country's shape or point, see ``map_traces``) holds the country:
#: the ``value`` of the map's ``va.set_controls``.
MAP_COUNTRY = "customdata[0]"


def map_traces(
    frame: pd.DataFrame,
    value: str,
    value_hover: str,
    extra: tuple[tuple[str, str], ...] = (),
    locations: str = "country",
) -> list[dict[str, Any]]:
    """The marks of a world map: a shape per country the offline map has, a point for each
    country too small for it (Singapore, Hong Kong, …: see ``country_points``), so no row goes
    missing. Both are coloured on the layout's ``coloraxis``; every mark carries its country as
    ``customdata[0]`` (a click on either filters the page the same way), then the ``extra``
    columns, shown in the hover as ``label: value``. ``value_hover`` formats ``VALUE``.
    """
    where = [point(str(name)) for name in frame[locations]]
    as_point = pd.Series([p is not None for p in where], index=frame.index, dtype=bool)
    columns = [locations, *(column for _, column in extra)]
    tail = "".join(f"<br>{label}: %{{customdata[{i}]}}" for i, (label, _) in enumerate(extra, 1))
    shapes, points = frame[~as_point], frame[as_point]
    traces: list[dict[str, Any]] = [
        {
            "type": "choropleth",
            "locations": shapes[locations],
            "z": shapes[value],
            "customdata": shapes[columns].to_numpy().tolist(),
            "locationmode": "country names",
            "coloraxis": "coloraxis",
            "marker": {"line": {"width": 0.4}},
            "hovertemplate": "<b>%{location}</b><br>"
            + value_hover.replace("VALUE", "z")
            + tail
            + "<extra></extra>",
        }
    ]
    if len(points):
        lon_lat = [p for p in where if p is not None]
        traces.append(
            {
                "type": "scattergeo",
                "lon": [lon for lon, _ in lon_lat],
                "lat": [lat for _, lat in lon_lat],
                "customdata": points[columns].to_numpy().tolist(),
                "mode": "markers",
                "marker": {
                    "color": points[value],
                    "coloraxis": "coloraxis",
                    "size": 10,
                    "line": {"width": 1, "color": "rgba(128, 128, 128, 0.9)"},
                },
                "hovertemplate": "<b>%{customdata[0]}</b><br>"
                + value_hover.replace("VALUE", "marker.color")
                + tail
                + "<extra></extra>",
                "showlegend": False,
            }
        )
    return traces


def world_layout(colorscale: Any, tickformat: str, **colorbar: Any) -> dict[str, Any]:
    """The offline world map's layout: the whole world (``fitbounds=False``), no frame, and a
    horizontal colour bar under it for ``map_traces``' colour axis."""
    geo = {
        "fitbounds": False,
        "showframe": False,
        "showcoastlines": False,
        "showland": True,
        "landcolor": "rgba(128, 128, 128, 0.18)",
        "showcountries": True,
        "countrycolor": "rgba(128, 128, 128, 0.4)",
        "projection": {"type": "natural earth"},
        "bgcolor": "rgba(0,0,0,0)",
        "lataxis": {"range": [-58, 85]},
    }
    bar = {
        "title": {"text": ""},
        "tickformat": tickformat,
        "orientation": "h",
        "thickness": 12,
        "y": -0.02,
        "yanchor": "top",
        **colorbar,
    }
    return {
        "geo": geo,
        "margin": {"l": 0, "r": 0, "t": 8, "b": 0},
        "coloraxis": {"colorscale": colorscale, "colorbar": bar},
    }


@capture("graph")
def choropleth(
    data_frame: pd.DataFrame,
    locations: str = "country",
    color: str = "revenue",
    kind: str = "money",
) -> go.Figure:
    """A world map by country name, as spelled in the data (USA, UK, …).

    The world topojson is served from the package's assets (``assets/world_110m.js``), so the
    map draws offline. Figures are built with graph_objects: plotly.express costs ~100 ms per
    call.
    """
    if (fig := placeholder_figure(data_frame)) is not None:
        return fig
    value_hover = fmt.header(color) + ": " + _HOVER.get(kind, "%{VALUE}")
    traces = map_traces(data_frame, color, value_hover, locations=locations)
    # Vizro's sequential blues (the same in both themes): revenue is not diverging.
    blues = pio.templates["vizro_dark"].layout.colorscale.sequential
    return figure(traces, world_layout(blues, _AXIS.get(kind, ""), len=0.6))


#: Characters of a bar's label on its axis; the whole name is in the hover. A product name of 30
#: took three quarters of a phone's chart.
BAR_LABEL_CHARS = 22


def _short(label: str) -> str:
    return label if len(label) <= BAR_LABEL_CHARS else label[: BAR_LABEL_CHARS - 1] + "…"


def category_axis(names: Sequence[str], **extra: Any) -> dict[str, Any]:
    """A bar chart's axis of names: the ones over ``BAR_LABEL_CHARS`` shown shortened.

    The bars stay keyed by the whole names (two names that shorten alike remain two bars), and
    the hover shows them whole.
    """
    axis: dict[str, Any] = {"type": "category", "automargin": True, "title": {"text": ""}}
    if any(len(name) > BAR_LABEL_CHARS for name in names):
        axis.update(tickmode="array", tickvals=list(names), ticktext=[_short(n) for n in names])
    return {**axis, **extra}


def _hbar(labels: Sequence[Any], values: Sequence[Any], kind: str, value_title: str) -> go.Figure:
    names = [str(label) for label in labels]
    trace = {
        "type": "bar",
        "x": list(values),
        "y": names,
        "orientation": "h",
        "hovertemplate": "<b>%{y}</b><br>" + _hover(kind, "x") + "<extra></extra>",
    }
    layout = {
        "xaxis": {"tickformat": _AXIS.get(kind), "title": {"text": value_title}},
        "yaxis": category_axis(names),
        "margin": MARGIN,
        "showlegend": False,
    }
    return figure([trace], layout)


@capture("graph")
def bar(
    data_frame: pd.DataFrame,
    x: str,
    y: str,
    kind: str = "money",
    top_n: int | None = None,
) -> go.Figure:
    """A ranked horizontal bar chart of ``x`` (value) by ``y`` (label), largest on top."""
    if (fig := placeholder_figure(data_frame)) is not None:
        return fig
    frame = data_frame.sort_values(x, ascending=False)
    if top_n:
        frame = frame.head(top_n)
    frame = frame.iloc[::-1]
    return _hbar(frame[y], frame[x], kind, fmt.header(x))


@capture("graph")
def grouped_bar(
    data_frame: pd.DataFrame,
    x: str,
    y: str,
    value: str = "revenue",
    weight: str | None = None,
    kind: str = "money",
    only: dict[str, Any] | None = None,
) -> go.Figure:
    """Bars of ``value`` by ``x`` after summing the rows of each ``x`` (for country-grain frames
    filtered on the page). With ``weight``, the bar is Σvalue / Σweight (AOV = revenue / orders),
    never a mean of ratios. ``only`` keeps the rows whose columns equal the given values."""
    if (fig := placeholder_figure(data_frame)) is not None:
        return fig
    # country-grain frames of a few dozen rows: summed in plain Python (pandas' filter, groupby
    # and sort took ~6 ms a chart, three charts a Regional visit)
    keep = [True] * len(data_frame)
    for col, wanted in (only or {}).items():
        keep = [k and v == wanted for k, v in zip(keep, data_frame[col].tolist(), strict=True)]
    totals: dict[Any, list[float]] = {}
    columns = [data_frame[x].tolist(), data_frame[value].tolist()]
    if weight:
        columns.append(data_frame[weight].tolist())
    for kept, key, *numbers in zip(keep, *columns, strict=True):
        if not kept or key is None or key != key:  # groupby leaves out missing keys
            continue
        sums = totals.setdefault(key, [0.0] * len(numbers))
        for i, number in enumerate(numbers):
            if number is not None and number == number:  # NaN adds nothing, as in sum()
                sums[i] += number
    if not totals:
        return message_figure("No data for this selection.")
    if weight:
        bars = [(key, v / w) for key, (v, w) in sorted(totals.items()) if w > 0]
    else:
        bars = [(key, v) for key, (v,) in sorted(totals.items())]
    bars.sort(key=lambda bar: bar[1])  # smallest first: drawn bottom-up, the largest on top
    return _hbar([k for k, _ in bars], [v for _, v in bars], kind, fmt.header(y))


@capture("graph")
def donut(
    data_frame: pd.DataFrame,
    names: str,
    values: str,
    kind: str = "money",
    category_orders: list[str] | None = None,
) -> go.Figure:
    """A donut of ``values`` summed by ``names``."""
    if (fig := placeholder_figure(data_frame)) is not None:
        return fig
    sums = data_frame.groupby(names, as_index=False)[values].sum()
    if category_orders:
        order = {k: i for i, k in enumerate(category_orders)}
        sums = sums.sort_values(names, key=lambda s: s.map(order))
    total = float(sums[values].sum())
    # shares written as everywhere else ("4.8 %", one decimal) and kept inside their slice:
    # a small slice's label drawn outside was cut by the chart's top edge
    shares = [fmt.pct(100.0 * float(v) / total) if total else fmt.MISSING for v in sums[values]]
    trace = {
        "type": "pie",
        "labels": sums[names].astype(str),
        "values": sums[values],
        "customdata": shares,
        "hole": 0.55,
        "sort": category_orders is None,
        "direction": "clockwise",
        "texttemplate": "%{label}<br>%{customdata}",
        "textposition": "inside",
        "insidetextorientation": "horizontal",
        "hovertemplate": "<b>%{label}</b><br>"
        + _hover(kind, "value")
        + "<br>%{customdata}<extra></extra>",
    }
    return figure([trace], {"margin": MARGIN, "showlegend": True})


#: The forecast's line and band: amber on both themes, as in the report.
FORECAST_LINE, FORECAST_BAND = "#f59e0b", "rgba(245, 158, 11, 0.25)"


@capture("graph")
def forecast_line(
    data_frame: pd.DataFrame,
    x: str = "month",
    actual: str = "revenue",
    forecast: str = "forecast",
    lower: str = "lower",
    upper: str = "upper",
    kind: str = "money",
) -> go.Figure:
    """Monthly actuals as a line, the forecast dashed, and its prediction interval as a band."""
    if (fig := placeholder_figure(data_frame)) is not None:
        return fig
    frame = data_frame.sort_values(x)
    traces = []
    has_interval = lower in frame and upper in frame and frame[lower].notna().any()
    if has_interval:
        band = frame[frame[lower].notna() & frame[upper].notna()]
        traces.append(
            {
                "type": "scatter",
                "x": pd.concat([band[x], band[x].iloc[::-1]]),
                "y": pd.concat([band[upper], band[lower].iloc[::-1]]),
                "fill": "toself",
                "mode": "lines",
                "line": {"width": 0},
                # the forecast's amber, light enough to see through on both themes (the
                # template's default fill was navy, invisible on the dark background)
                "fillcolor": FORECAST_BAND,
                "name": "Prediction interval",
                "hoverinfo": "skip",
            }
        )
    known = frame[frame[actual].notna()] if actual in frame else frame.iloc[0:0]
    traces.append(
        {
            "type": "scatter",
            "x": known[x],
            "y": known[actual],
            "mode": "lines+markers",
            "name": "Revenue",
            "hovertemplate": "%{x|%b %Y}<br>" + _hover(kind, "y") + "<extra>Revenue</extra>",
        }
    )
    if forecast in frame:
        ahead = frame[frame[forecast].notna()]
        name = "Forecast"
        if "mape_pct" in frame and frame["mape_pct"].notna().any():
            from classicmodels_kpi.insights.thresholds import FORECAST_MAPE_WARN_PCT

            mape = float(frame["mape_pct"].dropna().iloc[0])
            name += f" (backtest MAPE {fmt.pct(mape)}"
            name += ": indicative only)" if mape > FORECAST_MAPE_WARN_PCT else ")"
        traces.append(
            {
                "type": "scatter",
                "x": ahead[x],
                "y": ahead[forecast],
                "mode": "lines+markers",
                "line": {"dash": "dash", "color": FORECAST_LINE},
                "marker": {"color": FORECAST_LINE},
                "name": name,
                "hovertemplate": "%{x|%b %Y}<br>" + _hover(kind, "y") + "<extra>Forecast</extra>",
            }
        )
    layout = {
        "xaxis": {"title": {"text": ""}, "tickformat": "%b %Y"},
        "yaxis": {"title": {"text": ""}, "tickformat": _AXIS.get(kind)},
        "margin": MARGIN,
        "legend": _LEGEND_ON_TOP,
        "hovermode": "x unified",
    }
    return figure(traces, layout)


@capture("graph")
def line(
    data_frame: pd.DataFrame,
    x: str,
    y: str,
    color: str | None = None,
    kind: str = "money",
) -> go.Figure:
    """A plain time series (one line per ``color`` value)."""
    if (fig := placeholder_figure(data_frame)) is not None:
        return fig
    frame = data_frame.sort_values(x)
    groups = frame.groupby(color, sort=True) if color else [(fmt.header(y), frame)]
    traces = [
        {
            "type": "scatter",
            "x": group[x],
            "y": group[y],
            "mode": "lines+markers",
            "name": str(name),
            "hovertemplate": "%{x|%b %Y}<br>" + _hover(kind, "y"),
        }
        for name, group in groups
    ]
    layout = {
        "xaxis": {"title": {"text": ""}},
        "yaxis": {"title": {"text": fmt.header(y)}, "tickformat": _AXIS.get(kind)},
        "margin": MARGIN,
        "showlegend": color is not None,
    }
    return figure(traces, layout)


# -- cards -----------------------------------------------------------------------------------
def message_card(title: str, message: str, class_name: str = "") -> html.Div:
    """A card holding text: errors in place of a KPI card, and the info cards."""
    return html.Div(
        [html.H4(title, className="card-kpi-title"), html.P(message, className="cmkpi-message")],
        className=f"card cmkpi-message-card {class_name}".strip(),
    )


@capture("figure")
def kpi_card(data_frame: pd.DataFrame, kpi: str) -> Any:
    """One KPI of the ``kpis`` source: value, change and ``vs <reference> (<period>)``.

    Drawn as Vizro's ``kpi_card_reference`` draws it (see :func:`reference_card`; colours
    reversed where lower is better); the texts are formatted here, since its Python format
    strings cannot write ``$1.19M``.
    """
    error = data_error(data_frame)
    row = _kpi_row(data_frame, kpi)
    if error or is_placeholder(data_frame) or row is None:
        title = str(row["label"]) if row is not None and row["label"] else kpi
        text = f"Database error: {error}" if error else LOADING
        return message_card(title or kpi, text, "card-kpi")
    unit = row["unit"]
    value, reference = row["value"], row["reference"]
    if pd.isna(row["delta"]):
        delta_text = fmt.MISSING
    elif unit == "pct":
        delta_text = fmt.signed_pp(row["delta"])
    else:
        delta_text = fmt.signed_pct(row["delta_pct"])
    return reference_card(
        title=str(row["label"]),
        value=0.0 if pd.isna(value) else float(value),
        reference=0.0 if pd.isna(reference) else float(reference),
        value_text=fmt.by_unit(unit, value),
        delta_text=delta_text,
        reference_text=f"vs {fmt.by_unit(unit, reference)} ({row['reference_label']})",
        reverse_color=not bool(row["higher_is_better"]),
        period_text=row.get("current_label"),
    )


def reference_card(
    *,
    title: str,
    value: float,
    reference: float,
    value_text: str,
    delta_text: str,
    reference_text: str,
    reverse_color: bool,
    period_text: str | None = None,
) -> dbc.Card:
    """The card Vizro 1.0's ``kpi_card_reference`` draws for one value and its reference, with
    the texts given (a test compares the two), and the period shown (``period_text``) where
    Vizro's puts its icon. Vizro's wants a data frame, which costs a few
    milliseconds per card to make and aggregate."""
    delta = value - reference
    pos_color, neg_color = (
        ("color-neg", "color-pos") if reverse_color else ("color-pos", "color-neg")
    )
    icon = (
        "arrow_circle_up"
        if delta > 0
        else "arrow_circle_down"
        if delta < 0
        else "do_not_disturb_on"
    )
    period = html.Span(period_text, className="card-kpi-period") if period_text else None
    header = dbc.CardHeader(
        [html.H4(title, className="card-kpi-title"), period], className="card-kpi-header"
    )
    footer = dbc.CardFooter(
        [
            html.Span(
                [
                    html.Span(icon, className="material-symbols-outlined"),
                    html.Span(delta_text),
                ],
                className="card-kpi-delta-chip",
            ),
            html.Span(reference_text, className="card-kpi-reference-text"),
        ],
        class_name=pos_color if delta > 0 else neg_color if delta < 0 else "",
    )
    return dbc.Card([header, dbc.CardBody([value_text, None]), footer], class_name="card-kpi")


def _kpi_row(data_frame: pd.DataFrame, kpi: str) -> dict[str, Any] | None:
    """The row of ``kpi`` as a dict, or None (a mask and a row Series cost a millisecond)."""
    names = data_frame["kpi"].tolist() if "kpi" in data_frame else []
    if kpi not in names:
        return None
    i = names.index(kpi)
    return {column: data_frame[column].iat[i] for column in data_frame.columns}


@capture("figure")
def info_card(data_frame: pd.DataFrame, title: str, kind: str = "facts") -> Any:
    """A card of ``label: value`` lines from a frame with columns label, value (and optional
    ``status``: ok, warning, error — coloured in the card)."""
    error = data_error(data_frame)
    if error:
        return message_card(title, f"Database error: {error}")
    if is_placeholder(data_frame):
        return message_card(title, LOADING)
    items = []
    for _, row in data_frame.iterrows():
        status = str(row.get("status") or "")
        items.append(
            html.Li(
                [
                    html.Span(str(row["label"]), className="cmkpi-fact-label"),
                    html.Span(str(row["value"]), className="cmkpi-fact-value"),
                ],
                className=f"cmkpi-fact cmkpi-status-{status}" if status else "cmkpi-fact",
            )
        )
    return html.Div(
        [
            html.H4(title, className="card-kpi-title"),
            html.Ul(items, className=f"cmkpi-facts cmkpi-{kind}"),
        ],
        className=f"card cmkpi-info-card cmkpi-{kind}-card",
    )
