"""How KPI values are written for people: the CLI table, the report and its tests share these.

Money in dollars with cents, counts with thousands separators, percentages with one decimal and
changes of a percentage in percentage points (pp). ``None`` is written as an en dash, never NaN.
"""

from __future__ import annotations

from classicmodels_kpi.kpis.compute import Kpi

MISSING = "–"

#: Decimals shown for percentages and percentage points.
PCT_DECIMALS = 1


def money(value: float | None, decimals: int = 2) -> str:
    if value is None:
        return MISSING
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.{decimals}f}"


def count(value: float | None) -> str:
    if value is None:
        return MISSING
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(round(value)):,}"


def pct(value: float | None, decimals: int = PCT_DECIMALS, unit: str = " %") -> str:
    if value is None:
        return MISSING
    sign = "-" if round(value, decimals) < 0 else ""
    return f"{sign}{abs(value):,.{decimals}f}{unit}"


def is_zero(text: str) -> bool:
    """Whether a formatted number shows as zero ('0.0 pp', '$0.00')."""
    return not any(ch in "123456789" for ch in text)


def signed(text: str, value: float | None) -> str:
    """Prefix a plus sign on increases (the minus is already there); none on what shows as 0."""
    if value is None or text == MISSING or is_zero(text):
        return text.lstrip("-")
    return text if text.startswith("-") else f"+{text}"


def value(unit: str, number: float | None) -> str:
    if unit == "money":
        return money(number)
    if unit == "count":
        return count(number)
    return pct(number)


def delta(unit: str, number: float | None) -> str:
    """An absolute change: percentage KPIs change in percentage points."""
    if unit == "pct":
        return signed(pct(number, unit=" pp"), number)
    return signed(value(unit, number), number)


def delta_pct(number: float | None) -> str:
    return signed(pct(number), number)


def direction(kpi: Kpi) -> str:
    """good, bad or flat: whether the change goes the way this KPI should move. A change too
    small to show in the table is flat."""
    if kpi.delta is None or is_zero(delta(kpi.definition.unit, kpi.delta)):
        return "flat"
    return "good" if (kpi.delta > 0) == kpi.higher_is_better else "bad"


def kpi_row(kpi: Kpi) -> dict[str, str]:
    """The formatted cells of one KPI, as both the CLI table and the report show them."""
    unit = kpi.definition.unit
    return {
        "name": kpi.name,
        "label": kpi.definition.label,
        "value": value(unit, kpi.value),
        "reference": value(unit, kpi.reference),
        "delta": delta(unit, kpi.delta),
        "delta_pct": delta_pct(kpi.delta_pct),
        "direction": direction(kpi),
        "higher_is_better": "higher" if kpi.higher_is_better else "lower",
    }
