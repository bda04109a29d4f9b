"""Period arithmetic as plain input/expected pairs."""

from __future__ import annotations

from datetime import date

import pytest

from classicmodels_kpi.errors import ParameterError
from classicmodels_kpi.kpis.periods import parse_as_of, period_bounds, shift_years

D = date.fromisoformat

CASES = [
    # period, as_of, current (start, end), reference (start, end)
    ("ytd", "2005-05-31", ("2005-01-01", "2005-05-31"), ("2004-01-01", "2004-05-31")),
    ("ytd", "2004-02-29", ("2004-01-01", "2004-02-29"), ("2003-01-01", "2003-02-28")),
    ("ytd", "2005-02-28", ("2005-01-01", "2005-02-28"), ("2004-01-01", "2004-02-28")),
    ("ytd", "2005-01-01", ("2005-01-01", "2005-01-01"), ("2004-01-01", "2004-01-01")),
    ("ytd", "2004-12-31", ("2004-01-01", "2004-12-31"), ("2003-01-01", "2003-12-31")),
    ("qtd", "2005-05-31", ("2005-04-01", "2005-05-31"), ("2004-04-01", "2004-05-31")),
    ("qtd", "2004-02-29", ("2004-01-01", "2004-02-29"), ("2003-01-01", "2003-02-28")),
    ("qtd", "2004-09-30", ("2004-07-01", "2004-09-30"), ("2003-07-01", "2003-09-30")),
    ("qtd", "2004-12-01", ("2004-10-01", "2004-12-01"), ("2003-10-01", "2003-12-01")),
    ("mtd", "2005-05-31", ("2005-05-01", "2005-05-31"), ("2004-05-01", "2004-05-31")),
    ("mtd", "2004-02-29", ("2004-02-01", "2004-02-29"), ("2003-02-01", "2003-02-28")),
    ("mtd", "2005-03-15", ("2005-03-01", "2005-03-15"), ("2004-03-01", "2004-03-15")),
    ("ttm", "2005-05-31", ("2004-06-01", "2005-05-31"), ("2003-06-01", "2004-05-31")),
    ("ttm", "2004-02-29", ("2003-03-01", "2004-02-29"), ("2002-03-01", "2003-02-28")),
    ("ttm", "2005-02-28", ("2004-02-29", "2005-02-28"), ("2003-03-01", "2004-02-28")),
    ("ttm", "2004-12-31", ("2004-01-01", "2004-12-31"), ("2003-01-01", "2003-12-31")),
    # the last full calendar year: the as-of year only once it is over
    ("year", "2005-05-31", ("2004-01-01", "2004-12-31"), ("2003-01-01", "2003-12-31")),
    ("year", "2004-02-29", ("2003-01-01", "2003-12-31"), ("2002-01-01", "2002-12-31")),
    ("year", "2004-12-31", ("2004-01-01", "2004-12-31"), ("2003-01-01", "2003-12-31")),
    ("year", "2005-01-01", ("2004-01-01", "2004-12-31"), ("2003-01-01", "2003-12-31")),
]


@pytest.mark.parametrize(("period", "as_of", "current", "reference"), CASES)
def test_period_bounds(
    period: str, as_of: str, current: tuple[str, str], reference: tuple[str, str]
) -> None:
    now, before = period_bounds(period, D(as_of))
    assert (now.start, now.end) == (D(current[0]), D(current[1]))
    assert (before.start, before.end) == (D(reference[0]), D(reference[1]))


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        ("2004-02-29", -1, "2003-02-28"),
        ("2004-02-29", -4, "2000-02-29"),
        ("2004-02-29", 1, "2005-02-28"),
        ("2005-03-01", -1, "2004-03-01"),
        ("2005-12-31", -2, "2003-12-31"),
    ],
)
def test_shift_years(day: str, years: int, expected: str) -> None:
    assert shift_years(D(day), years) == D(expected)


def test_ttm_periods_are_contiguous_and_a_year_long() -> None:
    for as_of in ("2004-02-29", "2005-02-28", "2005-03-01", "2005-05-31"):
        now, before = period_bounds("ttm", D(as_of))
        assert (now.start - before.end).days == 1
        assert now.days in (365, 366) and before.days in (365, 366)


@pytest.mark.parametrize("period", ["week", "", "YTDX"])
def test_unknown_period_is_a_parameter_error(period: str) -> None:
    with pytest.raises(ParameterError, match="ytd, qtd, mtd, ttm, year"):
        period_bounds(period, D("2005-05-31"))


@pytest.mark.parametrize("text", ["2005-02-30", "31/05/2005", "yesterday", "2019-02-29"])
def test_bad_as_of_is_a_parameter_error(text: str) -> None:
    with pytest.raises(ParameterError, match="YYYY-MM-DD"):
        parse_as_of(text)


def test_as_of_parses_and_none_means_default() -> None:
    assert parse_as_of(" 2005-05-31 ") == D("2005-05-31")
    assert parse_as_of(None) is None
    assert parse_as_of("") is None
