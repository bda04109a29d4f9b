"""Everything the report shows, gathered once: the KPIs, the insights and the chart data.

``gather`` computes the KPIs; the insights follow on first use of ``ReportData.insights``.

All of it comes from the catalogue through ``compute_kpis`` and ``insights``; the templates only
format. That is what makes "every number in the report equals ``cmkpi kpis`` and the catalogue"
true by construction (and tested).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.database import Database
from classicmodels_kpi.insights.model import GROUPS, Context, Finding, InsightsResult
from classicmodels_kpi.insights.registry import run_all
from classicmodels_kpi.kpis import (
    DEFAULT_PERIOD,
    KPI_DEFINITIONS,
    KpiReport,
    as_catalogue,
    compute_kpis,
    resolve_as_of,
)
from classicmodels_kpi.kpis import format as kf

TITLE = "ClassicModels executive KPI report"

#: Report sections for the insights; data quality has its own section.
INSIGHT_GROUPS: tuple[str, ...] = tuple(g for g in GROUPS if g != "data quality")
QUALITY_GROUP = "data quality"


@dataclass
class ReportData:
    title: str
    source: str
    kpis: KpiReport
    context: Context
    kpi_rows: list[dict[str, str]] = field(default_factory=list)
    found: InsightsResult | None = field(default=None, repr=False)

    @property
    def insights(self) -> InsightsResult:
        """The findings, computed on first use: the page's KPIs and charts do not wait for them
        (the PDF's browser draws the charts meanwhile). Queries run once either way: the
        charts and the insights share the context's results."""
        if self.found is None:
            self.found = run_all(self.context)
        return self.found

    @property
    def as_of(self) -> date:
        return self.kpis.as_of

    @property
    def groups(self) -> dict[str, list[Finding]]:
        by_group = self.insights.by_group()
        return {g: by_group[g] for g in INSIGHT_GROUPS}

    @property
    def quality_findings(self) -> list[Finding]:
        return self.insights.by_group()[QUALITY_GROUP]

    @property
    def recommendations(self) -> list[Finding]:
        return self.insights.recommendations

    @property
    def definitions(self) -> list[dict[str, str]]:
        return [
            {"label": d.label, "name": d.name, "definition": d.definition} for d in KPI_DEFINITIONS
        ]

    def to_dict(self) -> dict[str, Any]:
        """The report's numbers as JSON: the KPI JSON and the insights JSON side by side."""
        return {"kpis": self.kpis.to_dict(), "insights": self.insights.to_dict()}


def gather(
    db: Database | Catalogue,
    as_of: str | date | None = None,
    period: str = DEFAULT_PERIOD,
) -> ReportData:
    catalogue = as_catalogue(db)
    day = resolve_as_of(catalogue, as_of)
    kpis = compute_kpis(catalogue, as_of=day, period=period)
    return ReportData(
        title=TITLE,
        source=catalogue.db.display_url,
        kpis=kpis,
        context=Context(catalogue, day),
        kpi_rows=[kf.kpi_row(k) for k in kpis.kpis.values()],
    )
