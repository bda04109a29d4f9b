"""The peer's file and its two impossible dates (2019-02-29): nothing crashes or counts them.

SQLite stores dates as text and its date functions roll 2019-02-29 over to 2019-03-01; the
catalogue reads such a value as empty instead. The proof: every query gives on the peer file the
very result it gives on a copy where those two values really are empty.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from catalogue_helpers import assert_same, execute, open_db

from classicmodels_kpi.catalogue import Catalogue, queries

NAMES = list(queries())
GUARDED = [name for name, q in queries().items() if not q.raw_dates]


@pytest.mark.parametrize("name", NAMES)
def test_every_query_runs_on_the_peer_file(peer_catalogue: Catalogue, name: str) -> None:
    frame = peer_catalogue.run(name)
    assert list(frame.columns) == [c.name for c in queries()[name].columns]


@pytest.fixture(scope="module")
def emptied_catalogue(
    peer_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[], Catalogue]:
    """The peer file with the two impossible dates set to NULL (and nothing else changed)."""
    import shutil

    path = tmp_path_factory.mktemp("peer-emptied") / "peer.sqlite"
    shutil.copyfile(peer_path, path)
    path.chmod(0o644)
    execute(
        path,  # the columns are NOT NULL: copy the two tables without constraints first
        "CREATE TABLE orders_loose AS SELECT * FROM orders",
        "DROP TABLE orders",
        "ALTER TABLE orders_loose RENAME TO orders",
        "CREATE TABLE payments_loose AS SELECT * FROM payments",
        "DROP TABLE payments",
        "ALTER TABLE payments_loose RENAME TO payments",
        "UPDATE orders SET requiredDate = NULL WHERE requiredDate = '2019-02-29'",
        "UPDATE payments SET paymentDate = NULL WHERE paymentDate = '2019-02-29'",
    )
    with open_db(path) as db:
        assert db.run("SELECT COUNT(*) AS n FROM orders WHERE requiredDate IS NULL").iloc[0, 0] == 1
    db = open_db(path)
    yield lambda: Catalogue(db)
    db.close()


@pytest.mark.parametrize("name", GUARDED)
def test_an_impossible_date_counts_as_no_date(
    peer_catalogue: Catalogue, emptied_catalogue: Callable[[], Catalogue], name: str
) -> None:
    assert_same(emptied_catalogue().run(name), peer_catalogue.run(name), f"{name} on the peer file")


def test_payment_with_impossible_date_is_not_received(
    peer_catalogue: Catalogue, peer_path: Path
) -> None:
    import sqlite3

    with sqlite3.connect(f"file:{peer_path}?mode=ro", uri=True) as conn:
        payments = pd.read_sql("SELECT * FROM payments", conn)
    payments["paymentDate"] = pd.to_datetime(payments["paymentDate"], errors="coerce")
    assert payments["paymentDate"].isna().sum() == 1  # PT550181
    as_of = pd.Timestamp(peer_catalogue.latest_order_date())
    valid = payments[payments["paymentDate"] <= as_of]
    overview = peer_catalogue.run("business_overview").iloc[0]
    assert overview["payments_received"] == pytest.approx(valid["amount"].sum(), abs=0.005)
    summary = peer_catalogue.run("payments_summary").set_index("customerNumber")
    assert summary.loc[487, "payments"] == (valid["customerNumber"] == 487).sum()
    assert summary.loc[487, "paid"] == pytest.approx(
        valid.loc[valid["customerNumber"] == 487, "amount"].sum(), abs=0.005
    )


def test_order_with_impossible_required_date_is_not_judged_on_time(
    peer_catalogue: Catalogue,
) -> None:
    """Order 10223 shipped in 2019-02 with requiredDate 2019-02-29: neither on time nor late."""
    months = peer_catalogue.run("on_time_delivery").set_index(["grain", "period"])
    with_guard = months.loc[("month", "2019-02")]
    db = peer_catalogue.db
    shipped = db.run(
        "SELECT COUNT(*) AS n FROM orders WHERE STRFTIME(shippedDate, '%Y-%m') = '2019-02'"
    ).iloc[0, 0]
    assert with_guard["shipped_orders"] == shipped - 1
    assert with_guard["on_time_orders"] + with_guard["late_orders"] == shipped - 1


def test_period_kpis_neither_count_an_impossible_required_date_late_nor_on_time(
    peer_catalogue: Catalogue, emptied_catalogue: Callable[[], Catalogue]
) -> None:
    """Order 10223 (requiredDate 2019-02-29) is left out of period_kpis' shipping figures, as
    on_time_delivery leaves it out: not late, not on time."""
    db = peer_catalogue.db
    shipped = db.run(
        "SELECT COUNT(*) AS n FROM orders "
        "WHERE shippedDate BETWEEN CAST('2019-02-01' AS DATE) AND CAST('2019-02-28' AS DATE)"
    ).iloc[0, 0]
    period = {"start": "2019-02-01", "end": "2019-02-28"}
    kpis = peer_catalogue.run("period_kpis", **period).iloc[0]
    assert kpis["shipped_orders"] == shipped - 1
    late = kpis["shipped_orders"] - kpis["on_time_orders"]
    month = peer_catalogue.run("on_time_delivery").set_index(["grain", "period"])
    month = month.loc[("month", "2019-02")]
    assert (kpis["on_time_orders"], late) == (month["on_time_orders"], month["late_orders"])
    assert_same(
        emptied_catalogue().run("period_kpis", **period),
        peer_catalogue.run("period_kpis", **period),
        "period_kpis of 2019-02 on the peer file",
    )
