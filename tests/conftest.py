"""Shared fixtures: the sample data read in place, and real PostgreSQL / MariaDB servers.

The servers are started by the suite from the Debian binaries on 127.0.0.1, in a temporary folder,
on free ports, and stopped at the end. In CI (``CI=true``) a server that cannot start fails the
run; on a developer machine without the binaries the tests that need it are skipped with the reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

import pandas as pd
import pytest

from classicmodels_kpi.report.pdf import OFFLINE_FLAGS, PLAYWRIGHT_CHROMIUM

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO / ".." / "shared" / "data").resolve()
ENGINES = ("sqlite", "duckdb", "postgresql", "mysql")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


PG_PASSWORD = "pg-secret"
MARIADB_USER = "cmkpi"
MARIADB_PASSWORD = "maria-secret"


def unavailable(reason: str) -> None:
    """A missing service fails in CI and skips elsewhere, saying why."""
    if IN_CI:
        pytest.fail(f"required service unavailable in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _shared(name: str) -> Path:
    path = SHARED_DATA / name
    if not path.exists():
        pytest.fail(f"sample data missing: {path} (the suite reads ../shared/data beside the repo)")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's one browser per worker, for the dashboard and the report alike.

    A test must not start its own ``sync_playwright()``: in a worker where pytest-playwright's
    event loop already runs, that fails.
    """
    if not Path(PLAYWRIGHT_CHROMIUM).exists():
        pytest.fail("Chromium is required for the browser tests: apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": PLAYWRIGHT_CHROMIUM,
        "args": list(OFFLINE_FLAGS),
    }


@pytest.fixture(scope="session")
def canonical_path() -> Path:
    return _shared("classicmodels_canonical.sqlite")


@pytest.fixture(scope="session")
def peer_path() -> Path:
    return _shared("classicmodels.sqlite")


@pytest.fixture(scope="session")
def dump_path() -> Path:
    return _shared("mysqlsampledatabase.sql")


@pytest.fixture(scope="session")
def canonical_tables(canonical_path: Path) -> dict[str, pd.DataFrame]:
    """The raw canonical tables as pandas frames: the independent source for golden numbers."""
    from classicmodels_kpi.database.schema import TABLE_ORDER

    with sqlite3.connect(f"file:{canonical_path}?mode=ro", uri=True) as conn:
        return {t: pd.read_sql(f"SELECT * FROM {t}", conn) for t in TABLE_ORDER}


# -- servers -------------------------------------------------------------------------------


def _as_service_user(user: str, cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", user, "--", *cmd]
    return cmd


@dataclass
class Server:
    kind: str
    port: int
    base_url: str
    admin_url: str
    _names: Iterator[int] = field(default_factory=lambda: count(1))

    def url(self, database: str) -> str:
        return f"{self.base_url}/{database}"

    def new_database(self) -> str:
        """A fresh empty database; returns its (writable, superuser) URL."""
        name = f"t{os.getpid()}_{next(self._names)}"
        from sqlalchemy import create_engine, text

        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            if self.kind == "postgresql":
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            else:
                conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
        engine.dispose()
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        unavailable("PostgreSQL binaries not found (apt-get install postgresql)")
    bindir = Path(bins[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="cmkpi-pg-"))
    port = free_port()
    pwfile = root / "pw"
    pwfile.write_text(PG_PASSWORD + "\n")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(pwfile, "postgres", "postgres")
    data = root / "data"
    run = lambda cmd: subprocess.run(  # noqa: E731
        _as_service_user("postgres", cmd), capture_output=True, text=True, timeout=120
    )
    init = run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            f"--pwfile={pwfile}",
        ]
    )
    if init.returncode != 0:
        unavailable(f"initdb failed: {init.stderr.strip()[-300:]}")
    start = run(
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(root / "log"),
            "-w",
            "-o",
            f"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off",
            "start",
        ]
    )
    if start.returncode != 0:
        log = (root / "log").read_text() if (root / "log").exists() else ""
        unavailable(f"PostgreSQL did not start: {start.stderr.strip()[-200:]} {log[-300:]}")
    base = f"postgresql+psycopg://postgres:{PG_PASSWORD}@127.0.0.1:{port}"
    try:
        yield Server("postgresql", port, base, f"{base}/postgres")
    finally:
        run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def mariadb_server() -> Iterator[Server]:
    installer = shutil.which("mariadb-install-db") or shutil.which("mysql_install_db")
    daemon = shutil.which("mariadbd") or (
        "/usr/sbin/mariadbd" if Path("/usr/sbin/mariadbd").exists() else None
    )
    if not installer or not daemon:
        unavailable("MariaDB binaries not found (apt-get install mariadb-server)")
    root = Path(tempfile.mkdtemp(prefix="cmkpi-maria-"))
    user = "mysql" if os.geteuid() == 0 else os.environ.get("USER", "")
    if os.geteuid() == 0:
        shutil.chown(root, "mysql", "mysql")
    data = root / "data"
    init = subprocess.run(
        [
            installer,
            f"--user={user}",
            f"--datadir={data}",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
            "--skip-name-resolve",
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    if init.returncode != 0:
        unavailable(f"mariadb-install-db failed: {init.stderr.strip()[-300:]}")
    port = free_port()
    sock = root / "sock"
    proc = subprocess.Popen(
        [
            daemon,
            "--no-defaults",
            f"--user={user}",
            f"--datadir={data}",
            f"--socket={sock}",
            f"--port={port}",
            "--bind-address=127.0.0.1",
            f"--pid-file={root / 'pid'}",
            "--skip-log-bin",
            "--skip-name-resolve",
            "--innodb-flush-log-at-trx-commit=0",
            "--innodb-doublewrite=0",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_bin",
            f"--log-error={root / 'err.log'}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import pymysql

    deadline = time.monotonic() + 60
    conn = None
    while time.monotonic() < deadline:
        try:
            conn = pymysql.connect(unix_socket=str(sock), user="root", connect_timeout=2)
            break
        except pymysql.err.OperationalError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    if conn is None:
        proc.kill()
        log = (root / "err.log").read_text() if (root / "err.log").exists() else ""
        unavailable(f"MariaDB did not start: {log[-400:]}")
    with conn.cursor() as cur:
        for host in ("127.0.0.1", "localhost"):
            cur.execute(f"CREATE USER '{MARIADB_USER}'@'{host}' IDENTIFIED BY '{MARIADB_PASSWORD}'")
            cur.execute(f"GRANT ALL PRIVILEGES ON *.* TO '{MARIADB_USER}'@'{host}'")
    conn.commit()
    conn.close()
    base = f"mysql+pymysql://{MARIADB_USER}:{MARIADB_PASSWORD}@127.0.0.1:{port}"
    try:
        yield Server("mysql", port, base, f"{base}/mysql")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def canonical_urls(
    request: pytest.FixtureRequest,
    canonical_path: Path,
    canonical_tables: dict[str, pd.DataFrame],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, str]:
    """The canonical data in all four engines (servers started on first use)."""
    return {engine: _canonical_url(request, engine) for engine in ENGINES}


_CANONICAL_CACHE: dict[str, str] = {}


def _canonical_url(request: pytest.FixtureRequest, engine: str) -> str:
    if engine in _CANONICAL_CACHE:
        return _CANONICAL_CACHE[engine]
    from sqlalchemy.engine import make_url

    from classicmodels_kpi.database.schema import TABLE_ORDER
    from classicmodels_kpi.sampledata.writer import write_tables

    canonical_path = request.getfixturevalue("canonical_path")
    if engine == "sqlite":
        url = f"sqlite:///{canonical_path}"
    else:
        tables = request.getfixturevalue("canonical_tables")
        if engine == "duckdb":
            folder = request.getfixturevalue("tmp_path_factory").mktemp("canonical-duckdb")
            url = f"duckdb:///{folder / 'classicmodels.duckdb'}"
        elif engine == "postgresql":
            url = request.getfixturevalue("postgres_server").new_database()
        else:
            url = request.getfixturevalue("mariadb_server").new_database()
        write_tables(make_url(url), [(t, tables[t]) for t in TABLE_ORDER])
    _CANONICAL_CACHE[engine] = url
    return url


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Parametrise a test over the four engines."""
    return str(request.param)


@pytest.fixture
def canonical_url(request: pytest.FixtureRequest, engine: str) -> str:
    """The canonical data in ``engine`` (starting only the server that engine needs)."""
    return _canonical_url(request, engine)
