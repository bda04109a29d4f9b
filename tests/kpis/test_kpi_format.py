"""How KPI values are written: input/expected pairs."""

from __future__ import annotations

import pytest

from classicmodels_kpi.kpis import format as kf


@pytest.mark.parametrize(
    ("unit", "number", "value", "delta"),
    [
        ("money", 1770936.71, "$1,770,936.71", "+$1,770,936.71"),
        ("money", -2573245.31, "-$2,573,245.31", "-$2,573,245.31"),
        ("money", -0.001, "-$0.00", "$0.00"),
        ("money", None, "–", "–"),
        ("count", 64, "64", "+64"),
        ("count", -83, "-83", "-83"),
        ("count", 0, "0", "0"),
        ("count", 12345, "12,345", "+12,345"),
        ("pct", 39.2942, "39.3 %", "+39.3 pp"),
        ("pct", -1.0676, "-1.1 %", "-1.1 pp"),
        ("pct", 0.03, "0.0 %", "0.0 pp"),
        ("pct", -0.03, "0.0 %", "0.0 pp"),
        ("pct", None, "–", "–"),
    ],
)
def test_value_and_delta(unit: str, number: float | None, value: str, delta: str) -> None:
    assert kf.value(unit, number) == value
    assert kf.delta(unit, number) == delta


@pytest.mark.parametrize(
    ("number", "text"),
    [(48.3153, "+48.3 %"), (-59.2343, "-59.2 %"), (0.0, "0.0 %"), (None, "–"), (0.04, "0.0 %")],
)
def test_delta_pct(number: float | None, text: str) -> None:
    assert kf.delta_pct(number) == text


def _kpi(delta: float | None, higher_is_better: bool, name: str = "revenue") -> kf.Kpi:
    return kf.Kpi(name, 1.0, 1.0, delta, None, higher_is_better)


@pytest.mark.parametrize(
    ("name", "delta", "higher", "direction"),
    [
        ("revenue", 10.0, True, "good"),
        ("revenue", -10.0, True, "bad"),
        ("top10_products_share_pct", 1.3, False, "bad"),
        ("top10_products_share_pct", -1.3, False, "good"),
        ("on_time_pct", 0.03, True, "flat"),  # shows as 0.0 pp
        ("orders", 0, True, "flat"),
        ("orders", None, True, "flat"),
    ],
)
def test_direction_colours_by_higher_is_better(
    name: str, delta: float | None, higher: bool, direction: str
) -> None:
    assert kf.direction(_kpi(delta, higher, name)) == direction
