"""Transpiled SQL kept on disk, so a fresh process runs the catalogue without loading sqlglot.

Why: parsing and generating one catalogue query costs sqlglot 10–100 ms, and importing its
dialects another few hundred; a cold ``cmkpi`` process running the whole catalogue on the sample
data would spend seconds translating and milliseconds querying. The translation depends only on
the SQL text, the target dialect, the database's real table/column spelling, the SQLite date
guard, the sqlglot version and our own translation code, so a file keyed by a hash of all of these
is safe to reuse. The folder is ``$CMKPI_CACHE_DIR/sql`` (else the user cache folder of
``classicmodels-kpi``); ``CMKPI_SQL_CACHE=0`` turns the disk cache off. Any failure to read or
write the cache is ignored: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

CACHE_ENV_VAR = "CMKPI_CACHE_DIR"
SWITCH_ENV_VAR = "CMKPI_SQL_CACHE"

_memory: dict[str, str] = {}


def cache_folder() -> Path:
    configured = os.environ.get(CACHE_ENV_VAR, "").strip()
    if configured:
        return Path(configured).expanduser() / "sql"
    import platformdirs

    return Path(platformdirs.user_cache_dir("classicmodels-kpi")) / "sql"


def enabled() -> bool:
    return os.environ.get(SWITCH_ENV_VAR, "1").strip().lower() not in ("0", "false", "no", "off")


@cache
def _salt() -> str:
    """sqlglot's version plus the bytes of the code that translates: either changing voids all.

    sqlglot's version is read from its own ``_version.py`` (the installed release writes it),
    found without importing sqlglot: ``importlib.metadata`` would cost 10–80 ms of every fresh
    process, more than the catalogue's SQL on the sample. Only when that file is missing is the
    installed distribution's metadata asked.
    """
    code = hashlib.sha256()
    spec = importlib.util.find_spec("sqlglot")
    try:
        if spec is None or spec.origin is None:
            raise OSError("sqlglot has no file to read")
        code.update(Path(spec.origin).with_name("_version.py").read_bytes())
    except OSError:
        from importlib.metadata import PackageNotFoundError, version

        try:
            code.update(version("sqlglot").encode())
        except PackageNotFoundError:  # pragma: no cover - sqlglot is a dependency
            code.update(b"unknown")
    for name in ("connection.py", "sqlcache.py"):
        try:
            code.update((Path(__file__).with_name(name)).read_bytes())
        except OSError:  # pragma: no cover - installed without sources
            code.update(name.encode())
    return code.hexdigest()[:24]


def cache_key(dialect: str, key: tuple[Any, ...]) -> str:
    """A stable hash of (dialect, sql, raw_dates, names, guarded dates) across processes."""
    sql, raw_dates, identifiers, guard_dates = key
    payload = json.dumps(
        [_salt(), dialect, sql, bool(raw_dates), list(identifiers), sorted(guard_dates)],
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def transpile_cached(
    dialect: str, key: tuple[Any, ...], translate: Callable[[str, tuple[Any, ...]], str]
) -> str:
    """``translate(dialect, key)`` remembered in memory and on disk."""
    digest = cache_key(dialect, key)
    hit = _memory.get(digest)
    if hit is not None:
        return hit
    path = cache_folder() / digest[:2] / f"{digest}.sql" if enabled() else None
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        if text:
            _memory[digest] = text
            return text
    text = translate(dialect, key)
    _memory[digest] = text
    if path is not None:
        _store(path, text)
    return text


def _store(path: Path, text: str) -> None:
    """Write to a temporary file and rename, so a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
