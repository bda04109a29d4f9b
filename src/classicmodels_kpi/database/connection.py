"""Read-only access to a ClassicModels database on SQLite, DuckDB, PostgreSQL or MySQL/MariaDB.

Why a class of our own around SQLAlchemy: every engine is opened read-only in its own way, every
driver fails in its own words, and the real table/column spelling differs per database (lower case
on PostgreSQL, quoted camelCase from pandas). ``Database`` hides all three: it opens read-only,
turns driver errors into one plain line (:class:`DatabaseError`), and runs SQL written once in the
DuckDB dialect on any engine through sqlglot, with names matched case-insensitively.

SQLite, the embedded default, is read through Python's own driver from a small pool of read-only
connections, DuckDB through its own module from one read-only connection and a cursor per thread;
SQLAlchemy (and duckdb_engine) are imported only when something asks for :attr:`Database.engine`.
Their import alone cost every command about 0.3 s (SQLite) or 0.5 s (DuckDB, with its connect),
more than the report's queries, and the dashboard's server ~11 MB of resident memory.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias
from urllib.parse import quote

from classicmodels_kpi.database import schema
from classicmodels_kpi.database.url import DbUrl, as_sqlalchemy, display, engine_of, mask
from classicmodels_kpi.errors import DatabaseError, SchemaError

# pandas, SQLAlchemy, duckdb and sqlglot load on first use, so `cmkpi --help` and bad-URL errors
# answer quickly, and SQLite and DuckDB never load SQLAlchemy unless asked for an engine.
if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    from sqlalchemy.engine import URL, Connection, Engine
    from sqlglot import exp

# sqlglot logs a warning for SQL it passes through as a command; the CLI's stderr stays one line.
logging.getLogger("sqlglot").setLevel(logging.ERROR)

#: sqlglot dialect for each engine.
SQLGLOT_DIALECT = {
    "sqlite": "sqlite",
    "duckdb": "duckdb",
    "postgresql": "postgres",
    "mysql": "mysql",
}

#: Seconds to wait for a server before giving up (override with CMKPI_CONNECT_TIMEOUT).
DEFAULT_CONNECT_TIMEOUT = 10

#: Columns the catalogue does not read; their absence is not an error.
OPTIONAL_COLUMNS = {("productlines", "htmlDescription"), ("productlines", "image")}

#: How every DuckDB file is opened (``duckdb.connect(config=...)``), whoever opens it: DuckDB keeps
#: one instance per file in a process and refuses a second connect with another config.
DUCKDB_CONFIG: dict[str, bool | int] = {
    # No other file may be read or written (COPY … TO, ATTACH), no extension fetched.
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    # A GROUP BY on an integer key whose values span at most 2^20 (orderNumber up to about
    # scale 3000) uses a perfect hash table, an array indexed by the key; DuckDB's default
    # is 2^12. The per-order totals most queries start from cost ~30 % less (80 → 56 ms at
    # scale 1000), the catalogue ~10 % less time and CPU, for ~60 MB more peak memory.
    "perfect_ht_threshold": 20,
}

#: A value of a DuckDB setting (``SET name = value``), see :func:`connect`.
DuckdbSetting: TypeAlias = bool | int | float | str


def connect_timeout() -> int:
    """Seconds to wait for a server: CMKPI_CONNECT_TIMEOUT, else the default."""
    raw = os.environ.get("CMKPI_CONNECT_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_CONNECT_TIMEOUT
    try:
        seconds = int(raw)
    except ValueError:
        seconds = 0
    if seconds < 1:
        raise DatabaseError(
            f"CMKPI_CONNECT_TIMEOUT must be a whole number of seconds (1 or more), not {raw!r}."
        )
    return seconds


class Database:
    """One read-only ClassicModels database. Open with :func:`connect`."""

    def __init__(
        self,
        url: DbUrl,
        engine: Engine | None = None,
        *,
        sqlite: SqliteConnections | None = None,
        duckdb: DuckdbConnections | None = None,
    ) -> None:
        """Exactly one way in: SQLAlchemy's ``engine`` (servers), or a file's own connections
        (``sqlite``, ``duckdb``), over which an engine is made only when asked for."""
        self.kind = engine_of(url)
        given = {"engine": engine, "sqlite": sqlite, "duckdb": duckdb}
        ways = [name for name, way in given.items() if way is not None]
        if len(ways) != 1:
            raise ValueError(
                "a Database needs exactly one of: an engine, SQLite's or DuckDB's connections"
            )
        if ways[0] != "engine" and ways[0] != self.kind:
            raise ValueError(f"{ways[0]} connections given for a {self.kind} URL")
        self.url = url
        self._engine = engine
        self._sqlite = sqlite
        self._duckdb = duckdb
        self.dialect = SQLGLOT_DIALECT[self.kind]
        self._tables: dict[str, str] = {}
        self._columns: dict[str, dict[str, str]] = {}
        self._identifiers: dict[str, str] = {}
        self._guard_dates: frozenset[tuple[str, str]] = frozenset()
        self._lock = threading.Lock()

    # -- identity -------------------------------------------------------------------------
    @property
    def display_url(self) -> str:
        """The URL with any password masked: safe for logs and messages."""
        return display(self.url)

    def __repr__(self) -> str:
        return f"Database({self.display_url!r})"

    @property
    def engine(self) -> Engine:
        """SQLAlchemy's engine; on SQLite and DuckDB made on first use, over the same read-only
        opener (this is what imports SQLAlchemy there)."""
        if self._engine is None:
            files = self._sqlite if self._sqlite is not None else self._duckdb
            assert files is not None
            with self._lock:
                if self._engine is None:
                    self._engine = files.engine()
        return self._engine

    # -- schema ---------------------------------------------------------------------------
    def check_schema(self) -> None:
        """Find the real spelling of every table and column; raise SchemaError naming what lacks."""
        with self._errors():
            rows = self.fetchall(_LIST_COLUMNS[self.kind])
            listing = [(str(t), str(c), str(k or "")) for t, c, k in rows]
            found: dict[str, str] = {}
            by_table: dict[str, dict[str, str]] = {}
            types: dict[tuple[str, str], str] = {}
            for table, column, kind in listing:
                found.setdefault(table.lower(), table)
                by_table.setdefault(table.lower(), {})[column.lower()] = column
                types[(table.lower(), column.lower())] = kind.lower()
            missing_tables = [t for t in schema.TABLE_ORDER if t not in found]
            if missing_tables:
                have = ", ".join(sorted(found.values())) or "no tables at all"
                raise SchemaError(
                    f"{self.display_url} is not a ClassicModels database: missing table"
                    f"{'s' if len(missing_tables) > 1 else ''} {', '.join(missing_tables)} "
                    f"(it has: {have}). Load the sample with `cmkpi import` or `cmkpi generate`."
                )
            columns: dict[str, dict[str, str]] = {}
            missing: list[str] = []
            for table in schema.TABLE_ORDER:
                cols = by_table[table]
                columns[table] = cols
                missing += [
                    f"{table}.{c}"
                    for c in schema.COLUMNS[table]
                    if c.lower() not in cols and (table, c) not in OPTIONAL_COLUMNS
                ]
            if missing:
                raise SchemaError(
                    f"{self.display_url} lacks column{'s' if len(missing) > 1 else ''} "
                    f"{', '.join(missing)} that the catalogue reads. Check the schema against "
                    "the ClassicModels sample (cmkpi import loads it)."
                )
            if self.kind != "sqlite":  # SQLite keeps dates as text by design
                text_dates = [
                    f"{table}.{c}"
                    for table, cols in schema.DATE_COLUMNS.items()
                    for c in cols
                    if _is_text_type(types.get((table, c.lower()), ""))
                ]
                if text_dates:
                    raise SchemaError(
                        f"{self.display_url} stores {', '.join(text_dates)} as text, not as "
                        "dates, and the catalogue compares them with dates. Store them as DATE "
                        "(cmkpi import and cmkpi generate write them so)."
                    )
        self._tables = {t: found[t] for t in schema.TABLE_ORDER}
        self._columns = columns
        idents: dict[str, str] = {}
        for table in schema.TABLE_ORDER:
            for low, real in columns[table].items():
                idents.setdefault(low, real)
        idents.update({t: self._tables[t] for t in schema.TABLE_ORDER})
        self._identifiers = idents
        if self.kind == "sqlite":
            self._guard_dates = self._find_invalid_sqlite_dates()

    def table(self, name: str) -> str:
        """The real name of a canonical table."""
        return self._tables.get(name.lower(), name)

    def _find_invalid_sqlite_dates(self) -> frozenset[tuple[str, str]]:
        """Date columns holding impossible dates; only those get guarded in every query.

        SQLite stores dates as text and silently rolls 2019-02-29 over to 2019-03-01; engines
        with a DATE type cannot hold such values. Guarding only where needed keeps clean data fast.
        """
        bad: set[tuple[str, str]] = set()
        for table, cols in schema.DATE_COLUMNS.items():
            t = self._tables[table]
            for col in cols:
                c = self._columns[table][col.lower()]
                sql = (
                    f'SELECT 1 FROM "{t}" WHERE "{c}" IS NOT NULL '
                    f"AND (DATE(\"{c}\", '+0 days') IS NULL "
                    f'OR DATE("{c}", \'+0 days\') <> SUBSTR("{c}", 1, 10)) LIMIT 1'
                )
                if self.fetchall(sql):
                    bad.add((table, col.lower()))
        return frozenset(bad)

    # -- SQL ------------------------------------------------------------------------------
    def transpile(self, sql: str, *, raw_dates: bool = False) -> str:
        """SQL written in the DuckDB dialect, made runnable on this engine with real names.

        A database opened with ``check=False`` learns its real names here, on first use.
        """
        from classicmodels_kpi.database.sqlcache import transpile_cached

        if not self._identifiers:
            self.check_schema()

        key = (sql, raw_dates, tuple(sorted(self._identifiers.items())), self._guard_dates)
        return transpile_cached(self.dialect, key, _transpile)

    def run(
        self, sql: str, params: Mapping[str, Any] | None = None, *, raw_dates: bool = False
    ) -> pd.DataFrame:
        """Run one DuckDB-dialect statement with bound parameters; columns come back canonical."""
        import pandas as pd

        target = self.transpile(sql, raw_dates=raw_dates)
        if self._sqlite is not None or self._duckdb is not None:
            # what read_sql_query makes of the rows, without SQLAlchemy
            rows_of = self.sqlite_rows if self._sqlite is not None else self.duckdb_rows
            names, rows = rows_of(target, params)
            frame = pd.DataFrame.from_records(rows, columns=names, coerce_float=True)
        else:
            from sqlalchemy import text

            with self._errors(), self.engine.connect() as conn:
                # read_sql_query, not read_sql: read_sql first asks the catalogue whether the
                # text is a table name, one extra round trip per query (half a small one's time).
                frame = pd.read_sql_query(text(target), conn, params=dict(params or {}))
        canonical = {c.lower(): c for cols in schema.COLUMNS.values() for c in cols}
        return frame.rename(columns=lambda c: canonical.get(str(c).lower(), c))

    def fetchall(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Sequence[Any]]:
        """The rows of SQL already in this engine's dialect (see :meth:`transpile`), as tuples."""
        if self._sqlite is not None:
            return self.sqlite_rows(sql, params)[1]
        if self._duckdb is not None:
            return self.duckdb_rows(sql, params)[1]
        from sqlalchemy import text

        with self.connection() as conn:
            return list(conn.execute(text(sql), dict(params or {})).fetchall())

    def sqlite_rows(
        self, sql: str, params: Mapping[str, Any] | None = None
    ) -> tuple[list[str], list[Any]]:
        """Column labels and rows of SQL run by Python's sqlite3 driver itself (SQLite only)."""
        with self.sqlite_connection() as raw:
            cursor = raw.execute(sql, dict(params or {}))
            try:
                return [d[0] for d in cursor.description or ()], cursor.fetchall()
            finally:
                cursor.close()

    @contextmanager
    def sqlite_connection(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection of Python's sqlite3 driver, for this thread alone meanwhile."""
        if self._sqlite is None:
            raise TypeError(f"{self.display_url} is not a SQLite database")
        with self._errors(), self._sqlite.borrow() as raw:
            yield raw

    def duckdb_rows(
        self, sql: str, params: Mapping[str, Any] | None = None
    ) -> tuple[list[str], list[Any]]:
        """Column labels and rows of SQL run by DuckDB's own driver (DuckDB only); ``:name``
        placeholders are bound from ``params`` (see :func:`duckdb_execute`)."""
        with self.duckdb_cursor() as cursor:
            duckdb_execute(cursor, sql, params)
            return [d[0] for d in cursor.description or ()], cursor.fetchall()

    @contextmanager
    def duckdb_cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of DuckDB's own driver on the read-only file, for this thread alone meanwhile.

        Run SQL with ``:name`` placeholders on it through :func:`duckdb_execute`.
        """
        if self._duckdb is None:
            raise TypeError(f"{self.display_url} is not a DuckDB database")
        with self._errors(), self._duckdb.borrow() as cursor:
            yield cursor

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A SQLAlchemy connection (imports SQLAlchemy; SQLite and DuckDB reads need none)."""
        with self._errors():
            try:
                conn = self.engine.connect()
            except TypeError as exc:  # an option in the URL's query the driver does not take
                raise DatabaseError(
                    f"cannot connect with {display(self.url)}: {exc}. Remove the option from "
                    "the URL's query (after '?')."
                ) from None
            with conn:
                yield conn

    def row_counts(self) -> dict[str, int]:
        """Rows per canonical table."""
        out: dict[str, int] = {}
        for table in schema.TABLE_ORDER:
            (count,) = self.fetchall(self.transpile(f"SELECT COUNT(*) FROM {table}"))[0]
            out[table] = int(count)
        return out

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        if self._sqlite is not None:
            self._sqlite.close()
        if self._duckdb is not None:
            self._duckdb.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- errors ---------------------------------------------------------------------------
    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except DatabaseError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise DatabaseError(explain(exc, self.url)) from None
        except Exception as exc:  # SQLAlchemy's and the drivers' own classes (duckdb.Error, …)
            if type(exc).__module__.split(".")[0] in _DRIVER_MODULES:
                raise DatabaseError(explain(exc, self.url)) from None
            raise


#: Modules whose exceptions are database errors (SQLAlchemy's wrap the drivers').
_DRIVER_MODULES = frozenset({"sqlalchemy", "duckdb", "_duckdb", "psycopg", "pymysql"})


@lru_cache(maxsize=1024)
def _transpile(dialect: str, key: tuple[Any, ...]) -> str:
    import sqlglot
    from sqlglot import exp

    sql, raw_dates, identifiers, guard_dates = key
    names = dict(identifiers)
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except sqlglot.errors.ParseError as exc:
        raise DatabaseError(f"the SQL does not parse: {str(exc).splitlines()[0]}") from None
    for ident in tree.find_all(exp.Identifier):
        real = names.get(ident.name.lower())
        ident.set("this", real if real is not None else ident.name)
        ident.set("quoted", True)
    if guard_dates and not raw_dates:
        tree = tree.transform(lambda node: _guard(node, guard_dates))
    for ph in list(tree.find_all(exp.Placeholder)):
        if ph.name:
            ph.replace(exp.var(f":{ph.name}"))
    return tree.sql(dialect=_sqlite_backticks() if dialect == "sqlite" else dialect)


@lru_cache(maxsize=1)
def _sqlite_backticks() -> type:
    """SQLite with `backtick` identifiers.

    SQLite reads a double-quoted name that matches no column as a string literal, so a misspelt
    "orderDat" would silently become the text 'orderDat' in every row; a backtick name is always a
    name, and a misspelling fails as it does on every other engine.
    """
    from sqlglot.dialects.sqlite import SQLite

    class SQLiteBackticks(SQLite):
        class Tokenizer(SQLite.Tokenizer):
            IDENTIFIERS: ClassVar[list[str | tuple[str, str]]] = ["`", '"', ("[", "]")]

    return SQLiteBackticks


def _guard(node: exp.Expression, guard_dates: frozenset[tuple[str, str]]) -> exp.Expression:
    """On SQLite, read an impossible date (2019-02-29) as NULL instead of letting it roll over."""
    from sqlglot import exp

    if isinstance(node, exp.Column) and not isinstance(node.parent, exp.Case):
        name = node.name.lower()
        if any(col == name for _, col in guard_dates):
            col = node.copy()
            guarded = exp.Case(
                ifs=[
                    exp.If(
                        this=exp.EQ(
                            this=_sqlite_date(col),
                            expression=exp.Substring(
                                this=col.copy(),
                                start=exp.Literal.number(1),
                                length=exp.Literal.number(10),
                            ),
                        ),
                        true=_sqlite_date(col),
                    )
                ]
            )
            if isinstance(node.parent, exp.Select) and node.arg_key == "expressions":
                return exp.alias_(guarded, node.name, quoted=True)
            return guarded
    return node


#: Every (table, column, declared type) visible in the current schema, per engine.
_LIST_COLUMNS = {
    "sqlite": "SELECT m.name, p.name, p.type FROM sqlite_master AS m "
    "JOIN pragma_table_info(m.name) AS p WHERE m.type IN ('table', 'view')",
    "duckdb": "SELECT table_name, column_name, data_type FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND table_catalog = current_database()",
    "postgresql": "SELECT table_name, column_name, data_type FROM information_schema.columns "
    "WHERE table_schema = ANY (current_schemas(false))",
    "mysql": "SELECT table_name, column_name, data_type FROM information_schema.columns "
    "WHERE table_schema = DATABASE()",
}


def _is_text_type(declared: str) -> bool:
    return any(word in declared for word in ("char", "text", "string"))


def list_columns(conn: Connection, kind: str) -> list[tuple[str, str]]:
    """Every (table, column) visible in the current schema, spelled as stored.

    One catalogue query per engine rather than SQLAlchemy reflection: faster, and duckdb_engine's
    reflection breaks on SQLAlchemy 2.1.
    """
    return [(str(t), str(c)) for t, c, _ in conn.exec_driver_sql(_LIST_COLUMNS[kind]).fetchall()]


def _sqlite_date(col: exp.Expression) -> exp.Expression:
    """SQLite's DATE(x, '+0 days') rolls 2019-02-29 over to 2019-03-01, exposing it."""
    from sqlglot import exp

    return exp.Anonymous(this="DATE", expressions=[col.copy(), exp.Literal.string("+0 days")])


def explain(exc: BaseException, url: DbUrl) -> str:
    """One plain line for a driver error: what is wrong and what to do. Never the password."""
    where = display(url)
    # pandas wraps the driver's error in its own (message: "Execution failed on sql …").
    while type(exc).__module__.startswith("pandas") and exc.__cause__ is not None:
        exc = exc.__cause__
    raw = str(getattr(exc, "orig", None) or exc).strip()
    msg = mask(" ".join(raw.split()))
    low = msg.lower()
    headline = mask(raw.splitlines()[0].strip()) if raw else type(exc).__name__
    if any(sign in low for sign in _READ_ONLY_REFUSALS):
        return f"{where} is opened read-only and the statement tried to write: {headline}"
    if "access denied" in low and "to database" in low:
        return f"the user in {where} may not read that database: check the grants."
    if "password authentication failed" in low or "access denied" in low:
        return f"wrong user name or password for {where}: check the credentials in --db."
    if "statement timeout" in low or "max_statement_time" in low:
        return f"a query on {where} ran past the server's time limit."
    if "timeout" in low or "timed out" in low:
        return (
            f"timed out connecting to {where} after {connect_timeout()} s: check host and port, "
            "or raise CMKPI_CONNECT_TIMEOUT."
        )
    if any(sign in low for sign in _UNKNOWN_HOST):
        return f"unknown host in {where}: check the host name."
    if "connection refused" in low or "can't connect" in low or "could not connect" in low:
        return f"cannot reach the database server at {where} (connection refused): is it running?"
    if ("does not exist" in low and "database" in low) or "unknown database" in low:
        return f"the database named in {where} does not exist on that server."
    if "could not set lock" in low or "database is locked" in low:
        return (
            f"{where} is locked by another program that has it open for writing; "
            "close that program (or let it finish) and try again."
        )
    if "not a database" in low or "not a valid duckdb" in low or "file is encrypted" in low:
        return f"{where} is not a database file of the engine its name says; check the path."
    return f"database error on {where}: {headline.split(' [SQL:')[0][:300]}"


#: How resolvers word a host name that does not resolve (glibc, macOS, libpq, psycopg; offline).
_UNKNOWN_HOST = (
    "name or service not known",
    "could not translate host",
    "failed to resolve host",
    "nodename nor servname",
    "temporary failure in name resolution",
)

#: How each engine words a refused write (SQLite twice: mode=ro, then our authorizer).
_READ_ONLY_REFUSALS = (
    "attempt to write a readonly database",
    "not authorized",
    "authorization denied",
    "read-only mode",
    "read-only transaction",
    "read only transaction",
)


#: The first bytes of each engine's files, to name a wrong file before a driver fails obscurely.
_SQLITE_MAGIC = b"SQLite format 3\x00"
_DUCKDB_MAGIC = b"DUCK"  # at offset 8


def database_file_kind(path: Path) -> str | None:
    """ "sqlite" or "duckdb" when ``path`` is such a database file, else None (also when it
    cannot be read): for writers that must never replace a database."""
    try:
        kind = _file_kind(path) if path.is_file() else None
    except OSError:
        return None
    return kind if kind in ("sqlite", "duckdb") else None


def _file_kind(path: Path) -> str | None:
    """ "sqlite", "duckdb", "empty" or None (anything else), from the file's header."""
    with path.open("rb") as handle:
        head = handle.read(16)
    if not head:
        return "empty"
    if head.startswith(_SQLITE_MAGIC):
        return "sqlite"
    if head[8:12] == _DUCKDB_MAGIC:
        return "duckdb"
    return None


#: How the file engines are named to people.
ENGINE_LABELS = {"sqlite": "SQLite", "duckdb": "DuckDB"}


def _database_file(url: DbUrl, kind: str) -> Path:
    """The file behind a SQLite/DuckDB URL, checked to exist and hold that engine's data.

    Checked before any driver sees it: both drivers would create a missing file, and DuckDB
    handed a SQLite file tries to download an extension.
    """
    label = ENGINE_LABELS[kind]
    path = Path(url.database or "").expanduser()
    if not url.database or str(path) == ":memory:":
        raise DatabaseError(f"an in-memory {label} database holds no data: give a file path.")
    if not path.exists():
        raise DatabaseError(f"no such database file: {path}. Check the path (nothing was created).")
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file.")
    if not path.is_file():  # a pipe would block the read of its header for ever
        raise DatabaseError(f"{path} is not a regular file, so not a database file.")
    try:
        found = _file_kind(path)
    except OSError as exc:
        raise DatabaseError(f"cannot read {path}: {exc.strerror or exc}.") from None
    if found == "empty":
        raise DatabaseError(f"{path} is an empty file, not a {label} database.")
    if found is None:
        raise DatabaseError(f"{path} is not a {label} database file (nor any database we read).")
    if found != kind:
        other = ENGINE_LABELS[found]
        raise DatabaseError(
            f"{path} is a {other} database, not {label}: give it a .{found} name or pass "
            f"{found}:///{path}."
        )
    return path


#: Pragmas that take an argument yet only read (``pragma_table_info('orders')`` and the like).
_READING_PRAGMAS = frozenset(
    {
        "table_info",
        "table_xinfo",
        "table_list",
        "index_list",
        "index_info",
        "index_xinfo",
        "foreign_key_list",
        "foreign_key_check",
        "integrity_check",
        "quick_check",
    }
)


def _sqlite_reads_only(action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
    """Refuse what mode=ro lets through: ATTACH and VACUUM INTO create other files, and a pragma
    with a value could switch query_only off again."""
    if action == sqlite3.SQLITE_ATTACH:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and arg2 is not None:
        return (
            sqlite3.SQLITE_OK if (arg1 or "").lower() in _READING_PRAGMAS else sqlite3.SQLITE_DENY
        )
    return sqlite3.SQLITE_OK


def _sqlite_wal_at_rest(path: Path) -> bool:
    """A WAL-mode SQLite file (header bytes 18-19 = 2) with no -wal file beside it."""
    with path.open("rb") as handle:
        header = handle.read(20)
    return header[18:20] == b"\x02\x02" and not Path(f"{path}-wal").exists()


class SqliteConnections:
    """Read-only connections to one SQLite file, each lent to one thread at a time and kept for
    the next (the dashboard's callbacks and the insights' side-by-side queries run in threads).
    """

    #: Connections kept for reuse; more, opened while many threads read at once, are closed.
    KEEP = 8

    def __init__(self, url: DbUrl) -> None:
        path = _database_file(url, "sqlite")
        self.uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        if _sqlite_wal_at_rest(path):
            # Even read-only, SQLite opens a WAL-mode file by creating -wal and -shm beside it
            # (and leaves them there). With no -wal file no writer is active and every commit is
            # in the main file, so it can be read as immutable: no side file, no lock.
            self.uri += "&immutable=1"
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.uri, uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")  # second lock: no statement may write at all
        conn.set_authorizer(_sqlite_reads_only)
        return conn

    @contextmanager
    def borrow(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self.open()
        try:
            yield conn
        finally:
            with self._lock:
                keep = len(self._idle) < self.KEEP
                if keep:
                    self._idle.append(conn)
            if not keep:
                conn.close()

    def close(self) -> None:
        """Close the idle connections; one still lent is kept for reuse when it comes back."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def engine(self) -> Engine:
        """A SQLAlchemy engine over the same read-only opener, for code that wants one."""
        from sqlalchemy import create_engine
        from sqlalchemy.pool import QueuePool

        # Not SQLAlchemy's choice for a creator, SingletonThreadPool: past five threads it closes
        # the oldest thread's connection, even in use by a thread still running (a crash).
        return create_engine("sqlite://", creator=self.open, poolclass=QueuePool)


class DuckdbConnections:
    """One DuckDB file opened once, read-only, and a cursor of it lent to each thread at a time,
    kept for the next (the dashboard's callbacks and ``Catalogue.run_many`` read from threads).

    Why cursors: a DuckDB connection must not run statements from two threads at once, and its
    ``cursor()`` is a connection of its own to the same database instance (one open of the file,
    one buffer pool, one memory limit), cheap to make.

    What a cursor inherits: the ``config`` given to ``duckdb.connect`` (:data:`DUCKDB_CONFIG`,
    the instance's defaults) and every global setting (``memory_limit``,
    ``max_temp_directory_size``, anything SET GLOBAL); not a session setting SET on the parent
    or on another cursor (``perfect_ht_threshold``, ``enable_progress_bar``). So ``settings`` are
    SET on every cursor as it is made, each one a bound value. Why not give them as the config:
    DuckDB keeps one instance per file in a process and refuses a second connect of the file
    with a different config, so a dashboard's limits would make every other reader of that file
    in the process fail while it is open. A global setting SET here holds for that instance.
    """

    #: Cursors kept for reuse; more, made while many threads read at once, are closed.
    KEEP = 8

    def __init__(self, url: DbUrl, settings: Mapping[str, DuckdbSetting] | None = None) -> None:
        self.path = _database_file(url, "duckdb")
        self.settings: dict[str, DuckdbSetting] = dict(settings or {})
        for name in self.settings:
            if not _SETTING_NAME.fullmatch(name):
                raise ValueError(f"not a DuckDB setting name: {name!r}")
        self._database: duckdb.DuckDBPyConnection | None = None
        self._idle: list[duckdb.DuckDBPyConnection] = []
        self._generation = 0  # one more at every close: a cursor lent before is not kept
        self._lock = threading.Lock()

    def open(self) -> duckdb.DuckDBPyConnection:
        """A new cursor with the settings SET on it. The file is opened on first use (and after
        :meth:`close`), so a missing or locked file fails inside the caller's error handling."""
        import duckdb

        with self._lock:
            if self._database is None:
                self._database = duckdb.connect(
                    str(self.path), read_only=True, config=dict(DUCKDB_CONFIG)
                )
            cursor = self._database.cursor()
        try:
            for name, value in self.settings.items():
                cursor.execute(f"SET {name} = $1", [value])
        except BaseException:
            cursor.close()
            raise
        return cursor

    @contextmanager
    def borrow(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            cursor = self._idle.pop() if self._idle else None
            generation = self._generation
        if cursor is None:
            cursor = self.open()
        try:
            yield cursor
        finally:
            with self._lock:
                keep = generation == self._generation and len(self._idle) < self.KEEP
                if keep:
                    self._idle.append(cursor)
            if not keep:
                cursor.close()

    def close(self) -> None:
        """Close the idle cursors and the file. DuckDB closes a connection's cursors with it, so
        a cursor still lent fails at its next statement; the next borrow opens the file again."""
        with self._lock:
            idle, self._idle = self._idle, []
            database, self._database = self._database, None
            self._generation += 1
        for cursor in idle:
            cursor.close()
        if database is not None:
            database.close()

    def engine(self) -> Engine:
        """A SQLAlchemy engine over the same opener, for code that wants one: each of its pooled
        connections is one more cursor (settings SET), wrapped as duckdb_engine wraps its own."""
        from duckdb_engine import ConnectionWrapper
        from sqlalchemy import create_engine
        from sqlalchemy.pool import QueuePool

        return create_engine(
            "duckdb://",
            creator=lambda: ConnectionWrapper(self.open()),
            # "duckdb://" names no file, and duckdb_engine would pool an in-memory database in a
            # SingletonThreadPool, which closes the oldest thread's connection even in use.
            poolclass=QueuePool,
            # A transaction SQLAlchemy begins is rolled back when its Connection closes; the
            # pool's extra rollback on every return cost ~1 ms per query.
            pool_reset_on_return=None,
        )


#: What ``SET name = …`` accepts as a name: DuckDB's settings are lower-case words.
_SETTING_NAME = re.compile(r"[a-z][a-z0-9_]*")


def duckdb_execute(
    cursor: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> None:
    """Run SQL with our ``:name`` placeholders on a DuckDB cursor, the values bound by name.

    Only the names the SQL uses are passed (DuckDB refuses extra ones; SQLAlchemy ignored them);
    a missing one is DuckDB's error ("Values were not provided for the following parameters").
    """
    statement, names = duckdb_statement(sql)
    given = params or {}
    values = {name: given[name] for name in names if name in given}
    cursor.execute(statement, values or None)


@lru_cache(maxsize=1024)
def duckdb_statement(sql: str) -> tuple[str, tuple[str, ...]]:
    """SQL with our ``:name`` placeholders written as DuckDB's own ``$name``, and the names used.

    Why not SQLAlchemy's ``text()``, as before: importing SQLAlchemy cost 0.3 s of every start.
    Why not sqlglot's tokenizer: ~3 ms a query, and a warm start does not load sqlglot at all
    (translations come from the disk cache). The rule is SQLAlchemy's (a colon after neither a
    word character, a colon nor a backslash, then a name not followed by a colon, so ``x::INT``
    stays a cast), applied outside string literals, quoted names and comments, where SQLAlchemy
    would have seen a placeholder too.
    """
    names: dict[str, None] = {}

    def swap(found: re.Match[str]) -> str:
        name = found["name"]
        if name is None:
            return found[0]
        names.setdefault(name)
        return f"${name}"

    return _DUCKDB_PLACEHOLDER.sub(swap, sql), tuple(names)


_DUCKDB_PLACEHOLDER = re.compile(
    r"(?<!\w)[Ee]'(?:[^'\\]|\\.|'')*'"  # E'…', with backslash escapes
    r"|'(?:[^']|'')*'"  # '…'
    r'|"(?:[^"]|"")*"'  # "a name"
    r"|--[^\n]*|/\*.*?\*/"  # comments
    r"|(?<![:\w\\]):(?P<name>[A-Za-z_]\w*)(?!:)",
    re.DOTALL,
)


def _server_engine(url: URL, kind: str) -> Engine:
    from sqlalchemy import create_engine, event

    if kind == "mysql" and not url.database:
        raise DatabaseError(f"{display(url)} names no database: add /<database> to the URL.")
    timeout = connect_timeout()
    if kind == "postgresql":
        args: dict[str, Any] = {
            # psycopg applies it to the whole connection attempt (libpq rounds 1 up to 2 s).
            "connect_timeout": timeout,
            "options": "-c default_transaction_read_only=on",
        }
    else:
        args = {
            "connect_timeout": timeout,
            # PyMySQL's connect_timeout covers only the TCP connect; a server that accepts and
            # never greets would hang forever, so the handshake reads get the same limit.
            "read_timeout": timeout,
            "init_command": "SET SESSION TRANSACTION READ ONLY",
            "charset": "utf8mb4",
        }
    engine = create_engine(url, connect_args=args, pool_pre_ping=True)
    if kind == "mysql":
        event.listen(engine, "connect", _no_read_timeout_after_handshake)
    return engine


def _no_read_timeout_after_handshake(dbapi_connection: Any, _record: Any) -> None:
    """Long analytic queries must not hit the handshake's read limit (PyMySQL has no setter)."""
    if hasattr(dbapi_connection, "_read_timeout"):
        dbapi_connection._read_timeout = None


def connect(
    url: DbUrl,
    *,
    check: bool = True,
    duckdb_settings: Mapping[str, DuckdbSetting] | None = None,
) -> Database:
    """Open ``url`` read-only and (by default) check the ClassicModels schema.

    ``duckdb_settings`` (ignored by the other engines): DuckDB settings SET on every connection
    to a DuckDB file, each a bound value, e.g. the dashboard's ``{"memory_limit": "256MB"}``.
    None can switch read-only or the closed outside access back on (DuckDB refuses).
    """
    kind = engine_of(url)
    if kind == "sqlite":
        db = Database(url, sqlite=SqliteConnections(url))
    elif kind == "duckdb":
        db = Database(url, duckdb=DuckdbConnections(url, duckdb_settings))
    else:
        db = Database(url, _server_engine(as_sqlalchemy(url), kind))
    if check:
        try:
            db.check_schema()
        except BaseException:
            db.close()
            raise
    return db
