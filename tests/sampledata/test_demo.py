"""The embedded demo database: built once per version in the cache folder, safely, and used by
every command run without --db."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sampledata_helpers import cmkpi, one_error_line, read_rows, run_main

from classicmodels_kpi import __version__
from classicmodels_kpi.sampledata import demo
from classicmodels_kpi.sampledata.generator import GENERATOR_VERSION


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CMKPI_CACHE_DIR", str(folder))
    monkeypatch.delenv("CMKPI_DATABASE_URL", raising=False)
    return folder


def test_created_once_and_announced_once(cache: Path) -> None:
    said: list[str] = []
    url = demo.demo_database_url(say=said.append)
    path = Path(url.database or "")
    assert path.parent == cache and path.is_file()
    assert __version__ in path.name and f"g{GENERATOR_VERSION}" in path.name
    assert len(said) == 1
    assert said[0] == (f"Created the demo database at {path} (scale 1, seed {demo.DEMO_SEED}).")
    stamp = path.stat().st_mtime_ns
    again = demo.demo_database_url(say=said.append)
    assert again == url and len(said) == 1
    assert path.stat().st_mtime_ns == stamp
    assert [p.name for p in cache.iterdir()] == [path.name]  # no temporary file left over


def test_demo_has_the_sample_shape(cache: Path) -> None:
    url = demo.demo_database_url()
    with sqlite3.connect(f"file:{url.database}?mode=ro", uri=True) as conn:
        count = {
            t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("customers", "orders", "employees", "offices", "productlines")
        }
        span = conn.execute("SELECT MIN(orderDate), MAX(orderDate) FROM orders").fetchone()
    assert count["offices"] == 7 and count["productlines"] == 7 and count["employees"] == 23
    assert 110 <= count["customers"] <= 135 and 300 <= count["orders"] <= 350
    assert span[0].startswith("2003-01") and span[1].startswith("2005-05")


def test_new_generator_version_builds_a_new_file(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Path(demo.demo_database_url().database or "")
    monkeypatch.setattr(demo, "GENERATOR_VERSION", GENERATOR_VERSION + 1)
    said: list[str] = []
    second = Path(demo.demo_database_url(say=said.append).database or "")
    assert second != first and second.is_file() and len(said) == 1
    assert first.is_file()  # recently used by another version: kept
    old = time.time() - demo.STALE_AFTER_SECONDS - 60
    os.utime(first, (old, old))
    monkeypatch.setattr(demo, "GENERATOR_VERSION", GENERATOR_VERSION + 2)
    demo.demo_database_url()
    assert not first.exists()  # untouched for over a week: removed


def test_two_processes_at_once_get_one_good_file(cache: Path) -> None:
    code = (
        "from classicmodels_kpi.sampledata.demo import demo_database_url; "
        "print(demo_database_url().database)"
    )
    env = {**os.environ, "CMKPI_CACHE_DIR": str(cache)}
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]
    paths = {p.communicate(timeout=120)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(paths) == 1
    path = Path(paths.pop())
    assert [p.name for p in cache.iterdir()] == [path.name]
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = read_rows(f"sqlite:///{path}")
    assert len(rows["orders"]) >= 300 and len(rows["offices"]) == 7


def test_info_without_db_uses_the_demo(cache: Path) -> None:
    first = cmkpi("info", "--format", "json", env={"CMKPI_CACHE_DIR": str(cache)})
    assert first.returncode == 0, first.stderr
    path = next(cache.glob("demo-*.sqlite"))
    assert first.stderr.strip() == (
        f"Created the demo database at {path} (scale 1, seed {demo.DEMO_SEED})."
    )
    info = json.loads(first.stdout)
    assert info["engine"] == "sqlite" and str(path) in info["database"]
    with sqlite3.connect(path) as conn:
        orders = conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    assert info["tables"]["orders"] == orders
    assert info["orders_from"].startswith("2003-01") and info["orders_to"].startswith("2005-05")


def test_second_run_is_silent(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = run_main(["info"], capsys)
    assert first.returncode == 0 and "Created the demo database" in first.stderr
    second = run_main(["info"], capsys)
    assert second.returncode == 0 and "Created" not in second.stderr
    assert "orders" in second.stdout


def test_unwritable_cache_gives_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CMKPI_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("CMKPI_DATABASE_URL", raising=False)
    result = run_main(["info"], capsys)
    assert "cannot create the demo database" in one_error_line(result)
