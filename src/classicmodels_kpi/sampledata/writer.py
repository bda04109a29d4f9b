"""Write ClassicModels tables into any supported engine (the only code path that writes).

Used by ``cmkpi import`` and ``cmkpi generate``. The target is the one the user named with
``--to``; it is refused when it already holds ClassicModels tables with rows, unless ``replace``.
Only the eight ClassicModels tables are ever dropped or created; nothing else is touched.

The schema is created through SQLAlchemy (one description for every engine); the rows go through
each driver's fastest bulk path, in one transaction, so millions of order lines load in seconds:
SQLite ``executemany`` (journal in memory, no fsync: settings of this connection only), DuckDB
``INSERT … SELECT`` from a registered Arrow table, PostgreSQL ``COPY`` (foreign keys added after
the load), MySQL multi-row ``INSERT`` (PyMySQL's ``executemany``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import Date, Integer, LargeBinary, MetaData, Numeric, create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.schema import AddConstraint

from classicmodels_kpi.database import schema, tables
from classicmodels_kpi.database.connection import (
    ENGINE_LABELS,
    database_file_kind,
    explain,
    list_columns,
)
from classicmodels_kpi.database.url import DbUrl, as_sqlalchemy, display, engine_of
from classicmodels_kpi.errors import CmkpiError, DatabaseError, TargetNotEmptyError

#: (table, rows) pairs, in an order that satisfies foreign keys (parents before children).
Batches = Iterable[tuple[str, pd.DataFrame]]

_DRIVER_MODULES = {"sqlalchemy", "sqlite3", "duckdb", "_duckdb", "psycopg", "pymysql"}


def writable_engine(url: DbUrl) -> Engine:
    kind = engine_of(url)
    if kind in ("sqlite", "duckdb"):
        if not url.database or url.database == ":memory:":
            raise DatabaseError("give a file path for the target database.")
        path = Path(url.database).expanduser()
        if path.is_dir():
            raise DatabaseError(f"{path} is a folder: give a database file path.")
        if path.exists():
            found = database_file_kind(path)
            if path.stat().st_size and found != kind:
                # DuckDB handed a SQLite file tries to download an extension to read it
                if found:
                    raise DatabaseError(
                        f"{path} is a {ENGINE_LABELS[found]} database, not "
                        f"{ENGINE_LABELS[kind]}: name the target with its engine's extension "
                        "(.sqlite/.db or .duckdb). Nothing was written."
                    )
                raise DatabaseError(
                    f"{path} exists but is not a database file: choose another file. Nothing "
                    "was written."
                )
        path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "mysql":
        return create_engine(
            as_sqlalchemy(url), connect_args={"charset": "utf8mb4", "local_infile": False}
        )
    return create_engine(as_sqlalchemy(url))


def prepare_target(engine: Engine, url: DbUrl, *, replace: bool) -> None:
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
    tables.metadata.drop_all(engine, checkfirst=True)  # children first, whatever created them
    _metadata_for(engine).create_all(engine)


def _metadata_for(engine: Engine) -> MetaData:
    """The tables as created before loading.

    DuckDB gets no foreign keys at all: it checks a self-reference (employees.reportsTo) row by
    row inside one INSERT and rejects a valid tree. PostgreSQL gets its foreign keys after the
    load (:func:`_add_foreign_keys`): one validating join per key instead of a trigger per row,
    which more than halves the load time.
    """
    if engine.dialect.name in ("duckdb", "postgresql"):
        return tables.metadata_without_foreign_keys()
    return tables.metadata


def _add_foreign_keys(engine: Engine, cursor: Any) -> None:
    # On a private copy: AddConstraint marks its constraint as "not inline" for good, which
    # would drop the keys from every later CREATE TABLE of the shared schema.
    copy = MetaData()
    for table in tables.metadata.sorted_tables:
        table.to_metadata(copy)
    for table in schema.TABLE_ORDER:
        for key in copy.tables[table].foreign_key_constraints:
            cursor.execute(str(AddConstraint(key).compile(dialect=engine.dialect)))


def write_tables(url: DbUrl, batches: Batches, *, replace: bool = False) -> dict[str, int]:
    """Create the schema in ``url`` and append each (table, rows) batch in order. Returns counts."""
    engine = writable_engine(url)
    try:
        prepare_target(engine, url, replace=replace)
        return _LOADERS[engine_of(url)](engine, batches)
    except CmkpiError:
        raise
    except Exception as exc:
        if type(exc).__module__.split(".")[0] in _DRIVER_MODULES:
            raise DatabaseError(explain(exc, url)) from None
        raise
    finally:
        engine.dispose()


# -- one frame → typed columns ----------------------------------------------------------------


def normalise(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The frame with the table's canonical columns, typed for writing.

    Integers become nullable ``Int64``, money ``float64`` rounded to cents (a 10-digit decimal
    survives a double exactly), dates ``datetime64``; text and bytes stay as they are. Columns the
    frame lacks are NULL; columns the schema lacks are dropped.
    """
    out: dict[str, Any] = {}
    for column in tables.metadata.tables[table].columns:
        name = column.name
        if name not in frame.columns:
            out[name] = pd.Series([None] * len(frame), dtype=object, index=frame.index)
            continue
        values = frame[name]
        try:
            if isinstance(column.type, Integer):
                out[name] = pd.to_numeric(values).astype("Int64")
            elif isinstance(column.type, Numeric):
                out[name] = pd.to_numeric(values).astype("float64").round(2)
            elif isinstance(column.type, Date):
                out[name] = values if values.dtype.kind == "M" else pd.to_datetime(values)
            else:
                out[name] = values
        except (TypeError, ValueError) as exc:
            raise CmkpiError(f"cannot write {table}.{name}: {exc}") from None
    return pd.DataFrame(out, index=frame.index)


def python_columns(frame: pd.DataFrame, table: str) -> list[list[Any]]:
    """Column lists of plain Python values (None for NULL, ISO text for dates) for row drivers."""
    norm = normalise(frame, table)
    columns: list[list[Any]] = []
    for column in tables.metadata.tables[table].columns:
        values = norm[column.name]
        if isinstance(column.type, Date):
            days = values.to_numpy().astype("datetime64[D]")
            iso = np.datetime_as_string(days, unit="D").astype(object)
            iso[np.isnat(days)] = None
            columns.append(iso.tolist())
        else:
            columns.append(values.to_numpy(dtype=object, na_value=None).tolist())
    return columns


_ARROW_TYPES: list[tuple[type, Callable[[Any], pa.DataType]]] = [
    (Integer, lambda _: pa.int64()),
    (Numeric, lambda _: pa.float64()),
    (Date, lambda _: pa.timestamp("s")),
    (LargeBinary, lambda _: pa.binary()),
]


def arrow_table(frame: pd.DataFrame, table: str) -> pa.Table:
    norm = normalise(frame, table)
    arrays, names = [], []
    for column in tables.metadata.tables[table].columns:
        kind = next((f(column.type) for t, f in _ARROW_TYPES if isinstance(column.type, t)), None)
        values = norm[column.name]
        if kind is None:
            arrays.append(pa.array(values.to_numpy(dtype=object, na_value=None), pa.string()))
        elif pa.types.is_timestamp(kind):
            arrays.append(pa.array(values.to_numpy().astype("datetime64[s]"), kind))
        else:
            arrays.append(pa.array(values.to_numpy(dtype=object, na_value=None), kind))
        names.append(column.name)
    return pa.Table.from_arrays(arrays, names=names)


# -- per-engine bulk loaders -------------------------------------------------------------------


def _quoted(engine: Engine, table: str) -> tuple[str, list[str]]:
    quote = engine.dialect.identifier_preparer.quote
    return quote(table), [quote(c) for c in schema.COLUMNS[table]]


def _load_sqlite(engine: Engine, batches: Batches) -> dict[str, int]:
    counts = dict.fromkeys(schema.TABLE_ORDER, 0)
    raw = engine.raw_connection()
    try:
        db = raw.driver_connection
        db.isolation_level = None  # explicit BEGIN/COMMIT below
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA journal_mode = MEMORY")
        db.execute("PRAGMA cache_size = -65536")
        db.execute("BEGIN")
        for table, frame in batches:
            if frame.empty:
                continue
            name, cols = _quoted(engine, table)
            sql = f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            db.executemany(sql, zip(*python_columns(frame, table), strict=True))
            counts[table] += len(frame)
        db.execute("COMMIT")
    except BaseException:
        if raw.driver_connection.in_transaction:
            raw.driver_connection.execute("ROLLBACK")
        raise
    finally:
        raw.close()
    return counts


def _load_duckdb(engine: Engine, batches: Batches) -> dict[str, int]:
    counts = dict.fromkeys(schema.TABLE_ORDER, 0)
    raw = engine.raw_connection()
    db = raw.driver_connection
    try:
        db.execute("BEGIN TRANSACTION")
        for table, frame in batches:
            if frame.empty:
                continue
            name, cols = _quoted(engine, table)
            types = {c.name: c.type for c in tables.metadata.tables[table].columns}
            select = ", ".join(
                f"CAST({q} AS {types[c].compile(dialect=engine.dialect)})"
                for c, q in zip(schema.COLUMNS[table], cols, strict=True)
            )
            db.register("cmkpi_batch", arrow_table(frame, table))
            db.execute(f"INSERT INTO {name} ({', '.join(cols)}) SELECT {select} FROM cmkpi_batch")
            db.unregister("cmkpi_batch")
            counts[table] += len(frame)
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(Exception):  # no transaction open
            db.execute("ROLLBACK")
        raise
    finally:
        raw.close()
    return counts


def _load_postgresql(engine: Engine, batches: Batches) -> dict[str, int]:
    counts = dict.fromkeys(schema.TABLE_ORDER, 0)
    raw = engine.raw_connection()
    db = raw.driver_connection
    try:
        with db.cursor() as cur:
            for table, frame in batches:
                if frame.empty:
                    continue
                name, cols = _quoted(engine, table)
                with cur.copy(f"COPY {name} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in zip(*python_columns(frame, table), strict=True):
                        copy.write_row(row)
                counts[table] += len(frame)
            _add_foreign_keys(engine, cur)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    finally:
        raw.close()
    return counts


def _load_mysql(engine: Engine, batches: Batches) -> dict[str, int]:
    counts = dict.fromkeys(schema.TABLE_ORDER, 0)
    raw = engine.raw_connection()
    db = raw.driver_connection
    try:
        with db.cursor() as cur:
            for table, frame in batches:
                if frame.empty:
                    continue
                name, cols = _quoted(engine, table)
                sql = (
                    f"INSERT INTO {name} ({', '.join(cols)}) "
                    f"VALUES ({', '.join(['%s'] * len(cols))})"
                )
                cur.executemany(sql, list(zip(*python_columns(frame, table), strict=True)))
                counts[table] += len(frame)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    finally:
        raw.close()
    return counts


_LOADERS: dict[str, Callable[[Engine, Batches], dict[str, int]]] = {
    "sqlite": _load_sqlite,
    "duckdb": _load_duckdb,
    "postgresql": _load_postgresql,
    "mysql": _load_mysql,
}
