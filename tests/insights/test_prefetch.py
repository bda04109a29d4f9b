"""The insights run their queries two at a time first; the findings must not change."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

import classicmodels_kpi.insights.model as model
from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.database import connect, parse_db
from classicmodels_kpi.insights import insights


def _insights_json(url: str, workers: int, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setattr(model, "PREFETCH_WORKERS", workers)
    with connect(parse_db(url)) as db:
        return insights(db, as_of="2005-05-31").to_dict()


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_findings_are_the_same_with_queries_run_side_by_side(
    engine: str, canonical_urls: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = canonical_urls[engine]
    one_by_one = _insights_json(url, 1, monkeypatch)
    side_by_side = _insights_json(url, 2, monkeypatch)
    assert len(one_by_one["findings"]) > 20
    assert side_by_side == one_by_one


def test_prefetch_runs_queries_on_two_threads_once_each(
    canonical_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, str]] = []
    original = Catalogue.run

    def run(self: Catalogue, name: str, **params: object):  # type: ignore[no-untyped-def]
        seen.append((name, threading.current_thread().name))
        return original(self, name, **params)

    monkeypatch.setattr(Catalogue, "run", run)
    with connect(parse_db(str(canonical_path))) as db:
        context = model.Context(Catalogue(db), insights(db).as_of)
        seen.clear()
        context.prefetch(["customer_rfm", "churn_risk", "sales_by_country", "no_such_query"])
        context.run("customer_rfm")  # served from the prefetched results
    names = [name for name, _ in seen]
    assert sorted(names) == ["churn_risk", "customer_rfm", "sales_by_country"]
    assert all(thread.startswith("cmkpi-prefetch") for _, thread in seen)


def test_a_query_failing_in_prefetch_fails_where_a_finding_asks_for_it(
    canonical_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Catalogue.run

    def run(self: Catalogue, name: str, **params: object):  # type: ignore[no-untyped-def]
        if name == "churn_risk":
            raise RuntimeError("churn_risk broke")
        return original(self, name, **params)

    monkeypatch.setattr(Catalogue, "run", run)
    with connect(parse_db(str(canonical_path))) as db:
        context = model.Context(Catalogue(db), date(2005, 5, 31))
        context.prefetch(["churn_risk", "customer_rfm"])  # no error here
        assert len(context.run("customer_rfm")) > 0
        with pytest.raises(RuntimeError, match="churn_risk broke"):
            context.run("churn_risk")


def test_no_orders_at_all_behaves_as_without_prefetch(
    canonical_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no orders there is no default as-of date: the prefetch steps aside and the outcome
    (findings and skips, or the error) is the one the findings give one by one."""
    import shutil
    import sqlite3

    path = tmp_path / "no_orders.sqlite"
    shutil.copy(canonical_path, path)
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM orderdetails")
        conn.execute("DELETE FROM orders")

    def outcome(workers: int) -> object:
        monkeypatch.setattr(model, "PREFETCH_WORKERS", workers)
        with connect(parse_db(str(path))) as db:
            try:
                return insights(db, as_of="2005-05-31").to_dict()
            except Exception as exc:  # the same error either way
                return (type(exc), str(exc))

    assert outcome(2) == outcome(1)
