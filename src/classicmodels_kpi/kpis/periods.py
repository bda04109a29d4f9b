"""Which dates a KPI period covers, and the like-for-like period it is compared with.

Plain date arithmetic, kept apart from SQL so it can be tested as input/expected pairs. The
reference of ytd, qtd and mtd is the same calendar dates one year earlier, and ``year`` is the
last complete calendar year against the one before, so a partial year is never compared with a
full one (the original dashboard's −87 % "YoY" came from doing exactly that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from classicmodels_kpi.errors import ParameterError

PERIODS: tuple[str, ...] = ("ytd", "qtd", "mtd", "ttm", "year")
DEFAULT_PERIOD = "ytd"

PERIOD_LABELS: dict[str, str] = {
    "ytd": "year to date",
    "qtd": "quarter to date",
    "mtd": "month to date",
    "ttm": "trailing 12 months",
    "year": "last full calendar year",
}


@dataclass(frozen=True)
class Period:
    """Both ends included."""

    start: date
    end: date

    def as_list(self) -> list[str]:
        return [self.start.isoformat(), self.end.isoformat()]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return f"{self.start.isoformat()} … {self.end.isoformat()}"


def shift_years(day: date, years: int) -> date:
    """The same calendar date ``years`` later (negative: earlier); 29 Feb becomes 28 Feb."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def period_bounds(period: str, as_of: date) -> tuple[Period, Period]:
    """(current, reference) for ``period`` as of ``as_of``."""
    period = check_period(period)
    if period == "year":
        # the last complete calendar year: the as-of year itself only on 31 December, so two
        # whole years are compared (a part of one year against a whole one is not like for like)
        year = as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1
        return (
            Period(date(year, 1, 1), date(year, 12, 31)),
            Period(date(year - 1, 1, 1), date(year - 1, 12, 31)),
        )
    if period == "ttm":
        year_ago = shift_years(as_of, -1)
        return (
            Period(year_ago + timedelta(days=1), as_of),
            Period(shift_years(as_of, -2) + timedelta(days=1), year_ago),
        )
    if period == "ytd":
        start = date(as_of.year, 1, 1)
    elif period == "qtd":
        start = quarter_start(as_of)
    else:  # mtd
        start = date(as_of.year, as_of.month, 1)
    return Period(start, as_of), Period(shift_years(start, -1), shift_years(as_of, -1))


def check_period(period: str) -> str:
    value = str(period).strip().lower()
    if value not in PERIODS:
        raise ParameterError(f"unknown period {period!r}: use one of {', '.join(PERIODS)}.")
    return value


def parse_as_of(value: str | date | None) -> date | None:
    """An as-of date from the user; None keeps the default (the latest orderDate)."""
    if value is None:
        return None
    if isinstance(value, date):
        return check_as_of(value)
    text = str(value).strip()
    if not text:
        return None
    from classicmodels_kpi.catalogue import parse_day

    try:
        day = parse_day(text)
    except ValueError:
        raise ParameterError(
            f"bad as-of date {text!r}: expected YYYY-MM-DD, a real calendar date."
        ) from None
    return check_as_of(day)


def check_as_of(day: date) -> date:
    """The as-of date within the catalogue's dates (a year-1 date broke the year before it)."""
    from classicmodels_kpi.catalogue import EARLIEST_DATE, LATEST_DATE

    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ParameterError(
            f"as-of date {day.isoformat()} is out of range: dates go from "
            f"{EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}."
        )
    return day
