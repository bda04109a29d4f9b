"""Countries the offline world map has no shape for are drawn as points, on the same scale."""

from __future__ import annotations

import json
import re

import pandas as pd

from classicmodels_kpi.dashboard import ASSETS, charts, risk_charts
from classicmodels_kpi.dashboard.country_points import TABLE, iso3, point


def _map_country_ids() -> set[str]:
    """The ISO3 ids of the shapes in the world topojson the dashboard serves."""
    script = (ASSETS / "world_110m.js").read_text(encoding="utf-8")
    topology = json.loads(script[script.index("= {") + 2 : script.rindex("}") + 1])
    return {g["id"] for g in topology["objects"]["countries"]["geometries"] if "id" in g}


def test_points_are_exactly_the_countries_the_map_lacks() -> None:
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    on_map = _map_country_ids()
    assert len(on_map) > 150
    assert table["points"], "no points"
    assert not set(table["points"]) & on_map
    for iso, (lon, lat) in table["points"].items():
        assert re.fullmatch(r"[A-Z]{3}", iso)
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_names_are_read_as_plotly_reads_them() -> None:
    assert iso3("USA") == "USA"
    assert iso3("UK") == "GBR"
    assert iso3("  Singapore ") == "SGP"
    assert iso3("Hong Kong") == "HKG"
    assert iso3("Atlantis") is None
    lon, lat = point("Singapore") or (0.0, 0.0)
    assert 103 < lon < 105 and 1 < lat < 2  # Singapore, not somewhere else
    assert point("France") is None  # drawn as a shape


def test_revenue_map_draws_small_countries_as_points_on_the_same_colour_axis() -> None:
    frame = pd.DataFrame(
        {"country": ["USA", "Singapore", "France", "Hong Kong"], "revenue": [5.0, 2.0, 3.0, 1.0]}
    )
    fig = charts.choropleth.__wrapped__(frame)
    shapes, points = fig.data
    assert list(shapes.locations) == ["USA", "France"]
    assert list(shapes.z) == [5.0, 3.0]
    assert [c[0] for c in points.customdata] == ["Singapore", "Hong Kong"]
    assert list(points.marker.color) == [2.0, 1.0]
    assert shapes.coloraxis == points.marker.coloraxis == "coloraxis"
    # a click on either kind of mark gives the country at the same place
    assert charts.MAP_COUNTRY == "customdata[0]"
    assert [c[0] for c in shapes.customdata] == ["USA", "France"]


def test_risk_map_keeps_its_customer_counts_for_points_too() -> None:
    frame = pd.DataFrame(
        {
            "country": ["USA", "Singapore", "USA"],
            "amount_at_risk": [10.0, 4.0, 5.0],
            "customerNumber": [1, 2, 3],
        }
    )
    fig = risk_charts.amount_at_risk_map.__wrapped__(frame)
    shapes, points = fig.data
    assert [list(c) for c in shapes.customdata] == [["USA", 2]]
    assert list(shapes.z) == [15.0]
    assert [list(c) for c in points.customdata] == [["Singapore", 1]]
    assert "High-risk customers: %{customdata[1]}" in points.hovertemplate


def test_a_map_of_countries_the_map_has_needs_no_points() -> None:
    fig = charts.choropleth.__wrapped__(pd.DataFrame({"country": ["USA"], "revenue": [1.0]}))
    assert [t.type for t in fig.data] == ["choropleth"]
