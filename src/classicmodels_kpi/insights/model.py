"""What an insight is: a finding computed from one catalogue query, or the reason it was skipped."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from classicmodels_kpi.catalogue import Catalogue

#: pandas copies a frame's data on its first change after a shallow copy (always so in pandas 3).
_COPY_ON_WRITE: bool = int(pd.__version__.split(".")[0]) >= 3 or bool(
    pd.get_option("mode.copy_on_write") is True
)

#: The report's sections, in order.
GROUPS: tuple[str, ...] = (
    "customers & geography",
    "products",
    "operations & risk",
    "predictive",
    "sales organisation",
    "data quality",
)
#: info: worth knowing; warning: worth acting on; critical: act now.
SEVERITIES: tuple[str, ...] = ("info", "warning", "critical")


@dataclass(frozen=True)
class Finding:
    id: str
    group: str
    headline: str
    numbers: dict[str, Any]
    source: str
    severity: str = "info"
    recommendation: str | None = None

    def __post_init__(self) -> None:
        assert self.group in GROUPS, self.group
        assert self.severity in SEVERITIES, self.severity
        # a sentence ending on a name that ends in a full stop ('… Co.') gets one, not two
        for name in ("headline", "recommendation"):
            text = getattr(self, name)
            if text and text.endswith(".."):
                object.__setattr__(self, name, text[:-1])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "group": self.group,
            "headline": self.headline,
            "numbers": self.numbers,
            "source": self.source,
            "severity": self.severity,
            "recommendation": self.recommendation,
        }


@dataclass(frozen=True)
class Skipped:
    id: str
    group: str
    source: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "group": self.group, "source": self.source, "reason": self.reason}


@dataclass
class InsightsResult:
    as_of: date
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def by_group(self) -> dict[str, list[Finding]]:
        return {g: [f for f in self.findings if f.group == g] for g in GROUPS}

    def get(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == finding_id), None)

    @property
    def recommendations(self) -> list[Finding]:
        """Findings with a recommendation, most severe first (stable within a severity)."""
        ranked = [f for f in self.findings if f.recommendation]
        return sorted(ranked, key=lambda f: -SEVERITIES.index(f.severity))

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "findings": [f.to_dict() for f in self.findings],
            "skipped": [s.to_dict() for s in self.skipped],
        }


class Skip(Exception):
    """Raised by a finding whose data is missing; the message is the reason shown to the user."""


@dataclass(frozen=True)
class FindingSpec:
    id: str
    group: str
    source: str
    build: Callable[[Context], Finding | list[Finding]]


#: Queries run side by side by Context.prefetch (two cores is the machine we plan for).
PREFETCH_WORKERS = 2


class Context:
    """What a finding may use: the catalogue (results cached per query) and the as-of date."""

    def __init__(self, catalogue: Catalogue, as_of: date) -> None:
        self.catalogue = catalogue
        self.as_of = as_of
        self._frames: dict[tuple[str, tuple[tuple[str, Any], ...]], pd.DataFrame] = {}
        self._row_counts: dict[str, int] | None = None

    def has(self, name: str) -> bool:
        return name in self.catalogue.queries

    def run(self, name: str, **params: Any) -> pd.DataFrame:
        """Run a query as of the report date (when it takes one); Skip if it is not written."""
        if not self.has(name):
            raise Skip(f"the catalogue has no query {name!r}")
        query = self.catalogue.queries[name]
        if query.param("as_of") is not None:
            params.setdefault("as_of", self.as_of)
        key = (name, tuple(sorted(params.items())))
        if key not in self._frames:
            self._frames[key] = self.catalogue.run(name, **params)
        # Each caller gets its own frame: with copy-on-write (pandas 3) a shallow copy is enough,
        # as any change to it copies the data first; a deep copy of every frame for every finding
        # and chart was a tenth of the report's own work.
        return self._frames[key].copy(deep=not _COPY_ON_WRITE)

    def prefetch(self, names: Iterable[str], workers: int | None = None) -> None:
        """Run these queries (default parameters, as of the report date) side by side.

        The engines work outside Python's lock (SQLite's step, DuckDB's and the servers' whole
        query), so two queries at a time use both cores of a small machine; each thread has its
        own connection from the pool. A query that fails here is left out: it runs again when a
        finding asks for it, and fails there with its own error, as without prefetching.
        """
        workers = PREFETCH_WORKERS if workers is None else workers
        todo = [name for name in dict.fromkeys(names) if self.has(name)]
        if workers < 2 or len(todo) < 2:
            return
        from concurrent.futures import ThreadPoolExecutor

        try:  # looked up once (with the schema's real names), before the threads need them
            self.catalogue.latest_order_date()
        except Exception:
            return  # e.g. no orders at all: the findings run one by one and say why

        def fetch(name: str) -> None:
            with contextlib.suppress(Exception):
                self.run(name)

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cmkpi-prefetch") as pool:
            list(pool.map(fetch, todo))

    def row_count(self, table: str) -> int:
        """Rows of a table, from the catalogue's table_row_counts."""
        if self._row_counts is None:
            frame = self.run("table_row_counts")
            self._row_counts = {
                str(t): int(n) for t, n in zip(frame["table_name"], frame["row_count"], strict=True)
            }
        return self._row_counts.get(table, 0)

    def require_rows(self, table: str, what: str) -> None:
        """Skip when a table the finding needs is empty: the finding is never invented."""
        if self.row_count(table) == 0:
            raise Skip(f"the {table} table is empty: no {what} to report")


def clean(value: Any) -> Any:
    """A JSON-safe Python value: numpy scalars unwrapped, NaN/NA/NaT to None, dates to text."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def money(value: Any) -> float | None:
    """A money number as shown in insights: rounded to cents."""
    v = clean(value)
    return None if v is None else round(float(v), 2) + 0.0


def pct(value: Any) -> float | None:
    """A percentage as kept in insights: 0–100, rounded to 0.01."""
    v = clean(value)
    return None if v is None else round(float(v), 2) + 0.0


def iter_rows(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    for record in frame.to_dict("records"):
        yield {k: clean(v) for k, v in record.items()}
