"""Turn what the user typed after ``--db`` into a URL, and print it safely.

Accepted: a SQLAlchemy URL for one of the four supported engines, or a plain file path whose
extension names the engine (``.sqlite``, ``.sqlite3``, ``.db`` → SQLite; ``.duckdb``, ``.ddb`` →
DuckDB). Bare ``postgresql://`` and ``mysql://`` (or ``mariadb://``) get the drivers we ship
(psycopg, PyMySQL), whatever driver the URL names.

A SQLite or DuckDB file becomes a :class:`FileUrl`, which answers like SQLAlchemy's URL without
importing SQLAlchemy: a SQLite file is read through Python's own driver, and SQLAlchemy's import
alone cost every command about 0.3 s (and the dashboard 11 MB). Server URLs are SQLAlchemy's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias
from urllib.parse import quote, unquote

from classicmodels_kpi.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

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

#: ``scheme://user:password@rest``: the password runs to the last ``@`` before any ``/``, so an
#: unencoded ``@`` inside it (``p@ss``) stays part of the password, as libpq reads it.
_USERINFO = re.compile(r"^(?P<head>[A-Za-z][\w+.-]*://[^:/@]*:)(?P<password>[^/]*)@(?P<rest>.*)$")

#: Passwords seen in ``--db`` values, masked literally in any text shown to people.
_SECRETS: set[str] = set()

#: Shorter passwords are masked only inside URLs: masking "ab" everywhere would garble messages.
_MIN_SECRET = 3


@dataclass(frozen=True)
class FileUrl:
    """``sqlite:///path`` or ``duckdb:///path``: the parts of SQLAlchemy's URL the product reads,
    rendered as SQLAlchemy renders them."""

    drivername: str
    database: str | None
    username: None = None
    password: None = None
    host: None = None
    port: None = None

    def get_backend_name(self) -> str:
        return self.drivername.partition("+")[0]

    def render_as_string(self, hide_password: bool = True) -> str:
        path = "" if self.database is None else "/" + quote(self.database, safe=" +/")
        return f"{self.drivername}://{path}"

    def __str__(self) -> str:
        return self.render_as_string()


#: What ``--db`` becomes: a file's URL, or SQLAlchemy's URL of a server.
DbUrl: TypeAlias = "FileUrl | URL"

#: ``sqlite[+driver]:///path`` or ``duckdb[+driver]:///path`` with nothing else (no host, no
#: query): read as SQLAlchemy's make_url reads it, the path percent-decoded.
_FILE_URL = re.compile(r"^(?P<backend>sqlite|duckdb)(?:\+\w+)?://(?:/(?P<database>[^?]*))?$")


def file_url(kind: str, path: str | Path) -> FileUrl:
    """The URL of a SQLite (``kind`` "sqlite") or DuckDB ("duckdb") file."""
    return FileUrl(kind, str(path))


def as_sqlalchemy(url: DbUrl) -> URL:
    """SQLAlchemy's URL for ``url``, for the code that needs an engine (writing, servers)."""
    if isinstance(url, FileUrl):
        from sqlalchemy.engine import URL

        return URL.create(url.drivername, database=url.database)
    return url


def parse_db(value: str) -> DbUrl:
    """Parse a ``--db`` value (URL or file path) into a URL; raise DatabaseError if unusable."""
    value = value.strip()
    if not value:
        raise DatabaseError(f"--db is empty: give a database URL ({_SUPPORTED}) or a file path.")
    if "://" not in value:
        return _url_from_path(Path(value).expanduser())
    plain_file = _FILE_URL.match(value)
    if plain_file is not None:
        database = plain_file["database"]
        return FileUrl(plain_file["backend"], None if database is None else unquote(database))
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    found = _USERINFO.match(value)
    if found and "@" in found["password"]:
        value = f"{found['head']}{found['password'].replace('@', '%40')}@{found['rest']}"
    try:
        url = make_url(value)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseError(
            f"cannot read database URL {mask(value)!r}: {mask(str(exc))}. "
            f"Expected one of: {_SUPPORTED}."
        ) from None
    _remember_secret(url.password)
    for key in _PASSWORD_KEYS:  # ?password=… (psycopg and PyMySQL take it from the query too)
        given = url.query.get(key)
        for secret in [given] if isinstance(given, str) else list(given or ()):
            _remember_secret(secret)
    backend = url.get_backend_name()
    if backend not in _BACKENDS:
        raise DatabaseError(
            f"unsupported database engine {backend!r}; supported URLs: {_SUPPORTED}."
        )
    engine, driver = _BACKENDS[backend]
    return url.set(drivername=engine if driver is None else f"{engine}+{driver}")


def _url_from_path(path: Path) -> FileUrl:
    suffix = path.suffix.lower()
    if suffix in SQLITE_SUFFIXES:
        return file_url("sqlite", path)
    if suffix in DUCKDB_SUFFIXES:
        return file_url("duckdb", path)
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file.")
    raise DatabaseError(
        f"cannot tell the engine of {str(path)!r} from its extension: use .sqlite or .db "
        f"for SQLite, .duckdb for DuckDB, or give a URL ({_SUPPORTED})."
    )


def engine_of(url: DbUrl) -> str:
    """Our engine name: sqlite, duckdb, postgresql or mysql."""
    return _BACKENDS[url.get_backend_name()][0]


def display(url: DbUrl) -> str:
    """The URL as shown to people: password masked (also one given as ``?password=``)."""
    return mask(url.render_as_string(hide_password=True))


#: ``user:password@`` inside any URL in free text; like parsing, the password runs to the last
#: ``@`` before a ``/`` or a space.
_PASSWORD_IN_URL = re.compile(r"([A-Za-z][\w+.-]*://[^:/@\s]*:)([^\s/]*)(@)")
#: Query parameters of a URL that carry a password.
_PASSWORD_KEYS = ("password", "passwd", "pwd")
_PASSWORD_IN_QUERY = re.compile(r"([?&](?:password|passwd|pwd)=)([^&\s'\"]*)", re.IGNORECASE)


def mask(text: str) -> str:
    """Hide passwords inside free text (error messages, logs): in URLs, and any seen in --db."""
    text = _PASSWORD_IN_URL.sub(r"\1***\3", text)
    text = _PASSWORD_IN_QUERY.sub(r"\1***", text)
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _remember_secret(password: str | None) -> None:
    if password and len(password) >= _MIN_SECRET:
        _SECRETS.update({password, quote(password, safe="")})
