"""The SQL analytics catalogue: one ``.sql`` file per named query, written once in DuckDB SQL.

A file lives at ``catalogue/<layer>/<name>.sql``; the file name is the query's name. Its header
is a block of ``--`` comment lines, one fact per line::

    -- title: Sales by country
    -- question: Which countries bring the revenue, and how concentrated is it?
    -- param as_of: date = latest_order_date | orders up to this date count
    -- param threshold: float = 2 range 1.. | ratio above which a customer is over-credited
    -- column country: text | TRIM(customers.country)
    -- column revenue: money | USD, orders not Cancelled
    -- option raw_dates
    -- python: classicmodels_kpi.catalogue.python.forecast:revenue_forecast

``param`` types: date, int, float, text. An int or float may give the values it accepts after its
default, ``range LOW..HIGH`` (either end may be left out): a value outside is refused with the
range, before any SQL runs (``n=-1`` or ``horizon=100000`` meant nothing, or ran for ever). The
default ``latest_order_date`` is the latest orderDate in the data (never the wall clock).
``column`` types: text, int, float, money (USD), pct (a percentage, 0–100), date, bool; results are
coerced to them so every engine returns the same frame (text as object with None for missing, int
as Int64, dates as datetime64[ns]). ``option raw_dates`` reads impossible SQLite dates as stored
(only data-quality checks want that).
``python:`` names a function ``f(catalogue, **params) -> DataFrame`` for the few queries that are
computation over other queries rather than SQL (the file then holds only the header).
Values are always bound as parameters (``:name``), never formatted into the SQL text.

In the SQL after the header, a line ``-- include: NAME`` is replaced by the CTEs of
``catalogue/fragments/NAME.sql`` (its own leading ``--`` lines are its documentation and are left
out; a fragment may include another), so SQL that several queries share is written once::

    WITH RECURSIVE
    -- include: calendar_months
    product_month_sales AS (...)

The query then reads as if the fragment's text stood there: every engine, ``cmkpi query NAME
--sql`` and the transpiled dialects see the whole statement.
"""

from __future__ import annotations

import importlib
import math
import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classicmodels_kpi.errors import ParameterError

# pandas and SQLAlchemy load on first use, so `cmkpi catalogue` and parameter errors answer
# quickly.
if TYPE_CHECKING:
    import pandas as pd

    from classicmodels_kpi.database import Database

ROOT = Path(__file__).parent
FRAGMENTS = ROOT / "fragments"
LAYERS: tuple[str, ...] = (
    "descriptive",
    "quality",
    "diagnostic",
    "analytical",
    "predictive",
    "structural",
)
PARAM_TYPES = ("date", "int", "float", "text")
#: Dates a parameter may take. Beyond them a question about this data means nothing, and the
#: calendar-filled queries would make a row per month up to it (9999-12-31: 5 GB and counting).
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)
#: Whole numbers the engines hold (64-bit); beyond, SQLite's driver overflowed with a traceback.
_INT_RANGE = (-(2**63), 2**63 - 1)
COLUMN_TYPES = ("text", "int", "float", "money", "pct", "date", "bool")
LATEST_ORDER_DATE = "latest_order_date"
#: Queries :meth:`Catalogue.run_many` runs at once (two cores is the machine we plan for).
RUN_MANY_WORKERS = 2

# DuckDB warns that a DB-API result turned into Arrow is copied once more; it is still the fastest
# way over (measured against its relation API, which plans each query twice, and row fetches).
# Only that warning, and only where this module asks for the Arrow table, is silenced.
warnings.filterwarnings(
    "ignore", "Arrow output on a DB-API result", UserWarning, r"classicmodels_kpi\.catalogue"
)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    doc: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class OutputColumn:
    name: str
    type: str
    doc: str


@dataclass(frozen=True)
class Query:
    name: str
    layer: str
    title: str
    question: str
    params: tuple[Param, ...]
    columns: tuple[OutputColumn, ...]
    sql: str
    path: Path
    raw_dates: bool = False
    python: str | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


_INCLUDE = re.compile(r"^--\s*include:\s*(\w+)\s*$")
_PARAM = re.compile(
    r"^(\w+)\s*:\s*(\w+)\s*(?:=\s*([^|]*?))?\s*"
    r"(?:range\s+(-?[\d.]*)\.\.(-?[\d.]*))?\s*(?:\|\s*(.*))?$"
)
_COLUMN = re.compile(r"^(\w+)\s*:\s*(\w+)\s*(?:\|\s*(.*))?$")


def parse_query_file(path: Path) -> Query:
    """Read one catalogue file; a malformed header is a bug in the catalogue, so it raises."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Param] = []
    columns: list[OutputColumn] = []
    options: set[str] = set()
    body: list[str] = []
    in_header = True
    for line in text.splitlines():
        stripped = line.strip()
        if in_header and stripped.startswith("--"):
            content = stripped[2:].strip()
            key, _, rest = content.partition(" ")
            if key.startswith("param") and key in ("param",):
                m = _PARAM.match(rest.strip())
                if not m or m.group(2) not in PARAM_TYPES:
                    raise ValueError(f"{path}: bad param line: {line!r}")
                default = m.group(3).strip() if m.group(3) is not None else None
                low, high = (float(v) if v else None for v in (m.group(4), m.group(5)))
                if (low is not None or high is not None) and m.group(2) not in ("int", "float"):
                    raise ValueError(f"{path}: a range is for int and float params: {line!r}")
                params.append(
                    Param(m.group(1), m.group(2), default or None, m.group(6) or "", low, high)
                )
            elif key == "column":
                m = _COLUMN.match(rest.strip())
                if not m or m.group(2) not in COLUMN_TYPES:
                    raise ValueError(f"{path}: bad column line: {line!r}")
                columns.append(OutputColumn(m.group(1), m.group(2), m.group(3) or ""))
            elif key == "option":
                options.add(rest.strip())
            elif content.partition(":")[0] in ("title", "question", "python"):
                k, _, v = content.partition(":")
                meta[k] = v.strip()
            # any other comment line in the header is free text
            continue
        in_header = False
        body.append(line)
    body = expand_includes("\n".join(body), path).splitlines()
    if "title" not in meta or "question" not in meta:
        raise ValueError(f"{path}: header needs '-- title:' and '-- question:' lines")
    if not columns:
        raise ValueError(f"{path}: header declares no '-- column' lines")
    sql = "\n".join(body).strip().rstrip(";")
    if not sql and "python" not in meta:
        raise ValueError(f"{path}: no SQL and no '-- python:' function")
    return Query(
        name=path.stem,
        layer=path.parent.name,
        title=meta["title"],
        question=meta["question"],
        params=tuple(params),
        columns=tuple(columns),
        sql=sql,
        path=path,
        raw_dates="raw_dates" in options,
        python=meta.get("python"),
    )


def expand_includes(sql: str, source: Path | str = "<sql>") -> str:
    """Replace each ``-- include: NAME`` line with the CTEs of ``fragments/NAME.sql``."""
    if "include:" not in sql:
        return sql
    out: list[str] = []
    for line in sql.splitlines():
        m = _INCLUDE.match(line.strip())
        if m is None:
            out.append(line)
            continue
        try:
            out.append(_fragment(m.group(1)))
        except OSError:
            raise ValueError(f"{source}: no fragment {m.group(1)!r} in {FRAGMENTS}") from None
    return "\n".join(out)


@cache
def _fragment(name: str, depth: int = 0) -> str:
    """A fragment's CTEs, its own includes expanded (a fragment may build on another)."""
    if depth > 5:
        raise ValueError(f"fragment {name!r}: includes nested too deep (a cycle?)")
    lines = (FRAGMENTS / f"{name}.sql").read_text(encoding="utf-8").splitlines()
    while lines and lines[0].lstrip().startswith("--") and not _INCLUDE.match(lines[0].strip()):
        lines.pop(0)  # the fragment's own documentation
    out: list[str] = []
    for line in lines:
        m = _INCLUDE.match(line.strip())
        out.append(_fragment(m.group(1), depth + 1) if m else line)
    return "\n".join(out).strip()


@cache
def queries() -> dict[str, Query]:
    """Every query in the catalogue, by name, in layer order then name order."""
    found: dict[str, Query] = {}
    for layer in LAYERS:
        for path in sorted((ROOT / layer).glob("*.sql")):
            q = parse_query_file(path)
            if q.name in found:
                raise ValueError(f"duplicate query name {q.name!r}")
            found[q.name] = q
    return found


def get_query(name: str) -> Query:
    try:
        return queries()[name]
    except KeyError:
        valid = ", ".join(queries())
        raise ParameterError(f"unknown query {name!r}. Valid queries: {valid}") from None


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str) -> date:
    """A YYYY-MM-DD date; ValueError otherwise (Python alone also takes 20050101 and 2005-W01-1,
    which the documented form does not promise)."""
    text = text.strip()
    if not _ISO_DAY.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)


def convert_param(param: Param, value: Any) -> Any:
    """A parameter value as the SQL gets it (dates as YYYY-MM-DD); ParameterError if invalid."""
    if value is None:
        return None
    try:
        if param.type == "date":
            if isinstance(value, datetime):
                value = value.date()
            day = value if isinstance(value, date) else parse_day(str(value))
            if not EARLIEST_DATE <= day <= LATEST_DATE:
                raise ParameterError(
                    f"bad value {day.isoformat()!r} for parameter {param.name}: dates go from "
                    f"{EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}."
                )
            return day.isoformat()
        if param.type == "int":
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            number = int(value)
            if not _INT_RANGE[0] <= number <= _INT_RANGE[1]:
                raise ParameterError(
                    f"bad value {str(value)!r} for parameter {param.name}: the number is too "
                    "large for the database (64-bit)."
                )
            return _in_range(param, number, value)
        if param.type == "float":
            number = float(value)
            if not math.isfinite(number):
                raise ValueError
            return _in_range(param, number, value)
        return str(value)
    except (TypeError, ValueError):
        hint = {
            "date": "YYYY-MM-DD, a real calendar date",
            "int": "a whole number",
            "float": "a number",
        }.get(param.type, "text")
        raise ParameterError(
            f"bad value {str(value)!r} for parameter {param.name}: expected {hint}."
        ) from None


def _in_range(param: Param, number: float, given: Any) -> Any:
    """``number`` when the parameter's range allows it; ParameterError naming the range."""
    if (param.low is not None and number < param.low) or (
        param.high is not None and number > param.high
    ):
        low = "" if param.low is None else f"{param.low:g}"
        high = "" if param.high is None else f"{param.high:g}"
        bounds = (
            f"from {low} to {high}"
            if low and high
            else (f"at least {low}" if low else f"at most {high}")
        )
        raise ParameterError(
            f"bad value {str(given)!r} for parameter {param.name}: it goes {bounds}."
        )
    return number


def coerce(frame: pd.DataFrame, columns: tuple[OutputColumn, ...]) -> pd.DataFrame:
    """Give every declared column its declared type, so all engines return the same frame.

    Columns not declared keep what the driver gave. The frame is built once (no column-by-column
    assignment): on a catalogue run this is a good part of the time spent outside the database.
    """
    import pandas as pd

    kinds = {c.name: c.type for c in columns}
    data = {
        name: _typed(frame[name], kinds[name]) if name in kinds else frame[name]
        for name in frame.columns
    }
    return pd.DataFrame(data, index=frame.index)


def _typed(s: pd.Series, kind: str) -> pd.Series:
    import pandas as pd

    if kind == "date":
        if s.dtype == "datetime64[ns]":
            return s
        return pd.to_datetime(s, errors="coerce").astype("datetime64[ns]")
    if kind == "int":
        if str(s.dtype) == "Int64":
            return s
        return pd.to_numeric(s, errors="coerce").round().astype("Int64")
    if kind in ("float", "money", "pct"):
        if s.dtype == "float64":
            return s
        return pd.to_numeric(s, errors="coerce").astype("float64")
    if kind == "text" and s.dtype == object and set(map(type, s.to_numpy())) <= _TEXT_TYPES:
        return s  # already text with None for missing (a Python query's own frame)
    missing = s.isna().to_numpy()
    if kind == "text" and (
        (pd.api.types.is_string_dtype(s.dtype) and s.dtype != object)
        or pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty")
    ):  # already text (DuckDB hands over string columns): only the missing values change
        text = s.astype(object)
        text[missing] = None
        return text
    values = s.to_numpy(dtype=object)
    if kind == "bool":
        flags = [None if m else bool(v) for v, m in zip(values, missing, strict=True)]
        return pd.Series(pd.array(flags, dtype="boolean"), index=s.index)
    # text: str as is, anything else printed, every flavour of missing (NaN, NA, NaT) as None
    text = [
        None if m else (v if type(v) is str else str(v))
        for v, m in zip(values, missing, strict=True)
    ]
    return pd.Series(text, index=s.index, dtype="object")


def _text(value: Any) -> str | None:
    """Text as text; NaN (from a float column) as None, never 'nan'."""
    return None if isinstance(value, float) and math.isnan(value) else str(value)


def _object_array(values: list[Any]) -> Any:
    import numpy as np

    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def frame_from_rows(
    names: Sequence[str], rows: list[Any], columns: tuple[OutputColumn, ...]
) -> pd.DataFrame:
    """Driver rows straight into the declared types, without pandas guessing each column first.

    Each column goes through numpy once (no pandas inference, no date-format guessing); only an
    unusual value (an impossible date, a fractional "int") falls back to the general conversion.
    """
    by_column = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return _typed_frame(names, by_column, len(rows), columns, _fast_column, list)


def _typed_frame(
    names: Sequence[str],
    sources: Sequence[Any],
    count: int,
    columns: tuple[OutputColumn, ...],
    fast: Callable[[Any, str], Any],
    plain: Callable[[Any], list[Any]],
) -> pd.DataFrame:
    """The frame of ``count`` rows whose columns come from ``sources``: each one converted by
    ``fast`` to its declared type, or, when ``fast`` gives None, its ``plain`` Python values
    through the general (slower, forgiving) conversion."""
    import pandas as pd

    kinds = _kinds(columns)
    index = pd.RangeIndex(count)  # given, so pandas need not work it out per column
    data: dict[str, Any] = {}
    for name, source in zip(names, sources, strict=True):
        kind = kinds.get(name)
        converted = fast(source, kind) if kind else None
        if converted is None:
            values = plain(source)
            series = pd.Series(values, index=index, dtype=object)
            converted = _typed(series, kind) if kind else pd.Series(values, index=index)
        elif kind == "text":
            # an explicit object Series: pandas 3 would turn a bare array into 'str' with NaN
            # (the dtype as a numpy dtype: the string "object" is looked up in pandas' registry)
            converted = pd.Series(converted, index=index, dtype=_object_dtype(), copy=False)
        data[name] = converted
    return pd.DataFrame(data, index=index, copy=False)


@lru_cache(maxsize=256)
def _kinds(columns: tuple[OutputColumn, ...]) -> dict[str, str]:
    return {c.name: c.type for c in columns}


#: Driver value types an int or bool column can take without the general conversion: NaN stands
#: for None in a float64 array, exact for the whole numbers up to 2**53 this checks for.
_WHOLE_TYPES = frozenset({int, bool, float, type(None)})
#: Driver value types a text column takes as it is: str, and None for missing.
_TEXT_TYPES = frozenset({str, type(None)})
_EXACT_IN_FLOAT = 2**53


def _fast_column(values: tuple[Any, ...], kind: str) -> Any:
    """One column of driver values as its declared type, or None when the values need the
    general (slower, forgiving) conversion.

    Each column costs one C-level pass to learn its value types (``set(map(type, …))``), then one
    numpy conversion; no Python-level loop per value on the usual path.
    """
    import numpy as np
    import pandas as pd

    try:
        if kind in ("float", "money", "pct"):
            return np.array(values, dtype="float64")  # None → NaN, Decimal → float
        if kind == "text":
            if set(map(type, values)) <= _TEXT_TYPES:
                return _object_array(values)
            return _object_array([v if v is None or type(v) is str else _text(v) for v in values])
        if kind in ("int", "bool"):
            types = set(map(type, values))
            if not types <= _WHOLE_TYPES:
                return None  # Decimal or text: the general path copes
            if float not in types and type(None) not in types:
                raw = np.array(values, dtype="int64") if values else np.zeros(0, dtype="int64")
                mask = np.zeros(len(raw), dtype=bool)
            else:
                floats = np.array(values, dtype="float64")  # None → NaN
                mask = np.isnan(floats)
                floats[mask] = 0.0
                if not (
                    np.array_equal(floats, np.round(floats))
                    and np.abs(floats).max(initial=0.0) < _EXACT_IN_FLOAT
                ):
                    return None  # fractional, infinite or beyond exact: the general path copes
                raw = floats.astype("int64")
            if kind == "bool":
                return pd.arrays.BooleanArray(raw.astype(bool), mask)
            return pd.arrays.IntegerArray(raw, mask)
        if kind == "date":
            # ISO text (SQLite), date or datetime objects (the others); None → NaT
            return np.array(values, dtype="datetime64[ns]")
    except (TypeError, ValueError, OverflowError):
        return None  # an unusual driver type or value (e.g. 2019-02-29): the general path copes
    return None


@cache
def _object_dtype() -> Any:
    import numpy as np

    return np.dtype(object)


class Catalogue:
    """Runs catalogue queries against one database. ``Catalogue(db).run("customer_rfm")``."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._latest_order_date: str | None = None

    @property
    def queries(self) -> dict[str, Query]:
        return queries()

    def latest_order_date(self) -> str:
        """The default as_of: the data's latest orderDate, as YYYY-MM-DD."""
        if self._latest_order_date is None:
            import pandas as pd

            frame = self.db.run("SELECT MAX(orderDate) AS latest FROM orders")
            value = frame.iloc[0, 0]
            if value is None or pd.isna(value):
                raise ParameterError("the orders table is empty: there is no date to report as of.")
            self._latest_order_date = pd.Timestamp(value).date().isoformat()
        return self._latest_order_date

    def bind(self, query: Query, given: Mapping[str, Any]) -> dict[str, Any]:
        """Validate names and values; fill defaults. Raises ParameterError with the valid names."""
        unknown = [k for k in given if query.param(k) is None]
        if unknown:
            valid = ", ".join(p.name for p in query.params) or "none"
            raise ParameterError(
                f"query {query.name} has no parameter {', '.join(unknown)}. Valid: {valid}."
            )
        bound: dict[str, Any] = {}
        for p in query.params:
            value = given.get(p.name)
            if value is None:
                value = self.latest_order_date() if p.default == LATEST_ORDER_DATE else p.default
            bound[p.name] = convert_param(p, value)
        return bound

    def sql(self, name: str) -> str:
        """The query's SQL as this database runs it (its dialect, its real names)."""
        query = get_query(name)
        if query.python:
            raise ParameterError(_no_sql(query))
        return self.db.transpile(query.sql, raw_dates=query.raw_dates)

    def run(self, name: str, **params: Any) -> pd.DataFrame:
        """Run one query; ``params`` by name, as Python values or their text (dates YYYY-MM-DD)."""
        return self.run_query(get_query(name), **params)

    def run_query(self, query: Query, **params: Any) -> pd.DataFrame:
        """Run a parsed query, from the catalogue or from a file of one's own (parse_query_file)."""
        bound = self.bind(query, params)
        if query.python:
            return coerce(_python_function(query.python)(self, **bound), query.columns)
        return self._read(query, bound)

    def run_many(
        self, names: Iterable[str], *, workers: int = RUN_MANY_WORKERS, **params: Any
    ) -> dict[str, pd.DataFrame]:
        """Run several queries side by side; their frames by name, in the order given.

        Every engine works outside Python's lock (SQLite's step, DuckDB's whole query, a server's
        round trip), so two queries at a time keep both cores of a small machine busy: the whole
        catalogue at scale 1000 takes ~60 % of its one-by-one time on DuckDB and on SQLite, for a
        higher peak of memory (DuckDB: 976 vs 588 MB). On the small sample SQLite gains nothing
        (its two threads contend for the driver's lock). Each thread borrows its own connection.
        ``params`` go to every query that declares them (``as_of`` to the queries that take a
        date, for instance); a name no query declares is an error.
        When a query fails, the first failure in the given order is raised once all are done.
        """
        chosen = [get_query(name) for name in dict.fromkeys(names)]
        unknown = [k for k in params if not any(q.param(k) for q in chosen)]
        if unknown:
            raise ParameterError(
                f"no parameter {', '.join(unknown)} in any of "
                f"{', '.join(q.name for q in chosen)}: parameters go to the queries declaring them."
            )

        def one(query: Query) -> pd.DataFrame:
            own = {k: v for k, v in params.items() if query.param(k) is not None}
            return self.run_query(query, **own)

        if any(
            p.default == LATEST_ORDER_DATE and p.name not in params
            for q in chosen
            for p in q.params
        ):
            self.latest_order_date()  # the shared default, looked up once before the threads
        if workers < 2 or len(chosen) < 2:
            return {q.name: one(q) for q in chosen}
        from concurrent.futures import ThreadPoolExecutor, wait

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cmkpi-query") as pool:
            futures = [pool.submit(one, q) for q in chosen]
            wait(futures)
        return {q.name: f.result() for q, f in zip(chosen, futures, strict=True)}

    def _read(self, query: Query, bound: dict[str, Any]) -> pd.DataFrame:
        """Run the SQL and type the result by the header.

        Why not ``Database.run`` (pandas ``read_sql``): there pandas infers every column and the
        header then converts it again, which on the sample costs more than the queries; rows go
        straight into the declared types instead, and DuckDB hands over whole columns.
        """
        db = self.db
        sql = db.transpile(query.sql, raw_dates=query.raw_dates)
        if db.kind == "sqlite":
            # the driver's own cursor: sqlite3 binds :name itself, and SQLAlchemy's statement
            # compilation and result wrapping would cost more than most queries on the sample
            labels, rows = db.sqlite_rows(sql, bound)
            return frame_from_rows(_canonical_names(query, tuple(labels)), rows, query.columns)
        if db.kind == "duckdb":
            return _read_duckdb(db, sql, bound, query)
        with db.connection() as conn:
            result = conn.execute(_statement(sql), bound)
            labels = result.keys()  # the driver's column labels, in order
            names = _canonical_names(query, tuple(str(k) for k in labels))
            return frame_from_rows(names, result.fetchall(), query.columns)


def _read_duckdb(db: Database, sql: str, bound: dict[str, Any], query: Query) -> pd.DataFrame:
    """DuckDB hands the result over as Arrow columns, straight from its own cursor.

    Row tuples cost more than the queries at scale (a third of the catalogue's time at scale
    100). The cursor is DuckDB's own, borrowed for this thread (no SQLAlchemy: its import and
    statement handling cost ~0.5 s a process and ~1 ms a query); the ``:name`` placeholders
    become DuckDB's ``$name``, the values bound (``duckdb_execute``).
    """
    from classicmodels_kpi.database.connection import duckdb_execute

    with db.duckdb_cursor() as cursor:
        duckdb_execute(cursor, sql, bound)
        names = _canonical_names(query, tuple(d[0] for d in cursor.description))
        return frame_from_arrow(names, cursor.to_arrow_table(), query.columns)


def frame_from_arrow(
    names: Sequence[str], table: Any, columns: tuple[OutputColumn, ...]
) -> pd.DataFrame:
    """Arrow columns into the declared types: the same frame as :func:`frame_from_rows` gives."""
    return _typed_frame(
        names, table.columns, table.num_rows, columns, _arrow_column, lambda c: c.to_pylist()
    )


def _arrow_column(column: Any, kind: str) -> Any:
    """One Arrow column as its declared type, or None when it needs the general conversion."""
    import pandas as pd
    import pyarrow as pa

    kind_of = column.type
    numeric = (
        pa.types.is_integer(kind_of)
        or pa.types.is_floating(kind_of)
        or pa.types.is_decimal(kind_of)
        or pa.types.is_null(kind_of)
    )
    try:
        if kind in ("float", "money", "pct") and numeric:
            return column.cast(pa.float64()).to_numpy()  # null → NaN
        if kind == "text" and (pa.types.is_string(kind_of) or pa.types.is_null(kind_of)):
            return column.to_numpy(zero_copy_only=False)  # object array, null → None
        if kind in ("int", "bool") and (numeric or pa.types.is_boolean(kind_of)):
            # DuckDB's SUM of integers is a HUGEINT (an Arrow decimal); the safe cast below
            # refuses a fraction or an overflow, which then take the general path
            mask = column.is_null().to_numpy(zero_copy_only=False)
            values = column.cast(pa.int64()).fill_null(0).to_numpy()
            if kind == "bool":
                return pd.arrays.BooleanArray(values.astype(bool), mask)
            return pd.arrays.IntegerArray(values, mask)
        if kind == "date" and (pa.types.is_date(kind_of) or pa.types.is_timestamp(kind_of)):
            if pa.types.is_timestamp(kind_of) and kind_of.tz is not None:
                return None
            return column.cast(pa.timestamp("ns")).to_numpy()  # null → NaT
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return None  # e.g. a date beyond 2262: the general path copes
    return None


@lru_cache(maxsize=1024)
def _canonical_names(query: Query, labels: tuple[str, ...]) -> tuple[str, ...]:
    """The declared spelling of each output column (PostgreSQL may hand back lower case)."""
    declared = {c.name.lower(): c.name for c in query.columns}
    return tuple(declared.get(label.lower(), label) for label in labels)


@lru_cache(maxsize=512)
def _statement(sql: str) -> Any:
    """SQLAlchemy's text() parses the SQL for its placeholders: do it once per statement."""
    from sqlalchemy import text

    return text(sql)


@cache
def _python_function(ref: str) -> Callable[..., pd.DataFrame]:
    module, _, func = ref.partition(":")
    return getattr(importlib.import_module(module), func)


#: Dialects ``transpile_query`` writes: the four engines we run on, and two for larger data.
DIALECTS: tuple[str, ...] = ("sqlite", "duckdb", "postgres", "mysql", "spark", "trino")


def _no_sql(query: Query) -> str:
    return (
        f"query {query.name} has no SQL of its own: it is computed in Python "
        f"({query.python}) over other queries."
    )


def transpile_query(name: str, dialect: str, *, pretty: bool = True) -> str:
    """The query in another SQL dialect, with canonical names and ``:name`` placeholders.

    Needs no database: it is what ``cmkpi query NAME --sql --dialect D`` prints, and the route to
    engines the product does not connect to yet (Spark, Trino). Names are quoted as spelt in the
    ClassicModels schema; a database that folds them differently needs ``Database.transpile``.
    """
    query = get_query(name)
    if query.python:
        raise ParameterError(_no_sql(query))
    return transpile_sql(query.sql, dialect, pretty=pretty)


def transpile_sql(sql: str, dialect: str, *, pretty: bool = True) -> str:
    """DuckDB-dialect catalogue SQL written for ``dialect`` (one of :data:`DIALECTS`)."""
    if dialect not in DIALECTS:
        raise ParameterError(f"unknown dialect {dialect!r}: use one of {', '.join(DIALECTS)}.")
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read="duckdb")
    for ident in tree.find_all(exp.Identifier):
        ident.set("quoted", True)
    for ph in list(tree.find_all(exp.Placeholder)):
        if ph.name:
            ph.replace(exp.var(f":{ph.name}"))
    return tree.sql(dialect=dialect, pretty=pretty)
