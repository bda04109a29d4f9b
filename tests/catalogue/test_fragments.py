"""Shared SQL fragments (``-- include: NAME``): expanded once, everywhere, nested included."""

from __future__ import annotations

import re

import pytest

from classicmodels_kpi.catalogue import FRAGMENTS, expand_includes, queries

INCLUDE = re.compile(r"^--\s*include:", re.MULTILINE)


def test_no_query_runs_with_an_include_line_left() -> None:
    included = 0
    for name, query in queries().items():
        if query.python:
            continue
        assert not INCLUDE.search(query.sql), name
        included += "order_totals AS" in query.sql or "calendar (yr" in query.sql
    assert included >= 10  # the fragments are in use


def test_every_fragment_is_used_and_defines_each_cte_once() -> None:
    sources = [p.read_text(encoding="utf-8") for p in FRAGMENTS.parent.rglob("*.sql")]
    for fragment in sorted(FRAGMENTS.glob("*.sql")):
        name = fragment.stem
        users = [s for s in sources if re.search(rf"^--\s*include:\s*{name}\s*$", s, re.M)]
        assert users, f"fragment {name} is included nowhere"
        sql = expand_includes(f"WITH\n-- include: {name}\nx AS (SELECT 1) SELECT * FROM x")
        ctes = re.findall(r"^(\w+)(?: \([^)]*\))? AS \($", sql, re.M)
        assert ctes and len(ctes) == len(set(ctes)), (name, ctes)


def test_a_fragment_builds_on_another() -> None:
    sql = expand_includes("WITH\n-- include: order_revenue\nx AS (SELECT 1) SELECT * FROM x")
    assert sql.count("order_totals AS (") == 1 and sql.count("order_revenue AS (") == 1
    assert sql.index("order_totals AS (") < sql.index("order_revenue AS (")
    assert not INCLUDE.search(sql)


def test_an_unknown_fragment_is_named() -> None:
    with pytest.raises(ValueError, match="no fragment 'nope'"):
        expand_includes("WITH\n-- include: nope\nSELECT 1", "mine.sql")
