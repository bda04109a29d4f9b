"""How the dashboard writes numbers: the Python helpers and the AG Grid formatters."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from classicmodels_kpi.dashboard import formatting as fmt


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1_194_035.17, "$1.19M"),
        (1_770_936.71, "$1.77M"),
        (27_670.89, "$27.7K"),
        (845_000, "$845K"),
        (999_996, "$1M"),
        (99_996, "$100K"),
        (1_200_000, "$1.2M"),
        (950, "$950"),
        (0, "$0"),
        (-2_500_000, "-$2.5M"),
        (3_210_000_000, "$3.21B"),
        (None, "–"),
        (math.nan, "–"),
    ],
)
def test_money_short(value: float | None, text: str) -> None:
    assert fmt.money_short(value) == text


def test_percentages_and_changes() -> None:
    assert fmt.pct(12.345) == "12.3 %"
    assert fmt.signed_pct(12.345) == "+12.3 %"
    assert fmt.signed_pct(-4.0) == "-4.0 %"
    assert fmt.signed_pct(0.01) == "0.0 %"
    assert fmt.signed_pp(1.25) == "+1.2 pp"
    assert fmt.count(1234.4) == "1,234"
    assert fmt.day("2005-05-31T00:00:00") == "2005-05-31"


def test_by_unit_matches_kpi_units() -> None:
    assert fmt.by_unit("money", 1_194_035.17) == "$1.19M"
    assert fmt.by_unit("count", 326) == "326"
    assert fmt.by_unit("pct", 39.294) == "39.3 %"


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("on_time_pct", "On time %"),
        ("customerName", "Customer name"),
        ("revenue_share_pct", "Revenue share %"),
        ("aov", "AOV"),
        ("abc_class", "ABC class"),
    ],
)
def test_readable_headers(name: str, header: str) -> None:
    assert fmt.header(name) == header


def test_column_definitions_carry_formatters() -> None:
    money = fmt.column("revenue", "money_whole")
    assert money["headerName"] == "Revenue"
    assert "d3.format('$,.0f')" in money["valueFormatter"]["function"]
    assert money["filter"] == "agNumberColumnFilter"
    date = fmt.column("last_order_date", "date")
    assert "slice(0, 10)" in date["valueFormatter"]["function"]
    assert fmt.column("country")["field"] == "country"
    assert "valueFormatter" not in fmt.column("country")


def test_every_formatter_handles_missing_values() -> None:
    for kind in ("money", "money_short", "count", "pct", "ratio", "date", "month", "decimal"):
        assert fmt.value_formatter(kind)["function"].startswith("params.value == null")


def test_text_columns_are_as_wide_as_their_longest_value() -> None:
    frame = pd.DataFrame(
        {
            "region": ["Asia", "Northern Europe", None],
            "comments": ["x" * 200, "short", "y"],
            "revenue": [1.0, 2.0, 3.0],
        }
    )
    defs = [fmt.column("region"), fmt.column("comments"), fmt.column("revenue", "money")]
    region, comments, revenue = fmt.fit_text_columns(defs, frame, 110)
    # "Northern Europe": 15 characters of the grid's font and a cell's padding
    assert region["minWidth"] == 15 * fmt.CHAR_WIDTH + fmt.CELL_PADDING
    assert region["tooltipField"] == "region"
    assert comments["minWidth"] == fmt.TEXT_MAX_WIDTH  # long free text: capped, tooltip
    assert comments["tooltipField"] == "comments"
    assert revenue == defs[2]  # numbers keep their width
    # a column narrower than the grid's minimum keeps the minimum
    (narrow,) = fmt.fit_text_columns([fmt.column("region")], frame.iloc[:1], 110)
    assert narrow["minWidth"] == 110
