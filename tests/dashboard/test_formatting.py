"""How the dashboard writes numbers: the Python helpers and the AG Grid formatters."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from classicmodels_kpi.dashboard import formatting as fmt
from classicmodels_kpi.dashboard.grids import column


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
    defs = [column("region"), column("comments"), column("revenue", kind="money")]
    region, comments, revenue = fmt.fit_text_columns(defs, frame, 110)
    # "Northern Europe": 15 characters of the grid's font and a cell's padding
    assert region["minWidth"] == 15 * fmt.CHAR_WIDTH + fmt.CELL_PADDING
    assert region["tooltipField"] == "region"
    assert comments["minWidth"] == fmt.TEXT_MAX_WIDTH  # long free text: capped, tooltip
    assert comments["tooltipField"] == "comments"
    assert revenue == defs[2]  # numbers keep their width
    # a column narrower than the grid's minimum keeps the minimum
    (narrow,) = fmt.fit_text_columns([column("region")], frame.iloc[:1], 110)
    assert narrow["minWidth"] == 110


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("Revenue", 86, 1),
        ("Days since last order", 86, 2),  # "Days since" / "last order": 10 characters each
        ("Yearly revenue at risk", 86, 3),
        ("Yearly revenue at risk", 176, 1),
        ("Supercalifragilistic", 86, 2),  # one word longer than a line breaks inside
        ("", 86, 1),
    ],
)
def test_header_lines_wrap_at_words(text: str, width: int, lines: int) -> None:
    assert fmt.header_lines(text, width) == lines


def test_headers_fit_their_longest_word_and_the_height_their_tallest_header() -> None:
    defs = [
        {"field": "revenue", "headerName": "Revenue"},
        {"field": "at_risk", "headerName": "Yearly revenue at risk"},
        {"field": "customer", "headerName": "Yearly revenue at risk", "minWidth": 320},
        {"field": "outstanding", "headerName": "Outstandingbalances"},
    ]
    fitted, height = fmt.fit_headers(defs, 110)
    assert fitted[:3] == defs[:3]  # wide enough already: unchanged
    # 19 characters of one word: the column widens rather than break it
    assert fitted[3]["minWidth"] == 19 * fmt.CHAR_WIDTH + fmt.HEADER_PADDING
    assert height == 3 * fmt.HEADER_LINE + fmt.HEADER_EXTRA
    assert fmt.fit_headers(defs[:1], 110)[1] == fmt.HEADER_MIN  # one line: the grid's own
    assert fmt.fit_headers([], 110) == ([], fmt.HEADER_MIN)
    # a filter button beside the header leaves less room: "Customers" needs 9 characters
    narrow, _ = fmt.fit_headers([{"field": "c", "headerName": "Customers"}], 110, menu_icon=True)
    assert narrow[0]["minWidth"] == 9 * fmt.CHAR_WIDTH + fmt.HEADER_PADDING + fmt.HEADER_ICON
