"""The canonical data stored the ways users store it: unquoted lower-case DDL, pandas ``to_sql``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.schema import CreateTable

from classicmodels_kpi.database.schema import DATE_COLUMNS, TABLE_ORDER
from classicmodels_kpi.database.tables import metadata


def _with_dates(
    table: str, frame: pd.DataFrame, convert: Callable[[pd.Series], pd.Series]
) -> pd.DataFrame:
    frame = frame.copy()
    for column in DATE_COLUMNS.get(table, ()):
        frame[column] = convert(frame[column])
    return frame


def _as_dates(series: pd.Series) -> pd.Series:
    return series.map(lambda v: date.fromisoformat(v) if isinstance(v, str) else None)


@pytest.fixture(scope="session")
def pg_lowercase_url(postgres_server: Any, canonical_tables: dict[str, pd.DataFrame]) -> str:
    """PostgreSQL with the schema created by unquoted DDL: every name folded to lower case."""
    url = postgres_server.new_database()
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in TABLE_ORDER:
            ddl = str(CreateTable(metadata.tables[table]).compile(dialect=engine.dialect))
            conn.execute(text(ddl.replace('"', "")))
        for table in TABLE_ORDER:
            frame = _with_dates(table, canonical_tables[table], _as_dates)
            frame.columns = [c.lower() for c in frame.columns]
            # All-NULL blobs: left to the column default, pandas would send them as text.
            frame = frame.drop(columns=["image"], errors="ignore")
            frame.to_sql(table, conn, if_exists="append", index=False)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def pg_pandas_url(postgres_server: Any, canonical_tables: dict[str, pd.DataFrame]) -> str:
    """PostgreSQL written by pandas ``to_sql``: quoted camelCase names, timestamp dates."""
    url = postgres_server.new_database()
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in TABLE_ORDER:
            frame = _with_dates(table, canonical_tables[table], pd.to_datetime)
            frame.to_sql(table, conn, index=False)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def sqlite_pandas_path(
    tmp_path_factory: pytest.TempPathFactory, canonical_tables: dict[str, pd.DataFrame]
) -> Path:
    """A SQLite file written by pandas ``to_sql`` (dates stored as 'YYYY-MM-DD HH:MM:SS' text)."""
    path = tmp_path_factory.mktemp("pandas-sqlite") / "sales.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for table in TABLE_ORDER:
            frame = _with_dates(table, canonical_tables[table], pd.to_datetime)
            frame.to_sql(table, conn, index=False)
    engine.dispose()
    return path
