"""Turn what the user typed after ``--db`` into a SQLAlchemy URL, and print it safely.

Accepted: a SQLAlchemy URL for one of the four supported engines, or a plain file path whose
extension names the engine (``.sqlite``, ``.sqlite3``, ``.db`` → SQLite; ``.duckdb`` → DuckDB).
Bare ``postgresql://`` and ``mysql://`` get the drivers we ship (psycopg, PyMySQL).
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from classicmodels_kpi.errors import DatabaseError

ENV_VAR = "CMKPI_DATABASE_URL"

SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
DUCKDB_SUFFIXES = (".duckdb", ".ddb")

#: backend name in a URL -> (our engine name, driver we install)
_BACKENDS: dict[str, tuple[str, str | None]] = {
    "sqlite": ("sqlite", None),
    "duckdb": ("duckdb", None),
    "postgresql": ("postgresql", "psycopg"),
    "postgres": ("postgresql", "psycopg"),
    "mysql": ("mysql", "pymysql"),
    "mariadb": ("mysql", "pymysql"),
}

_SUPPORTED = (
    "sqlite:///file.sqlite, duckdb:///file.duckdb, postgresql+psycopg://…, mysql+pymysql://…"
)


def parse_db(value: str) -> URL:
    """Parse a ``--db`` value (URL or file path) into a URL; raise DatabaseError if unusable."""
    value = value.strip()
    if not value:
        raise DatabaseError(f"--db is empty: give a database URL ({_SUPPORTED}) or a file path.")
    if "://" not in value:
        return _url_from_path(Path(value).expanduser())
    try:
        url = make_url(value)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseError(
            f"cannot read database URL {mask(value)!r}: {exc}. Expected one of: {_SUPPORTED}."
        ) from None
    backend = url.get_backend_name()
    if backend not in _BACKENDS:
        raise DatabaseError(
            f"unsupported database engine {backend!r}; supported URLs: {_SUPPORTED}."
        )
    engine, driver = _BACKENDS[backend]
    if driver is not None:
        url = url.set(drivername=f"{engine}+{driver}")
    else:
        url = url.set(drivername=engine)
    return url


def _url_from_path(path: Path) -> URL:
    suffix = path.suffix.lower()
    if suffix in SQLITE_SUFFIXES:
        return URL.create("sqlite", database=str(path))
    if suffix in DUCKDB_SUFFIXES:
        return URL.create("duckdb", database=str(path))
    raise DatabaseError(
        f"cannot tell the engine of {str(path)!r} from its extension: use .sqlite or .db "
        f"for SQLite, .duckdb for DuckDB, or give a URL ({_SUPPORTED})."
    )


def engine_of(url: URL) -> str:
    """Our engine name: sqlite, duckdb, postgresql or mysql."""
    return _BACKENDS[url.get_backend_name()][0]


def display(url: URL) -> str:
    """The URL as shown to people: password masked."""
    return url.render_as_string(hide_password=True)


_PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]*:)([^@\s]*)(@)")


def mask(text: str) -> str:
    """Hide any ``user:password@`` password inside free text (error messages, logs)."""
    return _PASSWORD_IN_URL.sub(r"\1***\3", text)
