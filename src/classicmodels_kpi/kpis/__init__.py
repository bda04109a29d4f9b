"""Executive KPIs: seven numbers for a period, each against the same period one year earlier.

``compute_kpis(db, as_of="2005-05-31", period="ytd").to_dict()`` gives the JSON of ``cmkpi kpis``.

The period arithmetic (``periods``) is plain Python; the names from ``compute`` (which needs
pandas and the catalogue) load on first use, so the CLI can read ``PERIODS`` and
``DEFAULT_PERIOD`` for its options without importing pandas or SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from classicmodels_kpi.kpis.periods import (
    DEFAULT_PERIOD,
    PERIOD_LABELS,
    PERIODS,
    Period,
    parse_as_of,
    period_bounds,
    shift_years,
)

if TYPE_CHECKING:
    from classicmodels_kpi.kpis.compute import (
        DEFINITIONS,
        KPI_DEFINITIONS,
        KPI_NAMES,
        KPI_QUERY,
        Kpi,
        KpiDefinition,
        KpiReport,
        as_catalogue,
        compute_kpis,
        resolve_as_of,
    )

_FROM_COMPUTE = frozenset(
    {
        "DEFINITIONS",
        "KPI_DEFINITIONS",
        "KPI_NAMES",
        "KPI_QUERY",
        "Kpi",
        "KpiDefinition",
        "KpiReport",
        "as_catalogue",
        "compute_kpis",
        "resolve_as_of",
    }
)


def __getattr__(name: str) -> Any:
    if name in _FROM_COMPUTE:
        return getattr(importlib.import_module("classicmodels_kpi.kpis.compute"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_PERIOD",
    "DEFINITIONS",
    "KPI_DEFINITIONS",
    "KPI_NAMES",
    "KPI_QUERY",
    "PERIODS",
    "PERIOD_LABELS",
    "Kpi",
    "KpiDefinition",
    "KpiReport",
    "Period",
    "as_catalogue",
    "compute_kpis",
    "parse_as_of",
    "period_bounds",
    "resolve_as_of",
    "shift_years",
]
