"""The shared figure functions: data drawn as given, errors drawn as text, never a blank chart."""

from __future__ import annotations

import pandas as pd
import pytest

from classicmodels_kpi.catalogue import OutputColumn
from classicmodels_kpi.dashboard import charts, data

COLUMNS = (OutputColumn("country", "text", ""), OutputColumn("revenue", "money", ""))


def test_choropleth_uses_the_data_country_names_and_the_whole_world() -> None:
    frame = pd.DataFrame({"country": ["USA", "UK", "France"], "revenue": [3.0, 1.0, 2.0]})
    fig = charts.choropleth.__wrapped__(frame, locations="country", color="revenue")
    trace = fig.data[0]
    assert list(trace.locations) == ["USA", "UK", "France"]
    assert trace.locationmode == "country names"
    assert fig.layout.geo.fitbounds is False
    assert fig.layout.paper_bgcolor is None and fig.layout.plot_bgcolor is None  # Vizro's theme


def test_error_frame_draws_its_message() -> None:
    frame = data.error_frame(COLUMNS, "cannot reach the database server at db:5432")
    fig = charts.bar.__wrapped__(frame, x="revenue", y="country")
    assert len(fig.data) == 0
    text = fig.layout.annotations[0].text
    assert "Database error" in text and "cannot reach the database server" in text


def test_stub_draws_loading_and_empty_draws_no_data() -> None:
    stub = data.stub_frame(COLUMNS)
    assert charts.bar.__wrapped__(stub, x="revenue", y="country").layout.annotations[0].text == (
        charts.LOADING
    )
    empty = pd.DataFrame({"country": [], "revenue": []})
    fig = charts.bar.__wrapped__(empty, x="revenue", y="country")
    assert "No data" in fig.layout.annotations[0].text


def test_grouped_bar_weights_ratios_by_their_totals() -> None:
    frame = pd.DataFrame(
        {
            "region": ["Europe", "Europe", "Asia"],
            "revenue": [100.0, 300.0, 50.0],
            "orders": [1, 3, 0],
        }
    )
    fig = charts.grouped_bar.__wrapped__(frame, x="region", y="aov", weight="orders")
    bars = dict(zip(fig.data[0].y, fig.data[0].x, strict=True))
    assert bars == {"Europe": pytest.approx(100.0)}  # (100 + 300) / 4, never a mean of ratios


def test_bar_keeps_the_top_n_largest_first() -> None:
    frame = pd.DataFrame({"label": list("abcde"), "revenue": [5, 1, 4, 2, 3]})
    fig = charts.bar.__wrapped__(frame, x="revenue", y="label", top_n=3)
    assert list(fig.data[0].y) == ["e", "c", "a"]  # drawn bottom-up: the largest on top


def _kpi_frame(higher_is_better: bool, value: float, reference: float) -> pd.DataFrame:
    delta = value - reference
    return pd.DataFrame(
        [
            {
                "kpi": "top10_products_share_pct",
                "label": "Top-10 products' share",
                "unit": "pct",
                "value": value,
                "reference": reference,
                "delta": delta,
                "delta_pct": 100 * delta / reference,
                "higher_is_better": higher_is_better,
                "reference_label": "YTD 2004",
            }
        ]
    )


def _footer(card) -> str:
    return card.children[2].class_name


def test_kpi_card_reverses_colours_where_lower_is_better() -> None:
    up = _kpi_frame(higher_is_better=False, value=20.0, reference=18.0)
    card = charts.kpi_card.__wrapped__(up, kpi="top10_products_share_pct")
    assert _footer(card) == "color-neg"  # a rise is bad here
    good = charts.kpi_card.__wrapped__(_kpi_frame(True, 20.0, 18.0), kpi="top10_products_share_pct")
    assert _footer(good) == "color-pos"
    texts = str(card)
    assert "20.0 %" in texts and "+2.0 pp" in texts and "vs 18.0 % (YTD 2004)" in texts


def test_kpi_card_shows_database_errors() -> None:
    frame = data.error_frame(
        tuple(OutputColumn(c, t, "") for c, t in data.KPI_COLUMNS.items()), "server gone"
    )
    card = charts.kpi_card.__wrapped__(frame, kpi="revenue")
    assert "Database error: server gone" in str(card)


def test_grid_sends_dates_as_days_and_errors_as_overlay() -> None:
    frame = pd.DataFrame({"day": pd.to_datetime(["2005-05-31"]), "revenue": [1.5]})
    grid = charts.grid.__wrapped__(frame)
    assert grid.rowData == [{"day": "2005-05-31", "revenue": 1.5}]
    failed = charts.grid.__wrapped__(data.error_frame(COLUMNS, "server gone"))
    assert failed.rowData == []
    assert "server gone" in failed.dashGridOptions["localeText"]["noRowsToShow"]
    assert "overlayNoRowsTemplate" not in failed.dashGridOptions  # a console error in the browser


@pytest.mark.parametrize(
    ("largest", "step"), [(0, 1), (5, 1), (6, 2), (13, 5), (31, 10), (99, 20), (250, 50)]
)
def test_shipped_orders_axis_steps_are_whole_and_round(largest: int, step: int) -> None:
    """The on-time chart's order axis counts 0, 10, 20, 30, never 0/6/13/19/25."""
    from classicmodels_kpi.dashboard import risk_charts

    months = pd.DataFrame(
        {
            "grain": ["month", "month"],
            "period": ["2004-01", "2004-02"],
            "shipped_orders": [largest, max(0, largest - 1)],
            "on_time_pct": [100.0, 90.0],
        }
    )
    axis = risk_charts.on_time_trend(months).layout.yaxis2
    assert (axis.tickmode, axis.tick0, axis.dtick) == ("linear", 0, step)
    assert largest / step <= 5


def test_long_bar_labels_are_shortened_on_the_axis_only() -> None:
    """The axis shows at most BAR_LABEL_CHARS characters; bars and hover keep the whole name,
    and two names that shorten alike stay two bars."""
    long_a = "2003 Harley-Davidson Eagle Drag Bike"
    long_b = "2003 Harley-Davidson Eagle Drag Bike II"
    figure = charts._hbar([long_a, long_b, "Ships"], [3.0, 2.0, 1.0], "money", "Revenue")
    assert list(figure.data[0].y) == [long_a, long_b, "Ships"]
    axis = figure.layout.yaxis
    assert list(axis.tickvals) == [long_a, long_b, "Ships"]
    assert all(len(t) <= charts.BAR_LABEL_CHARS for t in axis.ticktext)
    assert axis.ticktext[0].endswith("…") and axis.ticktext[2] == "Ships"


def test_every_horizontal_bar_chart_shortens_long_names_on_its_axis() -> None:
    """The Risks and Opportunities bars too (at 390 px their whole product names left the bars a
    sliver, rotated the value ticks and cut the axis title)."""
    from classicmodels_kpi.dashboard import risk_charts

    long_a = "1936 Harley Davidson El Knucklehead"
    long_b = "1969 Harley Davidson Ultimate Chopper"
    names = [long_a, long_b, "Ships"]
    ranked = risk_charts.ranked_bar.__wrapped__(
        pd.DataFrame({"name": names, "amount": [3.0, 2.0, 1.0]}), x="amount", y="name"
    )
    balance = risk_charts.balance_vs_limit.__wrapped__(
        pd.DataFrame(
            {
                "customerName": names,
                "creditLimit": [1.0, 1.0, 1.0],
                "outstanding_balance": [4.0, 3.0, 2.0],
                "excess_over_limit": [3.0, 2.0, 1.0],
            }
        )
    )
    demand = risk_charts.demand_trend_bars.__wrapped__(
        pd.DataFrame(
            {
                "productName": names,
                "change_pct": [40.0, -30.0, 20.0],
                "trend": ["Growing", "Declining", "Growing"],
            }
        )
    )
    for figure in (ranked, balance, demand):
        axis = figure.layout.yaxis
        shown = dict(zip(axis.tickvals, axis.ticktext, strict=True))
        assert set(shown) == set(names)
        assert all(len(t) <= charts.BAR_LABEL_CHARS for t in shown.values())
        assert shown[long_a].endswith("…") and shown["Ships"] == "Ships"
        assert {y for trace in figure.data for y in trace.y} == set(names)  # bars keep the name
