"""``cmkpi generate``: deterministic, shaped like the sample at scale 1, linear in the scale."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from sampledata_helpers import ALL_ENGINES, one_error_line, read_rows, run_main
from sqlalchemy.engine import make_url

from classicmodels_kpi.database.schema import TABLE_ORDER
from classicmodels_kpi.sampledata.generator import SyntheticData
from classicmodels_kpi.sampledata.writer import write_tables

#: The six statuses of the sample.
STATUSES = {"Shipped", "Cancelled", "Resolved", "On Hold", "Disputed", "In Process"}


def _generate(path: Path, scale: float, seed: int) -> Path:
    write_tables(make_url(f"sqlite:///{path}"), SyntheticData(scale, seed).batches())
    return path


def _tables(path: Path) -> dict[str, pd.DataFrame]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        frames = {t: pd.read_sql(f"SELECT * FROM {t}", conn) for t in TABLE_ORDER}
    for table, columns in {
        "orders": ["orderDate", "requiredDate", "shippedDate"],
        "payments": ["paymentDate"],
    }.items():
        for column in columns:
            frames[table][column] = pd.to_datetime(frames[table][column])
    return frames


@pytest.fixture(scope="module", params=[42, 7])
def scale_one(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("generated") / f"scale1-{request.param}.sqlite"
    return _tables(_generate(path, 1, request.param))


def test_same_seed_and_scale_give_identical_rows(tmp_path: Path) -> None:
    dumps = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        path = _generate(tmp_path / f"{name}.sqlite", 1, seed)
        with sqlite3.connect(path) as conn:
            dumps.append("\n".join(conn.iterdump()))
    assert dumps[0] == dumps[1]
    assert dumps[0] != dumps[2]
    assert dumps[0].count("INSERT INTO") > 3000


def test_catalogue_at_scale_one(scale_one: dict[str, pd.DataFrame]) -> None:
    products, lines = scale_one["products"], scale_one["productlines"]
    assert len(lines) == 7
    assert 100 <= len(products) <= 120
    assert (products["buyPrice"] < products["MSRP"]).all()
    assert (products["buyPrice"] > 0).all()
    assert set(products["productLine"]) == set(lines["productLine"])
    assert products["productCode"].is_unique and products["productName"].is_unique


def test_customers_at_scale_one(
    scale_one: dict[str, pd.DataFrame], canonical_tables: dict[str, pd.DataFrame]
) -> None:
    customers, orders = scale_one["customers"], scale_one["orders"]
    assert 110 <= len(customers) <= 135
    sample_countries = set(canonical_tables["customers"]["country"].str.strip())
    assert set(customers["country"]) <= sample_countries  # one spelling: "USA", "UK", …
    assert 25 <= customers["country"].nunique() <= 28
    assert (customers["country"] == customers["country"].str.strip()).all()
    no_rep = customers[customers["salesRepEmployeeNumber"].isna()]
    assert 12 <= len(no_rep) <= 30
    assert (no_rep["creditLimit"] == 0).all()
    without_orders = ~customers["customerNumber"].isin(orders["customerNumber"])
    assert 12 <= without_orders.sum() <= 35
    assert without_orders.sum() > len(no_rep)  # some with a rep have not ordered yet either


def test_revenue_is_pareto_spread(scale_one: dict[str, pd.DataFrame]) -> None:
    lines = scale_one["orderdetails"].merge(scale_one["orders"], on="orderNumber")
    revenue = (
        (lines["quantityOrdered"] * lines["priceEach"])
        .groupby(lines["customerNumber"])
        .sum()
        .sort_values(ascending=False)
    )
    top_fifth = revenue.head(round(len(revenue) * 0.2)).sum() / revenue.sum()
    assert 0.32 <= top_fifth <= 0.6  # the sample: 0.40
    assert revenue.iloc[0] > 4 * revenue.median()


def test_staff_reporting_tree(scale_one: dict[str, pd.DataFrame]) -> None:
    employees, offices = scale_one["employees"], scale_one["offices"]
    assert len(offices) == 7
    assert 20 <= len(employees) <= 26
    assert (employees["jobTitle"] == "Sales Rep").sum() == 17
    top = employees[employees["reportsTo"].isna()]
    assert list(top["jobTitle"]) == ["President"]
    boss = dict(zip(employees["employeeNumber"], employees["reportsTo"], strict=True))
    president = int(top["employeeNumber"].iloc[0])
    for number in boss:  # every chain ends at the President, without cycles
        seen, current = set(), number
        while current != president:
            assert current not in seen
            seen.add(current)
            current = int(boss[current])
    assert set(employees["officeCode"]) <= set(offices["officeCode"])
    reps = set(employees.loc[employees["jobTitle"] == "Sales Rep", "employeeNumber"])
    assert set(scale_one["customers"]["salesRepEmployeeNumber"].dropna().astype(int)) <= reps


def test_orders_calendar_and_statuses(scale_one: dict[str, pd.DataFrame]) -> None:
    orders = scale_one["orders"]
    assert 300 <= len(orders) <= 350
    months = orders["orderDate"].dt.to_period("M")
    assert months.min() == pd.Period("2003-01") and months.max() == pd.Period("2005-05")
    assert months.nunique() == 29
    per_month = months.value_counts()
    for year in (2003, 2004):
        in_year = per_month[[m for m in per_month.index if m.year == year]]
        assert in_year.idxmax() == pd.Period(f"{year}-11")
    share = orders["status"].value_counts(normalize=True)
    assert set(share.index) == STATUSES
    assert 0.85 <= share["Shipped"] <= 0.97
    unshipped = orders[orders["shippedDate"].isna()]
    assert len(unshipped) >= 5
    assert set(unshipped["status"]) <= {"In Process", "On Hold", "Cancelled"}
    in_process = orders[orders["status"] == "In Process"]
    assert (in_process["orderDate"] >= orders["orderDate"].max() - pd.Timedelta(days=45)).all()
    shipped = orders.dropna(subset=["shippedDate"])
    assert (shipped["shippedDate"] >= shipped["orderDate"]).all()
    late = shipped["shippedDate"] > shipped["requiredDate"]
    assert 1 <= late.sum() <= 10
    assert (orders["requiredDate"] > orders["orderDate"]).all()


def test_order_lines(scale_one: dict[str, pd.DataFrame]) -> None:
    lines = scale_one["orderdetails"].merge(scale_one["products"], on="productCode")
    per_order = lines.groupby("orderNumber").size()
    assert set(per_order.index) == set(scale_one["orders"]["orderNumber"])
    assert 8 <= per_order.mean() <= 10.5
    assert (lines["priceEach"] <= lines["MSRP"]).all()
    assert (lines["priceEach"] >= 0.75 * lines["MSRP"]).all()
    assert (lines["quantityOrdered"] > 0).all()
    numbering = lines.groupby("orderNumber")["orderLineNumber"].agg(["min", "max", "count"])
    assert (numbering["min"] == 1).all() and (numbering["max"] == numbering["count"]).all()


def test_payments_lag_shipments_and_cover_most(scale_one: dict[str, pd.DataFrame]) -> None:
    orders, payments = scale_one["orders"], scale_one["payments"]
    lines = scale_one["orderdetails"]
    assert 230 <= len(payments) <= 330
    first_shipped = orders.dropna(subset=["shippedDate"]).groupby("customerNumber")["shippedDate"]
    after = payments["paymentDate"] > payments["customerNumber"].map(first_shipped.min())
    assert after.all()
    assert payments["paymentDate"].max() <= orders["orderDate"].max()
    shipped = orders.loc[orders["status"].isin(["Shipped", "Resolved"]), "orderNumber"]
    invoiced = lines[lines["orderNumber"].isin(shipped)]
    value = (invoiced["quantityOrdered"] * invoiced["priceEach"]).sum()
    assert 0.8 <= payments["amount"].sum() / value < 1.0


def test_linear_growth(tmp_path: Path) -> None:
    small = _tables(_generate(tmp_path / "s1.sqlite", 1, 11))
    large = _tables(_generate(tmp_path / "s3.sqlite", 3, 11))
    ratio = {t: len(large[t]) / len(small[t]) for t in TABLE_ORDER}
    for table in ("orders", "orderdetails", "customers", "payments"):
        assert 2.7 <= ratio[table] <= 3.3, (table, ratio[table])
    assert 1.0 < ratio["products"] < 1.6
    assert 1.0 < ratio["employees"] < 2.0
    assert ratio["offices"] == ratio["productlines"] == 1


def test_batches_are_bounded() -> None:
    data = SyntheticData(2, 5, batch_orders=100)
    seen: list[int] = []
    sizes: dict[str, int] = {}
    for table, frame in data.batches(on_orders=seen.append):
        sizes[table] = max(sizes.get(table, 0), len(frame))
    assert sizes["orders"] == 100
    assert sizes["orderdetails"] <= 100 * 17
    assert sum(seen) == data.order_count == 652


@pytest.mark.parametrize("kind", ALL_ENGINES)
def test_same_rows_in_every_engine(kind: str, target_url: str, tmp_path: Path) -> None:
    """Valid against the schema everywhere (PostgreSQL and MariaDB enforce keys and lengths)."""
    reference = read_rows(f"sqlite:///{_generate(tmp_path / 'ref.sqlite', 1, 42)}")
    write_tables(make_url(target_url), SyntheticData(1, 42).batches())
    assert read_rows(target_url) == reference


def test_foreign_keys_hold(tmp_path: Path) -> None:
    path = _generate(tmp_path / "fk.sqlite", 2, 9)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_cli_generate_progress_refuse_replace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = str(tmp_path / "gen.duckdb")
    first = run_main(["generate", "--scale", "0.5", "--seed", "1", "--to", target], capsys)
    assert first.returncode == 0, first.stderr
    assert "Generating" in first.stderr and "163/163 orders" in first.stderr
    assert "orders 163" in first.stderr
    refused = run_main(["generate", "--to", target], capsys)
    assert "add --replace" in one_error_line(refused, code=3)
    assert "Generating" not in refused.stderr
    replaced = run_main(["generate", "--to", target, "--replace", "--scale", "0.2"], capsys)
    assert replaced.returncode == 0, replaced.stderr
    info = run_main(["info", "--db", target, "--format", "json"], capsys)
    assert info.returncode == 0, info.stderr
    assert '"orders": 65' in info.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--scale", "0"], "--scale must be a number above 0"),
        (["--scale", "-2"], "--scale must be a number above 0"),
        (["--scale", "100000"], "at most 10000"),
        (["--scale", "nan"], "--scale must be a number above 0"),
        (["--seed", "-1"], "--seed must be 0 or more"),
    ],
)
def test_cli_generate_bad_input(
    args: list[str], words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "never.sqlite"
    result = run_main(["generate", "--to", str(target), *args], capsys)
    assert words in one_error_line(result)
    assert not target.exists()


def test_cli_generate_bad_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(["generate", "--to", str(tmp_path / "out.csv")], capsys)
    assert "cannot tell the engine" in one_error_line(result)
    not_a_db = tmp_path / "text.sqlite"
    not_a_db.write_text("plain text, not SQLite\n" * 100)
    result = run_main(["generate", "--to", str(not_a_db)], capsys)
    assert "not a database" in one_error_line(result)
    assert not_a_db.read_text().startswith("plain text")


@pytest.mark.parametrize("scale", [0.05, 0.1, 0.3])
def test_small_scales_stay_sane(scale: float, tmp_path: Path) -> None:
    tables = _tables(_generate(tmp_path / "small.sqlite", scale, 2))
    orders = tables["orders"]
    assert (orders["status"] == "Shipped").mean() >= 0.8
    assert orders["shippedDate"].notna().mean() >= 0.8
    assert len(tables["payments"]) >= 0.6 * len(orders)
    assert tables["customers"]["salesRepEmployeeNumber"].notna().any()
