"""The dashboard's shortcuts for speed give exactly what the slow way gives."""

from __future__ import annotations

import json

import pandas as pd
import plotly.io as pio
import pytest
from plotly.io.json import to_json_plotly
from vizro.figures.library import kpi_card_reference

from classicmodels_kpi.catalogue import OutputColumn, coerce
from classicmodels_kpi.dashboard import charts, data, risk_charts

MONTHS = pd.date_range("2004-01-01", periods=8, freq="MS")
FORECAST = pd.DataFrame(
    {
        "month": MONTHS,
        "revenue": [1.0, 2, 3, 4, 5, None, None, None],
        "forecast": [None, None, None, None, 5, 6, 7, 8],
        "lower": [None] * 4 + [4.0, 5, 6, 7],
        "upper": [None] * 4 + [6.0, 7, 8, 9],
        "mape_pct": [12.3] * 8,
    }
)
RISKY = pd.DataFrame(
    {
        "customerNumber": [1, 2, 3],
        "customerName": ["Alpha", "Beta", "Gamma"],
        "country": ["USA", "UK", "USA"],
        "amount_at_risk": [100.0, 0.0, 50.0],
        "creditLimit": [1000.0, 500.0, 200.0],
        "outstanding_balance": [1200.0, 100.0, 400.0],
        "excess_over_limit": [200.0, -400.0, 200.0],
        "segment": ["Top", "Low", "Top"],
    }
)
ON_TIME = pd.DataFrame(
    {
        "grain": ["month", "month", "year"],
        "period": ["2004-01", "2004-02", "2004"],
        "shipped_orders": [10, 0, 10],
        "on_time_pct": [90.0, None, 90.0],
    }
)
DEMAND = pd.DataFrame(
    {
        "productName": ["A", "B", "C"],
        "change_pct": [25.0, -30.0, 1.0],
        "trend": ["Growing", "Declining", "Stable"],
    }
)
#: (figure function, keyword arguments): one call of every figure the pages draw.
FIGURES = [
    (charts.choropleth, {"data_frame": RISKY.rename(columns={"amount_at_risk": "revenue"})}),
    (charts.bar, {"data_frame": RISKY, "x": "amount_at_risk", "y": "customerName", "top_n": 2}),
    (
        charts.grouped_bar,
        {
            "data_frame": RISKY,
            "x": "country",
            "y": "r",
            "value": "amount_at_risk",
            "weight": "creditLimit",
        },
    ),
    (charts.donut, {"data_frame": RISKY, "names": "segment", "values": "creditLimit"}),
    (charts.forecast_line, {"data_frame": FORECAST}),
    (charts.line, {"data_frame": FORECAST, "x": "month", "y": "revenue"}),
    (risk_charts.amount_at_risk_map, {"data_frame": RISKY}),
    (risk_charts.ranked_bar, {"data_frame": RISKY, "x": "amount_at_risk", "y": "customerName"}),
    (risk_charts.balance_vs_limit, {"data_frame": RISKY}),
    (risk_charts.segment_donut, {"data_frame": RISKY}),
    (risk_charts.on_time_trend, {"data_frame": ON_TIME}),
    (risk_charts.demand_trend_bars, {"data_frame": DEMAND}),
]


def _drawn(fig) -> dict:
    """The figure as sent, without its template (the browser puts the theme's on)."""
    drawn = json.loads(pio.to_json(fig))
    drawn["layout"].pop("template")
    return drawn


@pytest.mark.parametrize(("function", "kwargs"), FIGURES, ids=lambda f: getattr(f, "__name__", ""))
def test_figures_built_without_validation_are_the_validated_ones(
    function, kwargs, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _drawn(function.__wrapped__(**kwargs))
    monkeypatch.setattr(charts, "VALIDATE", True)  # Plotly checks every property and value
    assert fast == _drawn(function.__wrapped__(**kwargs))


@pytest.mark.parametrize(
    ("value", "reference", "reverse"),
    [(20.0, 18.0, False), (20.0, 18.0, True), (5.0, 18.0, False), (18.0, 18.0, True)],
)
def test_reference_card_is_vizro_kpi_card_reference(
    value: float, reference: float, reverse: bool
) -> None:
    texts = {"value_text": "$1.19M {x}", "delta_text": "+2.0 pp", "reference_text": "vs $1M"}
    ours = charts.reference_card(
        title="Revenue", value=value, reference=reference, reverse_color=reverse, **texts
    )
    literal = {k: v.replace("{", "{{").replace("}", "}}") for k, v in texts.items()}
    vizro = kpi_card_reference(
        pd.DataFrame({"value": [value], "reference": [reference]}),
        value_column="value",
        reference_column="reference",
        value_format=literal["value_text"],
        delta_format=literal["delta_text"],
        reference_format=literal["reference_text"],
        title="Revenue",
        reverse_color=reverse,
    )
    assert to_json_plotly(ours) == to_json_plotly(vizro)


def test_stub_frames_are_typed_as_coerce_types_them() -> None:
    columns = tuple(OutputColumn(f"a_{kind}", kind, "") for kind in data._STUB_VALUES)
    typed = coerce(pd.DataFrame({c.name: [data._STUB_VALUES[c.type]] for c in columns}), columns)
    stub = data.stub_frame(columns)
    pd.testing.assert_frame_equal(stub, typed, check_exact=True)
    assert data.is_placeholder(stub)
