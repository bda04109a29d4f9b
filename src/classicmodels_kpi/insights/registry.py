"""The list of findings, in report order. A finding module registers its builders with
:func:`finding`; :func:`run_all` runs each one and collects findings and skips."""

from __future__ import annotations

from collections.abc import Callable

from classicmodels_kpi.catalogue.checks import quality_queries
from classicmodels_kpi.insights.model import (
    GROUPS,
    Context,
    Finding,
    FindingSpec,
    InsightsResult,
    Skip,
    Skipped,
)

SPECS: list[FindingSpec] = []

Builder = Callable[[Context], Finding | list[Finding]]


def finding(finding_id: str, group: str, source: str) -> Callable[[Builder], Builder]:
    """Register a builder; it returns its Finding(s) or raises Skip with the reason."""

    def register(build: Builder) -> Builder:
        if any(s.id == finding_id for s in SPECS):
            raise ValueError(f"duplicate finding id {finding_id!r}")
        SPECS.append(FindingSpec(finding_id, group, source, build))
        return build

    return register


def run_all(context: Context) -> InsightsResult:
    result = InsightsResult(as_of=context.as_of)
    context.prefetch(sources(context))
    for spec in SPECS:
        try:
            built = spec.build(context)
        except Skip as skip:
            result.skipped.append(Skipped(spec.id, spec.group, spec.source, str(skip)))
            continue
        result.findings.extend(built if isinstance(built, list) else [built])
    # Report order: by group, then in registration order within the group (sorts are stable).
    result.findings.sort(key=lambda f: GROUPS.index(f.group))
    result.skipped.sort(key=lambda s: GROUPS.index(s.group))
    return result


def sources(context: Context) -> list[str]:
    """The queries the findings read with their default parameters: their sources, and every
    quality check for the data-quality finding."""
    return ["table_row_counts", *(spec.source for spec in SPECS), *quality_queries()]
