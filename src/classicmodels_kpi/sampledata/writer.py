"""Write ClassicModels tables into any supported engine (the only code path that writes).

Used by ``cmkpi import`` and ``cmkpi generate``. The target is the one the user named with
``--to``; it is refused when it already holds ClassicModels tables with rows, unless ``replace``.
Only the eight ClassicModels tables are ever dropped or created; nothing else is touched.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import URL, Engine

from classicmodels_kpi.database import schema
from classicmodels_kpi.database.connection import explain, list_columns
from classicmodels_kpi.database.url import display, engine_of
from classicmodels_kpi.errors import DatabaseError, TargetNotEmptyError


def writable_engine(url: URL) -> Engine:
    kind = engine_of(url)
    if kind in ("sqlite", "duckdb"):
        if not url.database:
            raise DatabaseError("give a file path for the target database.")
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    if kind == "mysql":
        return create_engine(url, connect_args={"charset": "utf8mb4", "local_infile": False})
    return create_engine(url)


def prepare_target(engine: Engine, url: URL, *, replace: bool) -> None:
    """Refuse a non-empty target unless ``replace``; then (re)create the eight tables."""
    with engine.connect() as conn:
        existing = {t.lower(): t for t, _ in list_columns(conn, engine_of(url))}
        ours = [existing[t] for t in schema.TABLE_ORDER if t in existing]
        quote = engine.dialect.identifier_preparer.quote
        nonempty = [
            t
            for t in ours
            if conn.execute(text(f"SELECT 1 FROM {quote(t)} LIMIT 1")).first() is not None
        ]
    if nonempty and not replace:
        raise TargetNotEmptyError(
            f"{display(url)} already holds ClassicModels data ({', '.join(nonempty)}); "
            "add --replace to overwrite those tables."
        )
    meta = _metadata_for(engine)
    meta.drop_all(engine, checkfirst=True)
    meta.create_all(engine)


def _metadata_for(engine: Engine) -> MetaData:
    if engine.dialect.name == "duckdb":
        return schema.metadata_without_foreign_keys()
    return schema.metadata


def _records(frame: pd.DataFrame, table: str) -> list[dict[str, object]]:
    cols = schema.COLUMNS[table]
    frame = frame.reindex(columns=[c for c in cols if c in frame.columns])
    dates = set(schema.DATE_COLUMNS.get(table, ()))
    records = frame.to_dict("records")
    for rec in records:
        for key, value in rec.items():
            if value is None:
                continue
            if (
                (isinstance(value, float) and math.isnan(value))
                or value is pd.NaT
                or value is pd.NA
            ):
                rec[key] = None
            elif key in dates:
                if isinstance(value, datetime | pd.Timestamp):
                    rec[key] = value.date()
                elif isinstance(value, str):
                    rec[key] = date.fromisoformat(value[:10])
    return records


def write_tables(
    url: URL, batches: Iterable[tuple[str, pd.DataFrame]], *, replace: bool = False
) -> dict[str, int]:
    """Create the schema in ``url`` and append each (table, rows) batch in order. Returns counts."""
    engine = writable_engine(url)
    counts = {t: 0 for t in schema.TABLE_ORDER}
    try:
        prepare_target(engine, url, replace=replace)
        meta = _metadata_for(engine)
        with engine.begin() as conn:
            for table, frame in batches:
                if frame.empty:
                    continue
                conn.execute(meta.tables[table].insert(), _records(frame, table))
                counts[table] += len(frame)
    except (TargetNotEmptyError, DatabaseError):
        raise
    except Exception as exc:
        if type(exc).__module__.split(".")[0] in {
            "sqlalchemy",
            "sqlite3",
            "duckdb",
            "_duckdb",
            "psycopg",
            "pymysql",
        }:
            raise DatabaseError(explain(exc, url)) from None
        raise
    finally:
        engine.dispose()
    return counts
