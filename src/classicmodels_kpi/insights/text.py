"""How numbers read in a headline: the same formats as the KPI table, whole dollars for amounts."""

from __future__ import annotations

from collections.abc import Iterable

from classicmodels_kpi.kpis import format as kf


def usd(value: float | None) -> str:
    """Whole dollars: headlines speak of amounts, the numbers dict keeps the cents."""
    return kf.money(value, decimals=0)


def pct(value: float | None) -> str:
    return kf.pct(value)


def pp(value: float | None) -> str:
    return kf.pct(value, unit=" pp")


def count(value: float | None) -> str:
    return kf.count(value)


def ratio(value: float | None, decimals: int = 2) -> str:
    return kf.MISSING if value is None else f"{value:,.{decimals}f}"


def names(items: Iterable[object], limit: int | None = None) -> str:
    """'a, b and c'; beyond ``limit`` items: 'a, b, c, d, e and 3 more'."""
    parts = [str(i) for i in items]
    sep = "; " if any("," in p for p in parts) else ", "  # 'Kato, Yoshimi; King, Tom'
    if limit is not None and len(parts) > limit:
        rest = len(parts) - limit
        parts = [*parts[:limit], f"{rest} more"]
    if not parts:
        return "none"
    if len(parts) == 1:
        return parts[0]
    return sep.join(parts[:-1]) + " and " + parts[-1]


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{count(n)} {word if n == 1 else (many or word + 's')}"


def the(n: int, word: str, many: str | None = None) -> str:
    """'the customer' for one, 'the 3 customers' for more: no 'the 1 customer'."""
    return f"the {word}" if n == 1 else f"the {plural(n, word, many)}"


def verb(n: int, one: str, many: str) -> str:
    """The verb agreeing with a count: verb(1, 'is', 'are') → 'is'."""
    return one if n == 1 else many


def which(total: int, items: list[str]) -> str:
    """The named items of ``total``: 'starting with a, b and c' when there are more, else
    just 'a and b' (no 'starting with' a list that is complete)."""
    listed = names(items)
    return f"starting with {listed}" if total > len(items) else listed
