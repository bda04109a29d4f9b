"""Fixtures for the catalogue tests: catalogues over real databases, and the raw tables in pandas.

Golden numbers are computed here from the raw canonical tables with pandas only (never with the
catalogue's SQL), so a test compares two independent computations.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from catalogue_helpers import Raw

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.database import connect, parse_db


@pytest.fixture(scope="session", autouse=True)
def _sql_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Transpiled SQL is cached in a folder of the test run, never in the user's cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("CMKPI_CACHE_DIR", str(tmp_path_factory.mktemp("cmkpi-cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def open_catalogue() -> Iterator[Callable[[str], Catalogue]]:
    """``open_catalogue(url)``: one Catalogue (one connection) per database for the whole run."""
    opened: dict[str, Catalogue] = {}

    def get(url: str) -> Catalogue:
        if url not in opened:
            opened[url] = Catalogue(connect(parse_db(url)))
        return opened[url]

    yield get
    for catalogue in opened.values():
        catalogue.db.close()


@pytest.fixture(scope="session")
def canonical_catalogue(
    open_catalogue: Callable[[str], Catalogue], canonical_path: Path
) -> Catalogue:
    return open_catalogue(f"sqlite:///{canonical_path}")


@pytest.fixture(scope="session")
def canonical_result(
    canonical_catalogue: Catalogue,
) -> Callable[..., pd.DataFrame]:
    """``canonical_result(name, **params)``: the query on the canonical SQLite, run once."""
    results: dict[tuple[str, str], pd.DataFrame] = {}

    def get(name: str, **params: object) -> pd.DataFrame:
        key = (name, repr(sorted(params.items())))
        if key not in results:
            results[key] = canonical_catalogue.run(name, **params)
        return results[key].copy()

    return get


@pytest.fixture(scope="session")
def peer_catalogue(open_catalogue: Callable[[str], Catalogue], peer_path: Path) -> Catalogue:
    return open_catalogue(f"sqlite:///{peer_path}")


@pytest.fixture
def sqlite_copy(tmp_path: Path) -> Callable[[Path], Path]:
    """``sqlite_copy(path)``: a writable copy of a shared SQLite file, to damage on purpose."""

    def copy(source: Path) -> Path:
        target = tmp_path / f"copy-{source.name}"
        shutil.copyfile(source, target)
        target.chmod(0o644)
        return target

    return copy


@pytest.fixture(scope="session")
def raw(canonical_tables: dict[str, pd.DataFrame]) -> Raw:
    t = {name: frame.copy() for name, frame in canonical_tables.items()}
    customers = t["customers"].assign(country_trim=t["customers"]["country"].str.strip())
    orders = t["orders"].copy()
    for col in ("orderDate", "requiredDate", "shippedDate"):
        orders[col] = pd.to_datetime(orders[col], errors="coerce")
    payments = t["payments"].assign(
        paymentDate=pd.to_datetime(t["payments"]["paymentDate"], errors="coerce")
    )
    products = t["products"]
    lines = (
        t["orderdetails"]
        .merge(orders[["orderNumber", "orderDate", "status", "customerNumber"]], on="orderNumber")
        .merge(products[["productCode", "buyPrice", "productLine", "MSRP"]], on="productCode")
    )
    lines["line_revenue"] = lines["quantityOrdered"] * lines["priceEach"]
    return Raw(
        customers=customers,
        employees=t["employees"],
        offices=t["offices"],
        products=products,
        productlines=t["productlines"],
        orders=orders,
        payments=payments,
        lines=lines,
    )
