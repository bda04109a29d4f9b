"""Executive KPIs: seven numbers for a period, each against the same period one year earlier.

``compute_kpis(db, as_of="2005-05-31", period="ytd").to_dict()`` gives the JSON of ``cmkpi kpis``.
"""

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
from classicmodels_kpi.kpis.periods import (
    DEFAULT_PERIOD,
    PERIOD_LABELS,
    PERIODS,
    Period,
    parse_as_of,
    period_bounds,
    shift_years,
)

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
