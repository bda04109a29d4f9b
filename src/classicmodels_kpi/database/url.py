"""Turn what the user typed after ``--db`` into a SQLAlchemy URL, and print it safely.

Accepted: a SQLAlchemy URL for one of the four supported engines, or a plain file path whose
extension names the engine (``.sqlite``, ``.sqlite3``, ``.db`` → SQLite; ``.duckdb``, ``.ddb`` →
DuckDB). Bare ``postgresql://`` and ``mysql://`` (or ``mariadb://``) get the drivers we ship
(psycopg, PyMySQL), whatever driver the URL names.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

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

#: ``scheme://user:password@rest``: the password runs to the last ``@`` before any ``/``, so an
#: unencoded ``@`` inside it (``p@ss``) stays part of the password, as libpq reads it.
_USERINFO = re.compile(r"^(?P<head>[A-Za-z][\w+.-]*://[^:/@]*:)(?P<password>[^/]*)@(?P<rest>.*)$")

#: Passwords seen in ``--db`` values, masked literally in any text shown to people.
_SECRETS: set[str] = set()

#: Shorter passwords are masked only inside URLs: masking "ab" everywhere would garble messages.
_MIN_SECRET = 3


def parse_db(value: str) -> URL:
    """Parse a ``--db`` value (URL or file path) into a URL; raise DatabaseError if unusable."""
    value = value.strip()
    if not value:
        raise DatabaseError(f"--db is empty: give a database URL ({_SUPPORTED}) or a file path.")
    if "://" not in value:
        return _url_from_path(Path(value).expanduser())
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
    backend = url.get_backend_name()
    if backend not in _BACKENDS:
        raise DatabaseError(
            f"unsupported database engine {backend!r}; supported URLs: {_SUPPORTED}."
        )
    engine, driver = _BACKENDS[backend]
    return url.set(drivername=engine if driver is None else f"{engine}+{driver}")


def _url_from_path(path: Path) -> URL:
    suffix = path.suffix.lower()
    if suffix in SQLITE_SUFFIXES:
        return URL.create("sqlite", database=str(path))
    if suffix in DUCKDB_SUFFIXES:
        return URL.create("duckdb", database=str(path))
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file.")
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


#: ``user:password@`` inside any URL in free text; like parsing, the password runs to the last
#: ``@`` before a ``/`` or a space.
_PASSWORD_IN_URL = re.compile(r"([A-Za-z][\w+.-]*://[^:/@\s]*:)([^\s/]*)(@)")


def mask(text: str) -> str:
    """Hide passwords inside free text (error messages, logs): in URLs, and any seen in --db."""
    text = _PASSWORD_IN_URL.sub(r"\1***\3", text)
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _remember_secret(password: str | None) -> None:
    if password and len(password) >= _MIN_SECRET:
        _SECRETS.update({password, quote(password, safe="")})
