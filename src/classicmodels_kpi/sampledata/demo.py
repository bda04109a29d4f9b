"""The embedded default database: synthetic data at scale 1, built on first use and cached.

The product ships no data file: the demo is generated (about a second) into the user's cache
folder (``CMKPI_CACHE_DIR`` if set, else platformdirs' cache dir for ``classicmodels-kpi``). Its
file name carries the package version and the generator version, so an upgrade that changes the
data builds a new file. It is written to a temporary file and renamed into place, so two processes
starting at once never see a half-written database.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import platformdirs

from classicmodels_kpi import __version__
from classicmodels_kpi.database.url import FileUrl, file_url
from classicmodels_kpi.errors import CmkpiError
from classicmodels_kpi.sampledata.generator import GENERATOR_VERSION, SyntheticData

CACHE_ENV_VAR = "CMKPI_CACHE_DIR"
DEMO_SCALE = 1
DEMO_SEED = 20030106  # the sample's first order date
STALE_AFTER_SECONDS = 7 * 24 * 3600


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV_VAR, "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_cache_dir("classicmodels-kpi"))


def demo_path() -> Path:
    """Where the demo database for this version lives (it may not exist yet)."""
    name = f"demo-{__version__}-g{GENERATOR_VERSION}-s{DEMO_SEED}.sqlite"
    return cache_dir() / name


def demo_database_url(say: Callable[[str], None] | None = None) -> FileUrl:
    """The demo database's URL, generating the file first if this version has none yet."""
    path = demo_path()
    if not path.is_file():
        _build(path)
        if say is not None:
            say(f"Created the demo database at {path} (scale {DEMO_SCALE}, seed {DEMO_SEED}).")
    return file_url("sqlite", path)


def _build(path: Path) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".demo-", suffix=".sqlite.tmp", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise CmkpiError(
            f"cannot create the demo database in {folder}: {exc.strerror or exc}. Set "
            f"{CACHE_ENV_VAR} to a writable folder, or give --db."
        ) from None
    from classicmodels_kpi.sampledata.writer import write_tables  # writing needs SQLAlchemy

    try:
        data = SyntheticData(DEMO_SCALE, DEMO_SEED)
        write_tables(file_url("sqlite", temp), data.batches())
        os.replace(temp, path)  # atomic: readers see no file or the whole file
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    _remove_stale(path)


def _remove_stale(current: Path) -> None:
    """Demo files of other versions untouched for a week are dead weight once this one exists.

    Recent ones are kept: another installed version may be using them right now.
    """
    week_ago = time.time() - STALE_AFTER_SECONDS
    for old in current.parent.glob("demo-*.sqlite"):
        with contextlib.suppress(OSError):
            if old != current and old.stat().st_mtime < week_ago:
                old.unlink()
