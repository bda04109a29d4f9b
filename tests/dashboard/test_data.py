"""The dashboard's data layer: lazy loading, parameters into SQL, cache, errors, recovery, paging.

Golden numbers come from pandas over the raw canonical tables (``canonical_tables``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from vizro.managers import data_manager

from classicmodels_kpi.catalogue import Catalogue, get_query
from classicmodels_kpi.dashboard import build, data
from classicmodels_kpi.errors import ParameterError


def _line_revenue(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Order lines of orders not Cancelled, with their revenue, order date and trimmed country."""
    orders = tables["orders"].copy()
    orders["orderDate"] = pd.to_datetime(orders["orderDate"])
    lines = tables["orderdetails"].merge(orders, on="orderNumber")
    lines = lines[lines["status"] != "Cancelled"]
    lines = lines.merge(tables["customers"][["customerNumber", "country"]], on="customerNumber")
    lines["country"] = lines["country"].str.strip()
    lines["revenue"] = lines["quantityOrdered"] * lines["priceEach"].astype(float)
    return lines


@pytest.fixture
def canonical_app(canonical_path: Path):
    """The dashboard built (not served) on the canonical data; its sources are registered."""
    return build(str(canonical_path))


def test_building_runs_no_sql(tmp_path: Path) -> None:
    # A database that does not exist: the build would fail if it ran any SQL.
    app = build(str(tmp_path / "not-there.sqlite"))
    assert app.dash.server is not None
    frame = data.load("sales_by_region")
    assert data.data_error(frame) is not None
    assert "no such database file" in data.data_error(frame)


def test_catalogue_source_loads_through_data_manager(
    canonical_app, canonical_tables: dict[str, pd.DataFrame]
) -> None:
    frame = data.load("sales_by_region")
    assert data.data_error(frame) is None
    lines = _line_revenue(canonical_tables)
    golden = lines.groupby("country")["revenue"].sum()
    got = frame.set_index("country")["revenue"]
    assert got["USA"] == pytest.approx(golden["USA"], rel=1e-9)
    assert got["France"] == pytest.approx(golden["France"], rel=1e-9)
    assert got[got > 0].sum() == pytest.approx(golden.sum(), rel=1e-9)


def test_parameter_goes_into_the_sql(canonical_app, canonical_tables) -> None:
    lines = _line_revenue(canonical_tables)
    as_of = "2004-06-30"
    golden = lines[lines["orderDate"] <= as_of].groupby("country")["revenue"].sum()
    frame = data.load("sales_by_region", as_of=as_of).set_index("country")
    assert frame.loc["USA", "revenue"] == pytest.approx(golden["USA"], rel=1e-9)
    everything = data.load("sales_by_region").set_index("country")
    assert everything.loc["USA", "revenue"] > frame.loc["USA", "revenue"]


def test_top_revenue_follows_period_and_dimension(canonical_app, canonical_tables) -> None:
    lines = _line_revenue(canonical_tables)
    ytd = lines[(lines["orderDate"] >= "2005-01-01") & (lines["orderDate"] <= "2005-05-31")]
    by_country = ytd.groupby("country")["revenue"].sum().sort_values(ascending=False)
    frame = data.load("executive_top_revenue", dimension="country", period="ytd")
    assert list(frame["label"].head(3)) == list(by_country.index[:3])
    assert frame["revenue"].iloc[0] == pytest.approx(by_country.iloc[0], rel=1e-9)

    products = canonical_tables["products"][["productCode", "productLine"]]
    by_line = ytd.merge(products, on="productCode").groupby("productLine")["revenue"].sum()
    lines_frame = data.load("executive_top_revenue", dimension="product_line", period="ytd")
    got = lines_frame.set_index("label")["revenue"]
    assert set(got.index) == set(by_line.index)
    for line, revenue in by_line.items():
        assert got[line] == pytest.approx(revenue, rel=1e-9)


def test_cache_serves_the_second_load(canonical_app, sql_runs) -> None:
    calls = sql_runs
    first = data.load("sales_by_region", as_of="2004-12-31")
    second = data.load("sales_by_region", as_of="2004-12-31")
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first, second)
    data.load("sales_by_region", as_of="2004-11-30")  # other parameters: another query
    assert len(calls) == 2


def test_stub_while_building_is_never_cached(canonical_app) -> None:
    with data.building():
        stub = data.load("sales_by_region")
    assert data.is_placeholder(stub) and len(stub) == 1
    real = data.load("sales_by_region")
    assert not data.is_placeholder(real)
    assert len(real) > 20


def test_database_error_shows_and_the_server_recovers(tmp_path: Path, canonical_path: Path) -> None:
    db = tmp_path / "shop.sqlite"
    good = canonical_path.read_bytes()
    db.write_bytes(good)
    build(str(db))
    assert data.data_error(data.load("sales_by_region")) is None

    # The file is damaged in place while the server runs (same inode as the open connection).
    with db.open("r+b") as f:
        f.write(b"this is not a database" * 200)
    failed = data.load("sales_by_region", as_of="2005-01-31")
    message = data.data_error(failed)
    assert message is not None and "database" in message.lower()
    # the error frame keeps the declared columns so filters and figures still work
    assert {"country", "region", "revenue"} <= set(failed.columns)
    assert data.data_error(data.load("sales_by_region", as_of="2005-01-31")) is not None

    db.write_bytes(good)  # the database is back: no restart needed, errors were not cached
    back = data.load("sales_by_region", as_of="2005-01-31")
    assert data.data_error(back) is None
    assert back["revenue"].sum() > 0


def test_database_missing_at_start_then_appearing(tmp_path: Path, canonical_path: Path) -> None:
    db = tmp_path / "later.sqlite"
    build(str(db))  # the server starts although the database is not there yet
    assert "no such database file" in (data.data_error(data.load("business_overview")) or "")
    shutil.copy(canonical_path, db)
    overview = data.load("business_overview")
    assert data.data_error(overview) is None
    assert int(overview["customers"].iloc[0]) == 122


def test_unknown_query_parameter_is_refused() -> None:
    with pytest.raises(ParameterError, match="no parameter"):
        data.catalogue_source("sales_by_region", not_a_param=1)


def test_cache_is_shared_on_disk_for_workers(tmp_path: Path, monkeypatch, canonical_path) -> None:
    monkeypatch.setenv(data.CACHE_DIR_ENV, str(tmp_path))
    build(str(canonical_path))
    assert data_manager.cache.config["CACHE_TYPE"] == "FileSystemCache"
    data.load("sales_by_region")
    assert any(tmp_path.iterdir()), "the loaded frame is in the shared folder"


# -- paging -----------------------------------------------------------------------------------
def test_page_rows_pages_sorts_and_filters_in_the_database(canonical_app, canonical_tables):
    name = data.catalogue_source("customer_performance")
    lines = _line_revenue(canonical_tables)
    golden = lines.groupby("customerNumber")["revenue"].sum().sort_values(ascending=False)

    first = data.page_rows(name, 0, 10, sort_model=[{"colId": "revenue", "sort": "desc"}])
    assert first.total == len(golden)
    assert len(first.rows) == 10
    assert list(first.rows["customerNumber"]) == list(golden.index[:10])
    second = data.page_rows(name, 10, 20, sort_model=[{"colId": "revenue", "sort": "desc"}])
    assert list(second.rows["customerNumber"]) == list(golden.index[10:20])

    customers = canonical_tables["customers"].set_index("customerNumber")
    in_france = [c for c in golden.index if customers.loc[c, "country"].strip() == "France"]
    filtered = data.page_rows(
        name,
        0,
        100,
        filter_model={"country": {"filterType": "text", "type": "equals", "filter": "france"}},
    )
    assert filtered.total == len(in_france)
    assert set(filtered.rows["customerNumber"]) == set(in_france)

    big = data.page_rows(
        name,
        0,
        100,
        filter_model={"revenue": {"filterType": "number", "type": "greaterThan", "filter": 100000}},
    )
    assert big.total == int((golden > 100000).sum())


def test_page_rows_refuses_unknown_columns(canonical_app) -> None:
    name = data.catalogue_source("customer_performance")
    with pytest.raises(ParameterError, match="unknown column"):
        data.page_rows(name, 0, 10, sort_model=[{"colId": "revenue; DROP TABLE x", "sort": "asc"}])


def test_page_rows_binds_filter_values(canonical_app) -> None:
    name = data.catalogue_source("customer_performance")
    page = data.page_rows(
        name,
        0,
        10,
        filter_model={
            "customerName": {"filterType": "text", "type": "contains", "filter": "x' OR '1'='1"}
        },
    )
    assert page.total == 0


# -- aggregates in the database ------------------------------------------------------------------
def _catalogue(path: Path) -> Catalogue:
    from classicmodels_kpi.database import connect, parse_db

    return Catalogue(connect(parse_db(str(path))))


def test_summary_counts_abc_classes_in_sql(canonical_path: Path, canonical_tables) -> None:
    lines = _line_revenue(canonical_tables)
    revenue = lines.groupby("customerNumber")["revenue"].sum().reset_index()
    revenue = revenue.sort_values(["revenue", "customerNumber"], ascending=[False, True])
    before = (revenue["revenue"].cumsum() - revenue["revenue"]) / revenue["revenue"].sum()
    classes = pd.Series(["A" if b < 0.8 else "B" if b < 0.95 else "C" for b in before])
    golden = classes.value_counts()

    summary = data.run_summary(
        _catalogue(canonical_path),
        "customer_performance",
        ["abc_class"],
        {"customers": ("count", "*"), "revenue": ("sum", "revenue")},
    ).set_index("abc_class")
    for abc in ("A", "B", "C"):
        assert summary.loc[abc, "customers"] == golden[abc]
    assert summary["revenue"].sum() == pytest.approx(lines["revenue"].sum(), rel=1e-9)


def test_summary_refuses_unknown_columns_and_functions() -> None:
    from classicmodels_kpi.catalogue import get_query

    q = get_query("customer_performance")
    with pytest.raises(ParameterError, match="unknown column"):
        data.summary_query(q, ["abc_class; DROP TABLE orders"], {"n": ("count", "*")})
    with pytest.raises(ParameterError, match="unsupported measure"):
        data.summary_query(q, ["abc_class"], {"n": ("median", "revenue")})


def test_quality_card_counts_what_cmkpi_check_finds(peer_path: Path) -> None:
    from classicmodels_kpi.catalogue.checks import run_checks
    from classicmodels_kpi.dashboard.pages.executive import load_quality

    catalogue = _catalogue(peer_path)
    card = load_quality(catalogue).set_index("label")["value"]
    totals = run_checks(catalogue).totals()
    assert card["Error findings"] == f"{totals['error']:,}"
    assert card["Warning findings"] == f"{totals['warning']:,}"
    # the peer database holds exactly two impossible dates (2019-02-29)
    assert card["Invalid date (error)"] == "2"
    assert card.iloc[0] == "2 error findings"


# -- every engine ------------------------------------------------------------------------------
#: The sources of pages 1 and 2 (dashboard queries and catalogue queries they combine).
PAGE_SOURCES = (
    "kpis",
    "executive_top_revenue",
    "executive_abc",
    "executive_context",
    "executive_quality",
    "sales_by_region",
    "regional_sales_mix",
)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def test_pages_1_and_2_load_the_same_on_every_engine(
    engine: str, canonical_url: str, canonical_path: Path
) -> None:
    build(str(canonical_path))
    expected = {name: _sorted(data.load(name)) for name in PAGE_SOURCES}
    build(canonical_url)
    for name in PAGE_SOURCES:
        frame = data.load(name)
        assert data.data_error(frame) is None, (engine, name, data.data_error(frame))
        pd.testing.assert_frame_equal(
            _sorted(frame), expected[name], check_dtype=False, rtol=1e-9, obj=f"{engine} {name}"
        )


@pytest.mark.parametrize("engine", ["duckdb"])
def test_duckdb_memory_is_capped_and_nothing_is_written_beside_the_database(
    engine: str, canonical_url: str
) -> None:
    from sqlalchemy.engine import make_url

    path = Path(make_url(canonical_url).database)
    before = sorted(p.name for p in path.parent.iterdir())
    build(canonical_url)
    assert data.data_error(data.load("regional_sales_mix")) is None
    db = data.app_database()._open().db
    settings = (
        "SELECT current_setting('memory_limit'), current_setting('max_temp_directory_size'), "
        "current_setting('perfect_ht_threshold'), current_setting('enable_progress_bar')"
    )
    # every cursor the dashboard reads with, not only the first, is capped and keeps DuckDB's
    # default grouping table size (the catalogue's own connections raise it): two lent at once
    # are two connections, the second made while the first is in use
    with db.duckdb_cursor() as first, db.duckdb_cursor() as second:
        assert first is not second
        for cursor in (first, second):
            limit, spill, threshold, progress = cursor.execute(settings).fetchone()
            assert limit.startswith("244.1 MiB") or limit.startswith("256"), limit
            assert spill.startswith("0")
            assert int(threshold) == data.DUCKDB_PERFECT_HT
            assert progress is False
    # and so is each connection of the SQLAlchemy engine, for code that asks for one
    engine = db.engine
    with engine.connect() as first, engine.connect() as second:
        for conn in (first, second):
            (threshold,) = conn.exec_driver_sql(
                "SELECT current_setting('perfect_ht_threshold')"
            ).one()
            assert int(threshold) == data.DUCKDB_PERFECT_HT
    assert sorted(p.name for p in path.parent.iterdir()) == before


def test_users_cache_folder_is_not_the_workers_cache(tmp_path: Path, monkeypatch) -> None:
    """CMKPI_CACHE_DIR holds the demo database and translated SQL: a FileSystemCache there would
    prune those files. Only ``cmkpi serve --workers`` shares frames through a folder."""
    monkeypatch.setenv("CMKPI_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv(data.CACHE_DIR_ENV, raising=False)
    assert data.make_cache("x").config["CACHE_TYPE"] == "SimpleCache"
    monkeypatch.setenv(data.CACHE_DIR_ENV, str(tmp_path / "workers"))
    assert data.make_cache("x").config["CACHE_TYPE"] == "FileSystemCache"


def test_a_parameter_at_its_default_shares_the_cache_entry(canonical_app, sql_runs) -> None:
    """The Opportunities page passes min_orders=3 (its slider's default), the Deep Dive page
    leaves it out: one query run and one cached frame serve both."""
    calls = sql_runs
    name = data.catalogue_source("cross_sell_pairs")
    default = int(get_query("cross_sell_pairs").param("min_orders").default)
    first = data.load(name, min_orders=default)
    second = data.load(name)
    third = data.load(name, min_orders=str(default))
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(first, third)
    fewer = data.load(name, min_orders=default + 2)  # another value: another query
    assert len(calls) == 2
    assert len(fewer) < len(first)


@pytest.mark.parametrize("size", ["lots", "256", "1e9MB", "256MB; SET x=1"])
def test_a_mistyped_duckdb_memory_limit_is_reported(monkeypatch, size: str) -> None:
    monkeypatch.setenv(data.DUCKDB_MEMORY_ENV, size)
    with pytest.raises(ParameterError, match="must be a size like 256MB") as caught:
        data.duckdb_settings()
    assert "\n" not in str(caught.value)


def test_the_duckdb_memory_limit_can_be_set(monkeypatch) -> None:
    monkeypatch.setenv(data.DUCKDB_MEMORY_ENV, "1.5GB")
    assert data.duckdb_settings()["memory_limit"] == "1.5GB"
