"""Preloading every page's data after start-up, and one load per cache key at a time.

The browser test is the proof that ``page_loads`` asks for what Vizro's page-load action asks
for: after preloading, opening every page runs no query (the ``db`` entry of each callback's
``Server-Timing`` counts the database calls it made), while without preloading it does.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
import vizro.models as vm
from dashboard_browser import PAGES, PageWatch, open_page, start_server, stop_server
from vizro.managers import data_manager, model_manager

from classicmodels_kpi.dashboard import build, data
from classicmodels_kpi.dashboard.preload import page_loads, preload, preload_wanted


@pytest.fixture
def canonical_app(canonical_path: Path):
    return build(str(canonical_path))


@pytest.fixture
def sql_delay() -> float:
    """Each database call of ``sql_runs`` takes 0.2 s longer: two loads started together overlap
    for certain."""
    return 0.2


def test_page_loads_cover_every_figure_of_every_page(canonical_app) -> None:
    loads = page_loads()
    titles = [page.title for page in model_manager._get_models(vm.Page)]
    assert [title for title, _ in loads] == titles
    assert len(loads) == len(PAGES)
    for page, (_, page_sources) in zip(model_manager._get_models(vm.Page), loads, strict=True):
        figures = [
            m
            for m in model_manager._get_models((vm.Graph, vm.Table, vm.Figure), root_model=page)
            if isinstance(m["data_frame"], str)
        ]
        assert figures, page.title
        assert {m["data_frame"] for m in figures} == {source for source, _ in page_sources}
    executive = dict(loads[0][1])
    top = executive["executive_top_revenue"]
    # the page's controls as it opens: the radio items' values, an empty as-of date
    assert top == {"dimension": "country", "period": "ytd", "as_of": None}


def test_preloading_fills_the_cache_the_pages_read(canonical_app, sql_runs) -> None:
    said: list[str] = []
    assert preload(page_loads(), say=said.append)
    assert len(said) == 1
    assert re.fullmatch(r"Preloaded the data of 5 pages \(\d+ loads\) in [\d.]+ s\.", said[0])
    ran = len(sql_runs)
    assert ran > 0
    for _, page in page_loads():
        for source, kwargs in page:
            frame = data_manager[source].load(**kwargs)
            assert data.data_error(frame) is None
    assert len(sql_runs) == ran  # every page's data came from the cache


def test_preloading_stops_at_the_first_database_error(tmp_path: Path, sql_runs) -> None:
    build(str(tmp_path / "not-there.sqlite"))
    said: list[str] = []
    assert not preload(page_loads(), say=said.append)
    assert len(sql_runs) == 1  # a database that is down is not asked again and again
    assert len(said) == 1 and "\n" not in said[0]
    assert said[0].startswith("Preloading the pages' data stopped at Executive: ")
    assert "no such database file" in said[0]
    assert said[0].endswith("Pages load their data when opened.")


def test_two_loads_of_the_same_data_run_the_queries_once(canonical_app, sql_runs) -> None:
    start = threading.Barrier(2)
    frames: list[pd.DataFrame] = []

    def load() -> None:
        start.wait()
        frames.append(data.load("sales_by_region", as_of="2004-12-31"))

    threads = [threading.Thread(target=load) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sql_runs) == 1
    pd.testing.assert_frame_equal(frames[0], frames[1])
    data.load("sales_by_region", as_of="2004-11-30")  # other data: its own load
    assert len(sql_runs) == 2


def test_one_of_the_workers_sharing_a_cache_preloads(
    tmp_path: Path, monkeypatch, canonical_path: Path
) -> None:
    """gunicorn's workers share one on-disk cache: the first to claim it preloads into it."""
    from classicmodels_kpi.dashboard.preload import claim

    monkeypatch.setenv(data.CACHE_DIR_ENV, str(tmp_path / "shared"))
    build(str(canonical_path))
    with data_manager.cache.app.app_context():
        assert claim()  # the first worker
    build(str(canonical_path))  # another worker: its own process, the same folder
    with data_manager.cache.app.app_context():
        assert not claim()
    monkeypatch.setenv(data.CACHE_DIR_ENV, str(tmp_path / "another"))
    build(str(canonical_path))  # a server of its own
    with data_manager.cache.app.app_context():
        assert claim()


@pytest.mark.parametrize(
    ("value", "wanted"), [("", False), ("1", True), ("0", False), ("off", False), ("yes", True)]
)
def test_the_environment_switches_preloading(monkeypatch, value: str, wanted: bool) -> None:
    monkeypatch.setenv("CMKPI_PRELOAD", value)
    assert preload_wanted() is wanted


# -- in the browser ------------------------------------------------------------------------------

_DB_CALLS = re.compile(r'db;dur=[\d.]+;desc="(\d+)"')


def _database_calls(page, base_url: str) -> dict[str, int]:
    """Open every page; the database calls its callbacks made, by page path."""
    watcher = PageWatch(page).attach()
    calls: dict[str, int] = {}
    current = [""]

    def answered(response) -> None:
        if "_dash-update-component" in response.url:
            found = _DB_CALLS.search(response.headers.get("server-timing", ""))
            assert found, response.headers.get("server-timing")
            calls[current[0]] = calls.get(current[0], 0) + int(found.group(1))

    page.on("response", answered)
    for _, path in PAGES:
        current[0] = path
        calls[path] = 0
        open_page(page, base_url, path, watcher, timeout=60)
    page.remove_listener("response", answered)
    return calls


def _wait_for_line(log: Path, text: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in log.read_text().splitlines():
            if text in line:
                return line
        time.sleep(0.1)
    pytest.fail(f"no line with {text!r} in the server's output:\n{log.read_text()}")


@pytest.mark.browser
def test_after_preloading_opening_a_page_runs_no_query(browser, canonical_path: Path) -> None:
    server = start_server(canonical_path)
    try:
        with urllib.request.urlopen(server.url + "/", timeout=10):
            pass  # the first request starts the preloading
        line = _wait_for_line(server.log, "Preloaded the data of 5 pages")
        assert "Traceback" not in server.log.read_text(), line
        context = browser.new_context()
        calls = _database_calls(context.new_page(), server.url)
        context.close()
    finally:
        stop_server(server)
    assert calls == {path: 0 for _, path in PAGES}


@pytest.mark.browser
def test_without_preloading_a_first_visit_queries_the_database(
    browser, canonical_path: Path
) -> None:
    server = start_server(canonical_path, "--no-preload")
    try:
        context = browser.new_context()
        calls = _database_calls(context.new_page(), server.url)
        context.close()
        time.sleep(1)
        assert "Preloaded" not in server.log.read_text()
    finally:
        stop_server(server)
    assert all(count > 0 for count in calls.values()), calls
