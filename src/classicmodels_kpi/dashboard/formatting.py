"""How numbers and dates look on the dashboard: one place for grids, charts and cards.

Three forms of the same rules:

* ``*_FORMAT``: d3 format strings for Plotly (``hovertemplate``, ``tickformat``).
* :func:`value_formatter`: AG Grid ``valueFormatter`` functions (dash-ag-grid evaluates them in
  the browser, where ``d3`` is available), so grids show ``$1.2M``, ``12.3 %`` and
  ``2005-05-31``: no raw floats, no ``T00:00:00``. ``grids.column`` builds every grid's column
  definitions with them.
* :func:`money`, :func:`pct`, …: the same in Python, for card and label text.

Percentages in the catalogue (``pct`` columns) are already in percent (12.3 means 12.3 %);
``ratio`` values are fractions (0.123 means 12.3 %).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

#: d3 formats for Plotly.
MONEY_FORMAT = "$,.0f"
MONEY_SHORT_FORMAT = "$.3~s"
COUNT_FORMAT = ",.0f"
PCT_FORMAT = ".1f"  # append " %" in templates
RATIO_FORMAT = ".1%"
DATE_FORMAT = "%Y-%m-%d"
MONTH_FORMAT = "%b %Y"

MISSING = "–"

_NULL = "params.value == null || params.value === '' ? '' : "

#: AG Grid valueFormatter bodies by kind (``params.value`` is the cell value).
_FORMATTERS: dict[str, str] = {
    "money": _NULL + "d3.format('$,.2f')(params.value)",
    "money_short": _NULL + "d3.format('$.3~s')(params.value).replace('G', 'B')",
    "money_whole": _NULL + "d3.format('$,.0f')(params.value)",
    "count": _NULL + "d3.format(',.0f')(params.value)",
    "number": _NULL + "d3.format(',.2f')(params.value)",
    "pct": _NULL + "d3.format('.1f')(params.value) + ' %'",
    "ratio": _NULL + "d3.format('.1%')(params.value).replace('%', ' %')",
    "decimal": _NULL + "d3.format(',.2f')(params.value)",  # fixed: 12.80 beside 12.31
    "date": _NULL + "String(params.value).slice(0, 10)",
    "month": _NULL + "String(params.value).slice(0, 7)",
}


def value_formatter(kind: str) -> dict[str, str]:
    """An AG Grid ``valueFormatter`` for ``kind`` (money, money_short, count, pct, ratio, date…)."""
    return {"function": _FORMATTERS[kind]}


def header(name: str) -> str:
    """A readable header from a column name: ``on_time_pct`` → ``On time %``,
    ``customerName`` → ``Customer name``."""
    words: list[str] = []
    for part in name.replace("-", "_").split("_"):
        if not part:
            continue
        current = ""
        for ch in part:
            if ch.isupper() and current and not current[-1].isupper():
                words.append(current)
                current = ch
            else:
                current += ch
        words.append(current)
    mapped = {"pct": "%", "aov": "AOV", "id": "ID", "msrp": "MSRP", "abc": "ABC", "rfm": "RFM"}
    out = [mapped.get(w.lower(), w.lower()) for w in words]
    text = " ".join(out)
    return text[:1].upper() + text[1:]


# -- Python text ---------------------------------------------------------------------------------
def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def money(value: float | None, decimals: int = 0) -> str:
    """``$1,234`` (whole dollars by default)."""
    if _missing(value):
        return MISSING
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.{decimals}f}"


def money_short(value: float | None) -> str:
    """``$1.19M``, ``$845K``, ``$950``: three significant digits, trailing zeros dropped (like
    d3's ``$.3~s``), for cards and labels."""
    if _missing(value):
        return MISSING
    sign = "-" if value < 0 else ""
    v = abs(float(value))
    units = ((1e9, "B"), (1e6, "M"), (1e3, "K"))
    for i, (limit, suffix) in enumerate(units):
        if v >= limit * 0.9995:
            scaled = float(f"{v / limit:.3g}")
            if scaled >= 1000 and i > 0:  # 999,996 rounds to 1,000K: write 1M
                limit, suffix = units[i - 1]
                scaled = float(f"{v / limit:.3g}")
            return f"{sign}${scaled:g}{suffix}"
    return f"{sign}${v:,.0f}"


def count(value: float | None) -> str:
    if _missing(value):
        return MISSING
    return f"{round(value):,}"


def pct(value: float | None, decimals: int = 1) -> str:
    """``12.3 %`` from a value already in percent."""
    if _missing(value):
        return MISSING
    return f"{value:,.{decimals}f} %"


def signed_pct(value: float | None, decimals: int = 1) -> str:
    """``+12.3 %`` / ``-4.0 %``."""
    if _missing(value):
        return MISSING
    text = f"{value:,.{decimals}f} %"
    return text if text.startswith("-") or round(value, decimals) == 0 else f"+{text}"


def signed_pp(value: float | None, decimals: int = 1) -> str:
    """A change of a percentage, in percentage points: ``+1.2 pp``."""
    if _missing(value):
        return MISSING
    text = f"{value:,.{decimals}f} pp"
    return text if text.startswith("-") or round(value, decimals) == 0 else f"+{text}"


def day(value: date | datetime | str | None) -> str:
    """``2005-05-31``."""
    if _missing(value):
        return MISSING
    return str(pd.Timestamp(value).date())


def by_unit(unit: str, value: float | None) -> str:
    """A KPI value by its unit: money (short), count or pct."""
    if unit == "money":
        return money_short(value)
    if unit == "count":
        return count(value)
    return pct(value)


#: Text columns are made wide enough for their longest value, up to this many pixels (longer
#: free text, a comment or a list of reasons, is cut and shown whole in a tooltip).
TEXT_MAX_WIDTH = 320
#: Pixels per character of the grid's font, and of a cell's padding and borders: an estimate on
#: the safe side, so a value fits rather than ends in "…".
CHAR_WIDTH, CELL_PADDING = 8, 40
#: Values looked at to size a column (the first rows: enough for a width, cheap at any scale).
WIDTH_SAMPLE = 2000


#: Grid options for the tooltip of a cut value (and only of a cut value).
TRUNCATED_TOOLTIPS: dict[str, Any] = {"tooltipShowMode": "whenTruncated", "tooltipShowDelay": 300}


def fit_text_columns(
    defs: list[dict[str, Any]], frame: pd.DataFrame, min_width: int
) -> list[dict[str, Any]]:
    """Text columns wide enough for their values, so no name ends in "…".

    AG Grid fits the columns into the grid's width, shrinking each down to its minimum width; a
    region or customer name then showed cut ("North Ame…"), on a phone and at 1920 px alike. A
    text column's minimum becomes the width of its longest value (capped at TEXT_MAX_WIDTH); when
    the columns no longer fit, the grid scrolls sideways within itself, never the page. A value
    still cut (longer than the cap) shows whole in a tooltip.
    """
    kinds = dict(zip(frame.columns, frame.dtypes, strict=True))  # no Series made per column
    head: pd.DataFrame | None = None
    fitted: list[dict[str, Any]] = []
    for spec in defs:
        field = spec.get("field")
        if field not in kinds or not _is_text(kinds[field]):
            fitted.append(spec)
            continue
        if head is None:
            head = frame.iloc[:WIDTH_SAMPLE]
        longest = _longest_text(head[field])
        width = min(TEXT_MAX_WIDTH, CHAR_WIDTH * longest + CELL_PADDING)
        current = spec.get("minWidth", min_width)
        fitted.append({**spec, "minWidth": max(current, width), "tooltipField": field})
    return fitted


#: A header cell's horizontal padding, its filter button (when the filters are not in a row of
#: their own), its line height and the rest of its height, in pixels (Vizro's grid theme: 14 px
#: text, 12 px padding each side); the smallest header height.
HEADER_PADDING, HEADER_ICON, HEADER_LINE, HEADER_EXTRA, HEADER_MIN = 24, 20, 17, 11, 40


def header_lines(text: str, width: int) -> int:
    """Lines ``text`` takes when wrapped at word boundaries in ``width`` pixels of header text
    (a word longer than a line breaks, as the grid's CSS breaks it)."""
    per_line = max(1, width // CHAR_WIDTH)
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, 0
        while len(word) > per_line:  # broken inside the word
            word = word[per_line:]
            lines += 1
        used += len(word) + (1 if used else 0)
    return lines


def fit_headers(
    defs: list[dict[str, Any]], min_width: int, *, menu_icon: bool = False
) -> tuple[list[dict[str, Any]], int]:
    """Columns wide enough for their header's longest word, and the header height that shows
    every header whole.

    AG Grid can measure the height (``autoHeaderHeight``), but it measures every header cell
    each time a column's width changes: on a page of four grids, ~0.5 s of the browser's main
    thread per visit, in forced style and layout reads. Columns are never narrower than their
    minimum width, so headers wrapped at that width, with a character width on the safe side,
    fit at any width the grid gives them (a wider column leaves space under a short header); and
    no word of a header is broken in two ("Customer/s").
    """
    extra = HEADER_PADDING + (HEADER_ICON if menu_icon else 0)
    fitted: list[dict[str, Any]] = []
    lines = 1
    for spec in defs:
        text = str(spec.get("headerName") or spec.get("field") or "")
        current = int(spec.get("minWidth", min_width))
        longest = max((len(word) for word in text.split()), default=0)
        width = max(current, longest * CHAR_WIDTH + extra)
        fitted.append({**spec, "minWidth": width} if width != current else spec)
        lines = max(lines, header_lines(text, width - extra))
    return fitted, max(HEADER_MIN, lines * HEADER_LINE + HEADER_EXTRA)


def _longest_text(values: pd.Series) -> int:
    """Characters of the longest value (missing values count 0): a grid is drawn on every page
    visit, so this stays well under a millisecond."""
    if values.dtype == object:
        return max((len(str(v)) for v in values if v is not None and v == v), default=0)
    longest = values.str.len().max()
    return 0 if pd.isna(longest) else int(longest)


def _is_text(dtype: Any) -> bool:
    return pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)
