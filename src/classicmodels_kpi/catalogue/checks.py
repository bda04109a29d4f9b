"""All data-quality checks of the catalogue in one run: what ``cmkpi check`` prints.

Every query of the ``quality`` layer returns findings as (check, table, key, column, value,
severity). Severities:

- ``error``: the data breaks a rule the figures rely on (a required value is missing, a key is
  duplicated, a row points to nothing, a date is impossible or out of order, an amount is zero
  or negative). Figures computed over such rows are wrong or incomplete; ``cmkpi check`` exits 1.
- ``warning``: suspect but usable (stray spaces in a grouping column, a price below cost or far
  from MSRP, a missing credit limit, negative stock). Worth a look; figures stand.
- ``info``: a fact worth knowing (a customer without a sales rep).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from classicmodels_kpi.catalogue import queries

if TYPE_CHECKING:
    from classicmodels_kpi.catalogue import Catalogue

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
FINDING_COLUMNS: tuple[str, ...] = ("check", "table", "key", "column", "value", "severity")


@dataclass
class CheckReport:
    """The findings of every quality query, by query name (in catalogue order)."""

    results: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def findings(self) -> pd.DataFrame:
        """All findings, with the query that found each, errors first."""
        frames = [f.assign(query=name) for name, f in self.results.items() if len(f)]
        if not frames:
            return pd.DataFrame(columns=["query", *FINDING_COLUMNS])
        every = pd.concat(frames, ignore_index=True)[["query", *FINDING_COLUMNS]]
        order = (
            every["severity"].map({s: i for i, s in enumerate(SEVERITIES)}).fillna(len(SEVERITIES))
        )
        return (
            every.assign(_order=order)
            .sort_values("_order", kind="stable")
            .drop(columns="_order")
            .reset_index(drop=True)
        )

    def totals(self) -> dict[str, int]:
        counts = {s: 0 for s in SEVERITIES}
        for frame in self.results.values():
            for severity, n in frame["severity"].value_counts().items():
                counts[str(severity)] = counts.get(str(severity), 0) + int(n)
        return counts

    @property
    def has_errors(self) -> bool:
        return self.totals()["error"] > 0

    def summary(self) -> list[dict[str, Any]]:
        """One row per (query, check) with counts per severity; a clean query has check None."""
        rows: list[dict[str, Any]] = []
        for name, frame in self.results.items():
            if not len(frame):
                rows.append({"query": name, "check": None, **{s: 0 for s in SEVERITIES}})
                continue
            for check_name, group in frame.groupby("check", sort=True):
                counts = group["severity"].value_counts()
                rows.append(
                    {
                        "query": name,
                        "check": str(check_name),
                        **{s: int(counts.get(s, 0)) for s in SEVERITIES},
                    }
                )
        return rows

    def to_dict(self, database: str) -> dict[str, Any]:
        findings = self.findings
        return {
            "database": database,
            "totals": self.totals(),
            "has_errors": self.has_errors,
            "checks": self.summary(),
            "findings": [
                {k: (None if pd.isna(v) else v) for k, v in row.items()}
                for row in findings.to_dict("records")
            ],
        }


def quality_queries() -> list[str]:
    return [name for name, q in queries().items() if q.layer == "quality"]


def run_checks(catalogue: Catalogue) -> CheckReport:
    """Run every quality query with its default parameters, two at a time."""
    return CheckReport(catalogue.run_many(quality_queries()))
