"""The seven executive KPIs of a period against their like-for-like reference.

Every number comes from the catalogue query ``period_kpis`` (run once for the current period and
once for the reference); this module only does the period arithmetic, the deltas and the notes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.database import Database
from classicmodels_kpi.kpis.periods import (
    DEFAULT_PERIOD,
    PERIOD_LABELS,
    Period,
    check_period,
    parse_as_of,
    period_bounds,
)

#: The catalogue query that computes one period's KPIs (params start, end).
KPI_QUERY = "period_kpis"


@dataclass(frozen=True)
class KpiDefinition:
    name: str
    label: str
    unit: str  # money, count or pct
    higher_is_better: bool
    definition: str


#: The seven KPIs, in the order they are shown.
KPI_DEFINITIONS: tuple[KpiDefinition, ...] = (
    KpiDefinition(
        "revenue",
        "Revenue",
        "money",
        True,
        "Σ quantityOrdered × priceEach over the period's orders (status not Cancelled)",
    ),
    KpiDefinition("orders", "Orders", "count", True, "orders in the period (not Cancelled)"),
    KpiDefinition("aov", "Average order value", "money", True, "revenue / orders"),
    KpiDefinition(
        "active_customers",
        "Active customers",
        "count",
        True,
        "distinct customers with an order in the period",
    ),
    KpiDefinition(
        "gross_margin_pct",
        "Gross margin",
        "pct",
        True,
        "Σ quantityOrdered × (priceEach − buyPrice) / revenue",
    ),
    KpiDefinition(
        "on_time_pct",
        "On-time delivery",
        "pct",
        True,
        "orders of any status shipped in the period, share shipped on or before requiredDate",
    ),
    KpiDefinition(
        "top10_products_share_pct",
        "Top-10 products share",
        "pct",
        False,
        "revenue share of the period's 10 best-selling products (lower = less concentrated)",
    ),
)
KPI_NAMES: tuple[str, ...] = tuple(d.name for d in KPI_DEFINITIONS)
DEFINITIONS: dict[str, KpiDefinition] = {d.name: d for d in KPI_DEFINITIONS}

#: Decimal places kept in the output: cents for money, 1e-4 for percentages.
_DIGITS = {"money": 2, "count": 0, "pct": 4}


@dataclass(frozen=True)
class Kpi:
    name: str
    value: float | int | None
    reference: float | int | None
    delta: float | int | None
    delta_pct: float | None
    higher_is_better: bool

    @property
    def definition(self) -> KpiDefinition:
        return DEFINITIONS[self.name]

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "reference": self.reference,
            "delta": self.delta,
            "delta_pct": self.delta_pct,
            "higher_is_better": self.higher_is_better,
        }


@dataclass(frozen=True)
class Coverage:
    """How much of a period the data holds: it may start late or end early."""

    period: Period
    covered: Period | None  # None: no day of the period is in the data
    complete: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "covered": self.covered.as_list() if self.covered else None,
            "complete": self.complete,
        }


@dataclass(frozen=True)
class KpiReport:
    as_of: date
    period: str
    current_period: Period
    reference_period: Period
    kpis: dict[str, Kpi]
    coverage: dict[str, Coverage]
    data_span: Period | None
    notes: list[str] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return PERIOD_LABELS[self.period]

    def to_dict(self) -> dict[str, Any]:
        """The fixed JSON shape of the issue, plus ``coverage`` and ``notes``."""
        return {
            "as_of": self.as_of.isoformat(),
            "period": self.period,
            "current_period": self.current_period.as_list(),
            "reference_period": self.reference_period.as_list(),
            "kpis": {name: kpi.to_dict() for name, kpi in self.kpis.items()},
            "coverage": {
                "data": self.data_span.as_list() if self.data_span else None,
                "current": self.coverage["current"].to_dict(),
                "reference": self.coverage["reference"].to_dict(),
            },
            "notes": list(self.notes),
        }


def as_catalogue(db_or_catalogue: Database | Catalogue) -> Catalogue:
    if isinstance(db_or_catalogue, Catalogue):
        return db_or_catalogue
    return Catalogue(db_or_catalogue)


def resolve_as_of(catalogue: Catalogue, as_of: str | date | None) -> date:
    """The user's as-of date, or the latest orderDate in the data."""
    parsed = parse_as_of(as_of)
    if parsed is not None:
        return parsed
    return date.fromisoformat(catalogue.latest_order_date())


def compute_kpis(
    db_or_catalogue: Database | Catalogue,
    as_of: str | date | None = None,
    period: str = DEFAULT_PERIOD,
) -> KpiReport:
    """The seven KPIs of ``period`` as of ``as_of``, against the like-for-like reference."""
    period = check_period(period)
    catalogue = as_catalogue(db_or_catalogue)
    day = resolve_as_of(catalogue, as_of)
    current, reference = period_bounds(period, day)
    # Nothing after the as-of date is known "as of" it (only `year` can reach past it).
    counted_current = Period(current.start, min(current.end, day))
    now = _period_row(catalogue, counted_current)
    before = _period_row(catalogue, reference)
    kpis = {d.name: _kpi(d, now.get(d.name), before.get(d.name)) for d in KPI_DEFINITIONS}
    span = _data_span(now)
    coverage = {
        "current": _coverage(current, span, day),
        "reference": _coverage(reference, span, day),
    }
    notes = _notes(period, day, current, reference, coverage, span, now, before)
    return KpiReport(day, period, current, reference, kpis, coverage, span, notes)


def _period_row(catalogue: Catalogue, period: Period) -> dict[str, Any]:
    frame = catalogue.run(KPI_QUERY, start=period.start, end=period.end)
    return {k: _clean(v) for k, v in frame.iloc[0].to_dict().items()}


def _clean(value: Any) -> Any:
    """pandas missing values (NaN, NA, NaT) become None: the output never shows NaN."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _round(value: float | int | None, unit: str) -> float | int | None:
    if value is None:
        return None
    if unit == "count":
        return round(value)
    return round(float(value), _DIGITS[unit]) + 0.0  # + 0.0 turns -0.0 into 0.0


def _kpi(d: KpiDefinition, value: Any, reference: Any) -> Kpi:
    if d.unit == "count":  # no orders is 0 orders, not unknown
        value = 0 if value is None else value
        reference = 0 if reference is None else reference
    # Deltas from the rounded figures, so value − reference = delta exactly as printed.
    value, reference = _round(value, d.unit), _round(reference, d.unit)
    delta = None if value is None or reference is None else _round(value - reference, d.unit)
    delta_pct = None
    if delta is not None and reference != 0:
        delta_pct = round(100.0 * delta / abs(reference), 4) + 0.0
    return Kpi(d.name, value, reference, delta, delta_pct, d.higher_is_better)


def _data_span(row: dict[str, Any]) -> Period | None:
    first, last = row.get("data_first_order"), row.get("data_last_order")
    if first is None or last is None:
        return None
    return Period(first, last)


def _coverage(period: Period, span: Period | None, as_of: date) -> Coverage:
    if span is None:
        return Coverage(period, None, False)
    start = max(period.start, span.start)
    end = min(period.end, span.end, as_of)
    covered = Period(start, end) if start <= end else None
    return Coverage(period, covered, covered == period)


def _notes(
    period: str,
    as_of: date,
    current: Period,
    reference: Period,
    coverage: dict[str, Coverage],
    span: Period | None,
    now: dict[str, Any],
    before: dict[str, Any],
) -> list[str]:
    """Plain sentences on anything that makes the comparison less than like-for-like."""
    notes: list[str] = []
    if span is None:
        return ["the database holds no orders."]
    for role, cov in (("current", current), ("reference", reference)):
        c = coverage[role]
        if c.complete:
            continue
        if c.covered is None:
            notes.append(
                f"the data ({span}) holds no day of the {role} period {cov}; "
                f"its KPIs are zero or empty."
            )
            continue
        gaps = []
        if c.covered.start > cov.start:
            gaps.append(f"starts on {c.covered.start.isoformat()}")
        if c.covered.end < cov.end:
            why = "the as-of date" if c.covered.end == as_of else "the last order in the data"
            gaps.append(f"ends on {c.covered.end.isoformat()}, {why},")
        notes.append(
            f"the {role} period {cov} is not fully covered: what is counted "
            f"{' and '.join(gaps)} covering {c.covered.days} of {cov.days} days."
        )
    if period == "year" and not (coverage["current"].complete and coverage["reference"].complete):
        notes.append(
            f"the data does not cover both {current.start.year} and {reference.start.year} "
            "completely, so the year-on-year deltas compare unequal spans; "
            "use --period ytd for a like-for-like comparison."
        )
    if not now.get("shipped_orders") and not before.get("shipped_orders"):
        notes.append("no order was shipped in either period: on-time delivery is empty.")
    return notes
