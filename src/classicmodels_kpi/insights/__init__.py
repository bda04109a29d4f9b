"""Insights: findings computed from the catalogue, each with its numbers, the query it came from,
a severity and, wherever one follows from the numbers, a recommendation.

``insights(db, as_of="2005-05-31")`` returns an :class:`InsightsResult` with ``.findings`` and
``.skipped`` (findings left out because their data is missing, with the reason: never invented).
"""

from __future__ import annotations

from datetime import date

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.database import Database
from classicmodels_kpi.insights import findings as _findings  # noqa: F401 - registers builders
from classicmodels_kpi.insights.model import (
    GROUPS,
    SEVERITIES,
    Context,
    Finding,
    InsightsResult,
    Skipped,
)
from classicmodels_kpi.insights.registry import SPECS, run_all
from classicmodels_kpi.kpis import as_catalogue, resolve_as_of

__all__ = [
    "GROUPS",
    "SEVERITIES",
    "SPECS",
    "Finding",
    "InsightsResult",
    "Skipped",
    "insights",
]


def insights(db: Database | Catalogue, as_of: str | date | None = None) -> InsightsResult:
    """Every finding the data supports as of ``as_of`` (default: the latest orderDate)."""
    catalogue = as_catalogue(db)
    day = resolve_as_of(catalogue, as_of)
    return run_all(Context(catalogue, day))
