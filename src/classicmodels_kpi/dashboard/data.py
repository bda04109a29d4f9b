"""Where every dashboard figure gets its data: Vizro's data_manager, fed by the catalogue.

Why a module of its own: a page only names a catalogue query
(``catalogue_source("sales_by_country")``) and gets back a data_manager name to pass as
``data_frame=``. The rest is decided here once:

* **Lazy.** No SQL runs at import or while the dashboard is built. Vizro loads the targets of
  every ``vm.Filter`` during ``Vizro().build()``; during the build a loader answers with a
  one-row *stub* typed like the query's declared columns, never cached, so start-up does not
  depend on the size of the data and works while the database is down.
* **Pushed into SQL.** A loader's keyword parameters are the catalogue query's parameters, so
  ``vm.Parameter(targets=["chart.data_frame.as_of"])`` puts the as-of date into the SQL.
* **Cached.** A Flask-Caching cache sits on ``data_manager`` (see :func:`make_cache`); results are
  kept :data:`CACHE_TIMEOUT` seconds (``CMKPI_CACHE_TIMEOUT``).
* **Errors show in the page.** A :class:`~classicmodels_kpi.errors.CmkpiError` while loading
  (database gone, server down) returns an *error frame*: the stub row with the message in
  ``frame.attrs``. Charts (``charts.py``) and grids render the message (:func:`data_error`).
  Error frames are never cached and the connection is dropped, so the next page load reconnects:
  the server recovers by itself when the database is back.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from flask_caching import Cache
from flask_caching.backends.simplecache import SimpleCache
from vizro.managers import data_manager

from classicmodels_kpi.catalogue import (
    LATEST_ORDER_DATE,
    Catalogue,
    OutputColumn,
    Query,
    coerce,
    convert_param,
    get_query,
    parse_query_file,
)
from classicmodels_kpi.database import Database
from classicmodels_kpi.database.resolve import open_database
from classicmodels_kpi.errors import CmkpiError, ParameterError

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Seconds a loaded frame stays in the cache (override with CMKPI_CACHE_TIMEOUT; 0 = no expiry).
CACHE_TIMEOUT = 600
#: A folder shared by gunicorn workers for the FileSystemCache (set by ``cmkpi serve`` for its
#: workers). Not CMKPI_CACHE_DIR, the user's cache folder (demo database, translated SQL): a
#: FileSystemCache prunes the files of its folder, and one process must not share frames by it.
CACHE_DIR_ENV = "CMKPI_WORKERS_CACHE_DIR"
CACHE_TIMEOUT_ENV = "CMKPI_CACHE_TIMEOUT"

#: DuckDB's working memory in the server, so a large database does not grow the server past its
#: budget; a query that needs more fails with DuckDB's out-of-memory message, shown in the page.
#: CMKPI_DUCKDB_MEMORY overrides (e.g. 512MB).
DUCKDB_MEMORY = "256MB"
DUCKDB_MEMORY_ENV = "CMKPI_DUCKDB_MEMORY"
#: DuckDB's own default, kept by the dashboard (see duckdb_settings).
DUCKDB_PERFECT_HT = 12

#: Keys of ``DataFrame.attrs`` that mark frames which are not data.
ERROR_ATTR = "cmkpi_error"
STUB_ATTR = "cmkpi_stub"

#: Dashboard-only queries (same header format as the catalogue), for cross-tabs the pages need.
QUERIES_DIR = Path(__file__).parent / "queries"


# -- the app's database -----------------------------------------------------------------------
class AppDatabase:
    """The database the dashboard reads, opened on first use and reopened after a failure.

    One lock serialises queries: SQLite and DuckDB connections are shared by the server's threads
    and are not safe for concurrent statements; on two cores nothing is lost.
    """

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._database: Database | None = None
        self._catalogue: Catalogue | None = None
        self._lock = threading.RLock()

    @property
    def identity(self) -> str:
        """Names the data in cache keys, so two databases never share cached frames."""
        value = self.db or os.environ.get("CMKPI_DATABASE_URL") or "demo"
        return hashlib.sha1(value.encode()).hexdigest()[:10]

    def _open(self) -> Catalogue:
        if self._catalogue is None:
            self._database = open_database(self.db, duckdb_settings=duckdb_settings())
            self._catalogue = Catalogue(self._database)
        return self._catalogue

    def reset(self) -> None:
        """Forget the connection; the next query opens a new one."""
        with self._lock:
            if self._database is not None:
                try:
                    self._database.close()
                except Exception:  # closing a broken connection may fail too
                    log.debug("closing the failed connection raised", exc_info=True)
            self._database = None
            self._catalogue = None

    def call(self, fn: Callable[[Catalogue], T]) -> T:
        """Run ``fn(catalogue)``; a CmkpiError drops the connection before propagating.

        The time spent waiting for and in the database is added to the request's
        ``Server-Timing`` (``db``), with the number of calls: 0 when a page came from the cache.
        """
        started = time.perf_counter()
        try:
            with self._lock:
                try:
                    return fn(self._open())
                except CmkpiError:
                    self.reset()
                    raise
        finally:
            _count_database_time(time.perf_counter() - started)


#: Name of the per-request [calls, seconds] of database work in ``flask.g``.
DB_TIMING = "cmkpi_db"


def _count_database_time(seconds: float) -> None:
    from flask import g, has_request_context

    if has_request_context():
        timing = g.setdefault(DB_TIMING, [0, 0.0])
        timing[0] += 1
        timing[1] += seconds


def duckdb_settings() -> dict[str, bool | int | str]:
    """The dashboard's DuckDB settings, SET on every connection it reads a DuckDB file with
    (``connect(duckdb_settings=…)``; the other engines ignore them).

    Memory is capped (a setting of the process's DuckDB instance, shared by every connection to
    the file) and spilling forbidden: DuckDB would spill into a folder it creates beside the
    user's database file, and the dashboard writes nothing there. The progress bar would print
    to the log.

    The catalogue's connections group order numbers in an array of up to 2^20 slots
    (``perfect_ht_threshold``, see ``database/connection.py``): ~10 % less CPU for a whole
    catalogue run. The dashboard runs each query once and then serves it from its cache, and its
    process stays up: there DuckDB's default (2^12) is kept, measured ~25 MB less resident memory
    after every page at scale 1000. A session setting, hence SET on each connection as it opens.

    CMKPI_DUCKDB_MEMORY is checked whatever the engine: a mistyped size is reported, not ignored.
    """
    memory = os.environ.get(DUCKDB_MEMORY_ENV) or DUCKDB_MEMORY
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]?i?B", memory, flags=re.IGNORECASE):
        raise ParameterError(f"{DUCKDB_MEMORY_ENV} must be a size like 256MB, not {memory!r}.")
    return {
        "memory_limit": memory,
        "max_temp_directory_size": "0B",
        "enable_progress_bar": False,
        "perfect_ht_threshold": DUCKDB_PERFECT_HT,
    }


_app_db: AppDatabase | None = None
_building = False


def configure(db: str | None) -> AppDatabase:
    """Point the dashboard at ``db`` (None: CMKPI_DATABASE_URL or the demo). Opens nothing.

    Forgets the registered sources too: ``Vizro._reset()`` empties data_manager before a build.
    """
    global _app_db
    if _app_db is not None:
        _app_db.reset()
    _app_db = AppDatabase(db)
    SOURCES.clear()
    return _app_db


def app_database() -> AppDatabase:
    if _app_db is None:
        return configure(None)
    return _app_db


@contextmanager
def building() -> Iterator[None]:
    """While the dashboard is built, loaders answer with stubs instead of running SQL."""
    global _building
    _building = True
    try:
        yield
    finally:
        _building = False


# -- frames that are not data --------------------------------------------------------------------
_STUB_VALUES: dict[str, Any] = {
    "text": "",
    "int": 0,
    "float": 0.0,
    "money": 0.0,
    "pct": 0.0,
    "date": pd.Timestamp("2000-01-01"),
    "bool": False,
}


#: The dtype ``coerce`` gives each column type (a test checks), to type a stub without it.
_STUB_DTYPES: dict[str, str] = {
    "text": "object",
    "int": "Int64",
    "float": "float64",
    "money": "float64",
    "pct": "float64",
    "date": "datetime64[ns]",
    "bool": "boolean",
}


def stub_frame(columns: Sequence[OutputColumn]) -> pd.DataFrame:
    """One placeholder row typed like the real result (Vizro's filters need a row and the types;
    ``filters.Filter`` keeps the stub's values out of their choices and defaults).

    Typed directly, not by ``coerce``: that took ~1 ms per column, a tenth of the build. Each
    source's stub is made once (~4 ms) and copied (~0.1 ms): Vizro loads a source once per model
    that uses it while building.
    """
    return _stub(tuple(columns)).copy()


@lru_cache(maxsize=256)
def _stub(columns: tuple[OutputColumn, ...]) -> pd.DataFrame:
    row = {c.name: pd.Series([_STUB_VALUES[c.type]], dtype=_STUB_DTYPES[c.type]) for c in columns}
    frame = pd.DataFrame(row)
    frame.attrs[STUB_ATTR] = True
    return frame


def error_frame(columns: Sequence[OutputColumn], message: str) -> pd.DataFrame:
    frame = stub_frame(columns)
    frame.attrs[ERROR_ATTR] = message
    return frame


def data_error(frame: pd.DataFrame) -> str | None:
    """The error message carried by an error frame, or None for real data."""
    return frame.attrs.get(ERROR_ATTR)


def is_placeholder(frame: pd.DataFrame) -> bool:
    """True for build-time stubs and error frames: render them as messages, not as data."""
    return bool(frame.attrs.get(STUB_ATTR))


def _cacheable(frame: Any) -> bool:
    return isinstance(frame, pd.DataFrame) and not frame.attrs.get(STUB_ATTR)


class DashboardCache(Cache):
    """Flask-Caching ``Cache`` whose memoize never stores stubs or error frames, and loads each
    frame once at a time.

    Vizro memoizes every loader through ``data_manager.cache.memoize(timeout=...)``; the filter
    keeps a database outage from being served from the cache after the database is back. Two
    requests for the same data (a page opened while ``preload`` loads it, two browsers at once)
    would both miss the cache and both run the queries: the second one waits for the first and
    then finds its frame in the cache.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_flight = _OneAtATime()

    def memoize(self, *args: Any, **kwargs: Any) -> Callable:
        kwargs.setdefault("response_filter", _cacheable)
        decorator = super().memoize(*args, **kwargs)

        def decorate(f: Callable) -> Callable:
            memoized = decorator(f)
            # Vizro names a loader "<function>.<source>"
            name = getattr(f, "__name__", "").rpartition(".")[-1]
            source = SOURCES.get(name)
            query = source.query if source is not None else None

            def call(*call_args: Any, **params: Any) -> Any:
                if query is not None:
                    params = _without_defaults(query, params)
                key = repr((name, call_args, sorted(params.items())))
                with self._in_flight(key):
                    return memoized(*call_args, **params)

            return call

        return decorate

    def init_app(self, app: Any, config: dict[str, Any] | None = None) -> None:
        """As Flask-Caching's; an in-process SimpleCache then keeps frames as they are instead of
        pickling them: unpickling cost every page load time and a transient copy of the data."""
        super().init_app(app, config)
        backend = app.extensions["cache"][self]
        if isinstance(backend, SimpleCache):
            backend.serializer = _KeepObjects()


class _OneAtATime:
    """A lock per key, kept only while someone holds or waits for it."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, list[int]]] = {}

    @contextmanager
    def __call__(self, key: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.setdefault(key, (threading.Lock(), [0]))
            users[0] += 1
        try:
            with lock:
                yield
        finally:
            with self._guard:
                users[0] -= 1
                if not users[0]:
                    del self._locks[key]


def compact_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns held as Arrow strings (pandas' ``str``) while the frame is cached.

    At scale 1000 the cached frames were ~180 MB, mostly Python string objects (50-60 bytes
    each, plus a pointer); Arrow keeps the characters and an offset. Missing text is NaN there,
    which every chart, grid and filter of the dashboard treats as missing.
    """
    text = [c for c in frame.columns if frame[c].dtype == object and _all_text(frame[c])]
    if not text:
        return frame
    return frame.astype({c: "str" for c in text})


def _all_text(series: pd.Series) -> bool:
    return pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")


def _without_defaults(query: Query, params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters that change the result: one cache entry (and one run of the SQL) whether a
    page passes a parameter at its default (a slider left at 3) or another page leaves it out."""
    kept: dict[str, Any] = {}
    for name, value in params.items():
        if value is None or value == "":
            continue
        param = query.param(name)
        if param is not None and param.default not in (None, LATEST_ORDER_DATE):
            try:
                if convert_param(param, value) == convert_param(param, param.default):
                    continue
            except CmkpiError:
                pass  # not a valid value: the loader says so
        kept[name] = value
    return kept


def cache_timeout() -> int:
    raw = os.environ.get(CACHE_TIMEOUT_ENV, "")
    try:
        return max(0, int(raw)) if raw else CACHE_TIMEOUT
    except ValueError:
        return CACHE_TIMEOUT


def make_cache(identity: str) -> DashboardCache:
    """SimpleCache in one process; FileSystemCache in ``CMKPI_CACHE_DIR`` when workers share it."""
    config: dict[str, Any] = {
        "CACHE_DEFAULT_TIMEOUT": cache_timeout(),
        "CACHE_KEY_PREFIX": f"cmkpi-{identity}-",
    }
    shared = os.environ.get(CACHE_DIR_ENV)
    if shared:
        config.update(CACHE_TYPE="FileSystemCache", CACHE_DIR=shared, CACHE_THRESHOLD=2000)
    else:
        config.update(CACHE_TYPE="SimpleCache", CACHE_THRESHOLD=500)
    return DashboardCache(config=config)


class _KeepObjects:
    """A cache serializer that keeps the objects themselves instead of pickles."""

    def dumps(self, value: Any) -> Any:
        return value

    def loads(self, value: Any) -> Any:
        # A shallow copy per reader: with pandas' copy-on-write, a reader that changes its frame
        # (a column added, values set) never changes the cached one.
        return value.copy(deep=False) if isinstance(value, pd.DataFrame) else value


def shared_cache_dir() -> str:
    """A fresh folder for the FileSystemCache of several workers."""
    return tempfile.mkdtemp(prefix="cmkpi-cache-")


# -- sources ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """What a data_manager name loads: for the data layer's own bookkeeping and for paging."""

    name: str
    columns: tuple[OutputColumn, ...]
    params: tuple[str, ...]
    query: Query | None = None
    fixed: Mapping[str, Any] | None = None


SOURCES: dict[str, Source] = {}


def register_source(
    name: str,
    load: Callable[..., pd.DataFrame],
    columns: Sequence[OutputColumn],
    params: Mapping[str, Any],
    *,
    query: Query | None = None,
    fixed: Mapping[str, Any] | None = None,
) -> str:
    """Register ``load(catalogue, **params)`` in data_manager as ``name``; return ``name``.

    ``params`` are the keyword parameters a ``vm.Parameter`` may target, with their defaults
    (Vizro calls the loader with no arguments while building filters). ``None`` means the
    query's own default (for as_of: the latest order date).
    """
    if name in SOURCES:
        return name
    columns = tuple(columns)

    def loader(**kwargs: Any) -> pd.DataFrame:
        if _building:
            return stub_frame(columns)
        given = {k: v for k, v in kwargs.items() if v is not None and v != ""}
        try:
            return compact_text(app_database().call(lambda catalogue: load(catalogue, **given)))
        except CmkpiError as exc:
            log.warning("loading %s failed: %s", name, exc)
            return error_frame(columns, str(exc))

    loader.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(p, inspect.Parameter.KEYWORD_ONLY, default=default)
            for p, default in params.items()
        ]
    )
    loader.__name__ = loader.__qualname__ = f"load_{name}"
    loader.__module__ = __name__
    data_manager[name] = loader
    SOURCES[name] = Source(name, columns, tuple(params), query, fixed)
    return name


def _source_name(query: str, fixed: Mapping[str, Any]) -> str:
    if not fixed:
        return query
    suffix = "_".join(f"{k}-{v}" for k, v in sorted(fixed.items()))
    return f"{query}__{suffix}"


def catalogue_source(query: str, /, name: str | None = None, **fixed_params: Any) -> str:
    """A data_manager name whose loader runs ``Catalogue(db).run(query, **fixed, **params)``.

    Every parameter of the query not fixed here can be set at run time by a ``vm.Parameter``
    targeting ``"<component>.data_frame.<param>"``; it goes into the SQL as a bound value.
    """
    q = get_query(query)
    unknown = [k for k in fixed_params if q.param(k) is None]
    if unknown:
        valid = ", ".join(p.name for p in q.params) or "none"
        raise ParameterError(
            f"query {query} has no parameter {', '.join(unknown)}. Valid: {valid}."
        )
    free = {p.name: None for p in q.params if p.name not in fixed_params}

    def load(catalogue: Catalogue, **params: Any) -> pd.DataFrame:
        return catalogue.run(query, **fixed_params, **params)

    return register_source(
        name or _source_name(query, fixed_params),
        load,
        q.columns,
        free,
        query=q,
        fixed=fixed_params,
    )


def dashboard_query(name: str) -> Query:
    """A dashboard-only query from ``dashboard/queries/<name>.sql`` (catalogue header format)."""
    return parse_query_file(QUERIES_DIR / f"{name}.sql")


def run_query(catalogue: Catalogue, q: Query, **params: Any) -> pd.DataFrame:
    """Run a parsed query (catalogue or dashboard) with the catalogue's binding and typing."""
    return catalogue.run_query(q, **params)


_AGGREGATES = {"sum", "count", "min", "max", "avg"}


def summary_query(
    q: Query, group_by: Sequence[str], measures: Mapping[str, tuple[str, str]]
) -> Query:
    """``q`` wrapped in ``GROUP BY``, so only the aggregates leave the database.

    ``measures`` maps an output name to (function, column): ``{"customers": ("count", "*"),
    "revenue": ("sum", "revenue")}``. Column names are checked against the query's columns.
    """
    if q.python:
        raise ParameterError(f"{q.name} is computed in Python: it cannot be summarised in SQL.")
    types = {c.name: c.type for c in q.columns}
    for col in group_by:
        _checked_column(col, types)
    select = [f'"{col}"' for col in group_by]
    columns = [OutputColumn(col, types[col], "") for col in group_by]
    for name, (function, col) in measures.items():
        function = function.lower()
        if function not in _AGGREGATES or (col == "*" and function != "count"):
            raise ParameterError(f"unsupported measure {function}({col}).")
        arg = "*" if col == "*" else f'"{_checked_column(col, types)}"'
        select.append(f'{function.upper()}({arg}) AS "{name}"')
        kind = "int" if function == "count" else ("money" if types.get(col) == "money" else "float")
        columns.append(OutputColumn(name, kind, ""))
    grouping = f" GROUP BY {', '.join(select[: len(group_by)])}" if group_by else ""
    sql = f"SELECT {', '.join(select)} FROM ({q.sql}) AS summarised{grouping}"
    return replace(q, name=f"{q.name}__summary", sql=sql, columns=tuple(columns))


def run_summary(
    catalogue: Catalogue,
    query: str | Query,
    group_by: Sequence[str],
    measures: Mapping[str, tuple[str, str]],
    **params: Any,
) -> pd.DataFrame:
    """Aggregates of a catalogue query, computed by the database (in pandas for the few
    queries computed in Python)."""
    q = get_query(query) if isinstance(query, str) else query
    if not q.python:
        return catalogue.run_query(summary_query(q, group_by, measures), **params)
    frame = catalogue.run_query(q, **params)
    named = {
        name: (frame.columns[0] if col == "*" else col, "size" if fn == "count" else fn)
        for name, (fn, col) in measures.items()
    }
    if not group_by:
        return frame.groupby(lambda _: 0).agg(**named).reset_index(drop=True)
    return frame.groupby(list(group_by), as_index=False).agg(**named)


def query_source(name: str, /, **fixed_params: Any) -> str:
    """Like :func:`catalogue_source` for a dashboard-only query in ``dashboard/queries``."""
    q = dashboard_query(name)
    free = {p.name: None for p in q.params if p.name not in fixed_params}

    def load(catalogue: Catalogue, **params: Any) -> pd.DataFrame:
        return run_query(catalogue, q, **fixed_params, **params)

    return register_source(
        _source_name(name, fixed_params), load, q.columns, free, query=q, fixed=fixed_params
    )


def python_source(
    name: str,
    load: Callable[..., pd.DataFrame],
    columns: Mapping[str, str],
    **params: Any,
) -> str:
    """A source computed in Python over the catalogue: ``load(catalogue, **params)``.

    ``columns`` maps output column → catalogue column type (text, int, float, money, pct, date,
    bool); it types the build-time stub and error frames.
    """
    cols = tuple(OutputColumn(c, t, "") for c, t in columns.items())

    def typed(catalogue: Catalogue, **kwargs: Any) -> pd.DataFrame:
        return coerce(load(catalogue, **kwargs), cols)

    return register_source(name, typed, cols, params)


def load(name: str, **params: Any) -> pd.DataFrame:
    """Load a registered source through data_manager (and its cache), as a page would."""
    return data_manager[name].load(**params)


# -- server-side paging for grids ---------------------------------------------------------------
_SQL_TEXT_OPS = {
    "contains": ("LIKE", "%{}%"),
    "notContains": ("NOT LIKE", "%{}%"),
    "equals": ("=", "{}"),
    "notEqual": ("<>", "{}"),
    "startsWith": ("LIKE", "{}%"),
    "endsWith": ("LIKE", "%{}"),
}
_SQL_NUMBER_OPS = {
    "equals": "=",
    "notEqual": "<>",
    "lessThan": "<",
    "lessThanOrEqual": "<=",
    "greaterThan": ">",
    "greaterThanOrEqual": ">=",
}


@dataclass(frozen=True)
class Page:
    rows: pd.DataFrame
    total: int


def page_rows(
    source: str,
    start: int,
    end: int,
    *,
    params: Mapping[str, Any] | None = None,
    sort_model: Sequence[Mapping[str, Any]] | None = None,
    filter_model: Mapping[str, Mapping[str, Any]] | None = None,
) -> Page:
    """Rows ``start``–``end`` of a registered SQL source, sorted and filtered in the database.

    Made for AG Grid's infinite row model (``getRowsRequest``): only one page of rows leaves the
    database, so what the browser receives does not grow with the data. ``sort_model`` and
    ``filter_model`` are AG Grid's; column names are checked against the query's declared
    columns and values are bound, never formatted into SQL. Python-backed queries are sliced in
    pandas (they are small). An error raises CmkpiError (the caller shows it).
    """
    spec = SOURCES.get(source)
    if spec is None or spec.query is None:
        raise ParameterError(f"{source!r} is not a query source that can be paged.")
    q = spec.query
    types = {c.name: c.type for c in q.columns}
    wanted = {k: v for k, v in (params or {}).items() if v is not None and v != ""}
    all_params = {**(spec.fixed or {}), **wanted}
    start, end = max(0, int(start)), max(0, int(end))

    def fetch(catalogue: Catalogue) -> Page:
        if q.python:
            frame = run_query(catalogue, q, **all_params)
            frame = _filter_frame(frame, filter_model or {}, types)
            frame = _sort_frame(frame, sort_model or [], types)
            return Page(frame.iloc[start:end].reset_index(drop=True), len(frame))
        bound = catalogue.bind(q, all_params)
        where, where_params = _where(filter_model or {}, types)
        order = _order_by(sort_model or [], types)
        inner = f"SELECT * FROM ({q.sql}) AS paged_source{where}"
        count_sql = f"SELECT COUNT(*) AS total FROM ({inner}) AS counted"
        rows_sql = f"{inner}{order} LIMIT :_limit OFFSET :_offset"
        merged = {**bound, **where_params}
        total = int(catalogue.db.run(count_sql, merged, raw_dates=q.raw_dates).iloc[0, 0])
        frame = catalogue.db.run(
            rows_sql,
            {**merged, "_limit": max(0, end - start), "_offset": start},
            raw_dates=q.raw_dates,
        )
        return Page(coerce(frame, q.columns), total)

    return app_database().call(fetch)


def _checked_column(name: str, types: Mapping[str, str]) -> str:
    if name not in types:
        raise ParameterError(f"unknown column {name!r}; valid: {', '.join(types)}.")
    return name


def _order_by(sort_model: Sequence[Mapping[str, Any]], types: Mapping[str, str]) -> str:
    parts = []
    for item in sort_model:
        col = _checked_column(str(item.get("colId")), types)
        direction = "DESC" if str(item.get("sort", "asc")).lower() == "desc" else "ASC"
        parts.append(f"{col} {direction}")
    return f" ORDER BY {', '.join(parts)}" if parts else ""


def _where(
    filter_model: Mapping[str, Mapping[str, Any]], types: Mapping[str, str]
) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    values: dict[str, Any] = {}
    for i, (col_name, spec) in enumerate(filter_model.items()):
        col = _checked_column(col_name, types)
        kind = spec.get("filterType", "text")
        op = spec.get("type", "contains")
        key = f"_f{i}"
        if kind == "text":
            if op not in _SQL_TEXT_OPS:
                raise ParameterError(f"unsupported text filter {op!r}.")
            sql_op, pattern = _SQL_TEXT_OPS[op]
            values[key] = pattern.format(str(spec.get("filter", "")).lower())
            clauses.append(f"LOWER(CAST({col} AS VARCHAR)) {sql_op} :{key}")
        elif kind == "number":
            if op == "inRange":
                values[key], values[key + "b"] = spec.get("filter"), spec.get("filterTo")
                clauses.append(f"{col} BETWEEN :{key} AND :{key}b")
            elif op in _SQL_NUMBER_OPS:
                values[key] = spec.get("filter")
                clauses.append(f"{col} {_SQL_NUMBER_OPS[op]} :{key}")
            else:
                raise ParameterError(f"unsupported number filter {op!r}.")
        elif kind == "date":
            value = str(spec.get("dateFrom", ""))[:10]
            if op == "inRange":
                values[key], values[key + "b"] = value, str(spec.get("dateTo", ""))[:10]
                clauses.append(f"CAST({col} AS DATE) BETWEEN :{key} AND :{key}b")
            elif op in _SQL_NUMBER_OPS:
                values[key] = value
                clauses.append(f"CAST({col} AS DATE) {_SQL_NUMBER_OPS[op]} :{key}")
            else:
                raise ParameterError(f"unsupported date filter {op!r}.")
        else:
            raise ParameterError(f"unsupported filter type {kind!r}.")
    return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), values


def _filter_frame(
    frame: pd.DataFrame, filter_model: Mapping[str, Mapping[str, Any]], types: Mapping[str, str]
) -> pd.DataFrame:
    for col_name, spec in filter_model.items():
        col = _checked_column(col_name, types)
        op, value = spec.get("type", "contains"), spec.get("filter")
        s = frame[col]
        if spec.get("filterType", "text") == "text":
            text = s.astype("string").str.lower()
            needle = str(value or "").lower()
            mask = {
                "contains": text.str.contains(needle, regex=False),
                "notContains": ~text.str.contains(needle, regex=False),
                "equals": text == needle,
                "notEqual": text != needle,
                "startsWith": text.str.startswith(needle),
                "endsWith": text.str.endswith(needle),
            }.get(op)
        else:
            num = pd.to_numeric(s, errors="coerce")
            mask = {
                "equals": num == value,
                "notEqual": num != value,
                "lessThan": num < value,
                "lessThanOrEqual": num <= value,
                "greaterThan": num > value,
                "greaterThanOrEqual": num >= value,
            }.get(op)
        if mask is None:
            raise ParameterError(f"unsupported filter {op!r}.")
        frame = frame[mask.fillna(False).astype(bool)]
    return frame


def _sort_frame(
    frame: pd.DataFrame, sort_model: Sequence[Mapping[str, Any]], types: Mapping[str, str]
) -> pd.DataFrame:
    if not sort_model:
        return frame
    cols = [_checked_column(str(s.get("colId")), types) for s in sort_model]
    ascending = [str(s.get("sort", "asc")).lower() != "desc" for s in sort_model]
    return frame.sort_values(cols, ascending=ascending, kind="stable")


# -- sources shared by pages --------------------------------------------------------------------
KPI_COLUMNS: dict[str, str] = {
    "kpi": "text",
    "label": "text",
    "unit": "text",
    "value": "float",
    "reference": "float",
    "delta": "float",
    "delta_pct": "float",
    "higher_is_better": "bool",
    "period": "text",
    "as_of": "date",
    "current_start": "date",
    "current_end": "date",
    "reference_start": "date",
    "reference_end": "date",
    "reference_label": "text",
    "current_label": "text",
}


def current_label(period: str, start: Any, end: Any) -> str:
    """How a card names the period it shows, with the day it runs to: ``YTD to 31 May 2005``,
    ``2004`` (a card without it left the as-of date and the year compared unsaid)."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    day = f"{e.day} {e:%b %Y}"
    if period == "ytd":
        return f"YTD to {day}"
    if period == "qtd":
        return f"Q{(s.month - 1) // 3 + 1} to {day}"
    if period == "mtd":
        return f"MTD to {day}"
    if period == "ttm":
        return f"12 months to {day}"
    return str(s.year)


def reference_label(period: str, start: Any, end: Any) -> str:
    """How a card names its reference period: ``YTD 2004``, ``Q2 2004 QTD``, ``2004``…"""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if period == "ytd":
        return f"YTD {s.year}"
    if period == "qtd":
        return f"QTD Q{(s.month - 1) // 3 + 1} {s.year}"
    if period == "mtd":
        return f"MTD {s:%b %Y}"
    if period == "ttm":
        return f"TTM to {e.date().isoformat()}"
    return str(s.year)


def _load_kpis(catalogue: Catalogue, as_of: Any = None, period: str = "ytd") -> pd.DataFrame:
    from classicmodels_kpi.kpis import DEFINITIONS, compute_kpis

    report = compute_kpis(catalogue, as_of=as_of, period=period or "ytd")
    cur, ref = report.current_period, report.reference_period
    label = reference_label(report.period, ref.start, ref.end)
    shown = current_label(report.period, cur.start, min(cur.end, report.as_of))
    rows = []
    for name, kpi in report.kpis.items():
        d = DEFINITIONS[name]
        rows.append(
            {
                "kpi": name,
                "label": d.label,
                "unit": d.unit,
                "value": kpi.value,
                "reference": kpi.reference,
                "delta": kpi.delta,
                "delta_pct": kpi.delta_pct,
                "higher_is_better": kpi.higher_is_better,
                "period": report.period,
                "as_of": report.as_of,
                "current_start": cur.start,
                "current_end": cur.end,
                "reference_start": ref.start,
                "reference_end": ref.end,
                "reference_label": label,
                "current_label": shown,
            }
        )
    return pd.DataFrame(rows, columns=list(KPI_COLUMNS))


def kpi_source() -> str:
    """The seven KPIs of ``compute_kpis`` (one row each); parameters ``as_of`` and ``period``."""
    return python_source("kpis", _load_kpis, KPI_COLUMNS, as_of=None, period="ytd")
