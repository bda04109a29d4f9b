"""Browser-test fixtures: one dashboard server per session, Debian's Chromium, watched pages.

* ``dashboard_server`` / ``dashboard_url``: ``cmkpi serve`` on the canonical data in a subprocess
  on a free 127.0.0.1 port, one per session (pages load their data lazily: up in seconds).
* ``watch(page)``: a :class:`dashboard_browser.PageWatch` recording console errors and failed or
  off-host requests, with ``settle()`` to wait until Dash has no callback in flight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from dashboard_browser import (
    DESKTOP,
    PageWatch,
    Server,
    start_server,
    stop_server,
)


@pytest.fixture(scope="session")
def dashboard_server(canonical_path: Path) -> Iterator[Server]:
    server = start_server(canonical_path)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def dashboard_url(dashboard_server: Server) -> str:
    return dashboard_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": DESKTOP, "accept_downloads": True}


@pytest.fixture
def watch() -> Callable[..., PageWatch]:
    """``watch(page)`` starts recording a page's errors, off-host requests and callbacks."""

    def attach(page) -> PageWatch:
        return PageWatch(page).attach()

    return attach


@pytest.fixture
def sql_delay() -> float:
    """Seconds each database call of ``sql_runs`` takes longer (a module may override it)."""
    return 0.0


@pytest.fixture
def sql_runs(monkeypatch: pytest.MonkeyPatch, sql_delay: float) -> list[str]:
    """One entry per time the dashboard goes to the database (a cache miss)."""
    import time

    from classicmodels_kpi.dashboard import data

    calls: list[str] = []
    original = data.AppDatabase.call

    def counting(self, fn):
        calls.append("sql")
        time.sleep(sql_delay)
        return original(self, fn)

    monkeypatch.setattr(data.AppDatabase, "call", counting)
    return calls
