"""Helpers for the dashboard's browser tests (imported by conftest.py and the tests).

* :func:`start_server`: ``cmkpi serve`` in a subprocess on a free 127.0.0.1 port.
* :class:`PageWatch`: records console errors, page errors, failed requests and requests to any
  host but 127.0.0.1; ``settle()`` waits until Dash has no callback in flight.
* :func:`open_page`, :func:`set_theme`, :func:`shoot` (screenshots in
  test-artifacts/screenshots/<page>-<theme>-<width>.png).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
#: (slug, path) of every page, in navigation order.
PAGES = (
    ("executive", "/"),
    ("regional", "/regional"),
    ("risks", "/risks"),
    ("opportunities", "/opportunities"),
    ("deep-dive", "/deep-dive"),
)
DESKTOP = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


def start_server(db: str | Path, *extra: str, env: dict[str, str] | None = None) -> Server:
    """``python -m classicmodels_kpi serve --db DB --port FREE`` in the background."""
    port = _free_port()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"cmkpi-serve-{port}.log"
    handle = log.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "classicmodels_kpi",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            *extra,
        ],
        stdout=handle,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
        cwd=REPO,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"dashboard server exited with {process.returncode}:\n{log.read_text()}"
                )
            try:
                with urllib.request.urlopen(url + "/", timeout=2):
                    break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"dashboard server did not start:\n{log.read_text()}")
                time.sleep(0.1)
    except BaseException:
        stop_server(Server(url, process, log))
        raise
    return Server(url, process, log)


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


#: After the page's next frame: is a Dash callback pending or a component loading?
_DASH_BUSY = """() => new Promise(done => requestAnimationFrame(() => done(
    document.querySelector('._dash-loading-callback') !== null
    || document.querySelector('[data-dash-is-loading="true"]') !== null)))"""


# -- watching a page ----------------------------------------------------------------------------
@dataclass
class PageWatch:
    """What went wrong on a page, and how many Dash callbacks are in flight."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    off_host: list[str] = field(default_factory=list)
    in_flight: int = 0
    callbacks_done: int = 0
    page_loads_done: int = 0

    def attach(self) -> PageWatch:
        p = self.page
        p.on("console", self._console)
        p.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        p.on("request", self._request)
        p.on("requestfinished", self._finished)
        p.on("requestfailed", self._failed)
        p.on("response", self._response)
        return self

    def _console(self, msg) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def _request(self, request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:", "about:")):
            return
        if host not in ("127.0.0.1",):
            self.off_host.append(request.url)
        if "_dash-update-component" in request.url:
            self.in_flight += 1

    def _done(self, request) -> None:
        if "_dash-update-component" in request.url:
            self.in_flight = max(0, self.in_flight - 1)
            self.callbacks_done += 1
            if "on_page_load" in (request.post_data or ""):
                self.page_loads_done += 1  # Vizro's page-load action has answered

    def _finished(self, request) -> None:
        self._done(request)

    def _failed(self, request) -> None:
        self.failed_requests.append(f"{request.url}: {request.failure}")
        self._done(request)

    def _response(self, response) -> None:
        # 204 is Dash's "no update"; anything >= 400 is a failure.
        if response.status >= 400:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def settle(self, timeout: float = 30.0, quiet: float = 0.35, polls: int = 6) -> None:
        """Wait until no Dash callback has been pending for ``quiet`` seconds and ``polls`` polls.

        Pending is Dash's own flag (the renderer shows ``._dash-loading-callback`` while any
        callback, clientside ones included, is requested, running or being applied) or a
        request in flight. Each poll waits for the page to draw a frame, so a page busy in a long
        task (a grid or a chart being built) counts one poll, not its duration, as calm.
        """
        page = self.page
        deadline = time.monotonic() + timeout
        calm_since: float | None = None
        calm_polls = 0
        while time.monotonic() < deadline:
            busy = self.in_flight > 0 or page.evaluate(_DASH_BUSY)
            now = time.monotonic()
            if busy:
                calm_since, calm_polls = None, 0
            else:
                calm_since = now if calm_since is None else calm_since
                calm_polls += 1
                if calm_polls >= polls and now - calm_since >= quiet:
                    return
            page.wait_for_timeout(50)
        raise AssertionError(f"Dash callbacks still running after {timeout} s")

    def clear(self) -> None:
        self.console_errors.clear()
        self.failed_requests.clear()
        self.off_host.clear()

    def assert_clean(self) -> None:
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.failed_requests, f"failed requests: {self.failed_requests}"
        assert not self.off_host, f"requests off 127.0.0.1: {self.off_host}"


def open_page(page, base_url: str, path: str, watcher: PageWatch, timeout: float = 30.0) -> None:
    """Go to ``path`` and wait until the page has loaded its data and Dash is idle."""
    before = watcher.page_loads_done
    page.goto(base_url + path)
    page.wait_for_selector("#page-components", state="attached", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while watcher.page_loads_done == before:
        if time.monotonic() > deadline:
            raise AssertionError(f"{path}: Vizro's page-load action did not answer in {timeout} s")
        page.wait_for_timeout(50)  # Vizro's page-load action has not answered yet
    watcher.settle(timeout)


def set_theme(page, theme: str, watcher: PageWatch) -> None:
    """Switch to ``dark`` or ``light`` with the header toggle (if not already)."""
    current = page.evaluate("document.documentElement.getAttribute('data-bs-theme')")
    if current != theme:
        page.click("#theme-toggle")
        page.wait_for_function(
            f"document.documentElement.getAttribute('data-bs-theme') === '{theme}'"
        )
        watcher.settle()


#: The tallest overflow inside the page: Vizro scrolls its page content in an inner element,
#: so a "full page" screenshot needs a viewport as tall as that content.
_HIDDEN_HEIGHT = """() => Math.max(0, ...Array.from(document.querySelectorAll('*'))
    .filter(el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowY))
    .map(el => el.scrollHeight - el.clientHeight))"""


def shoot(page, slug: str, theme: str, width: int) -> Path:
    """Save a whole-page screenshot as test-artifacts/screenshots/<page>-<theme>-<width>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{slug}-{theme}-{width}.png"
    size = page.viewport_size
    extra = int(page.evaluate(_HIDDEN_HEIGHT))
    if extra > 0:
        page.set_viewport_size({"width": size["width"], "height": size["height"] + extra})
        page.wait_for_timeout(300)  # let Plotly redraw at the new size
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        if extra > 0:
            page.set_viewport_size(size)
    return path


#: The traces of a Plotly graph in the page, decoded (typed arrays become lists).
_TRACES = """(id) => {
  const gd = document.querySelector(`#${id} .js-plotly-plot`);
  if (!gd || !gd._fullData) return null;
  const plain = (v) => (v && typeof v === 'object' && 'length' in v) ? Array.from(v) : v;
  return gd._fullData.map(t => ({
    type: t.type, name: t.name, x: plain(t.x), y: plain(t.y), z: plain(t.z),
    locations: plain(t.locations), labels: plain(t.labels), values: plain(t.values),
    customdata: t.customdata ? Array.from(t.customdata, plain) : undefined,
    markerColor: t.marker ? plain(t.marker.color) : undefined,
  }));
}"""


def traces(page, graph_id: str) -> list[dict]:
    """The drawn traces of the vm.Graph ``graph_id`` (what the user sees, not what was sent)."""
    with contextlib.suppress(PlaywrightTimeout):  # first drawn; else the assertion below says so
        page.wait_for_function(
            "id => !!document.querySelector(`#${id} .js-plotly-plot`)?._fullData", arg=graph_id
        )
    found = page.evaluate(_TRACES, graph_id)
    assert found is not None, f"graph {graph_id} is not drawn"
    return found


def map_values(page, graph_id: str) -> dict[str, float]:
    """{country: value} of a world map: its shapes and, for countries too small for the map,
    its points (their country is ``customdata[0]``)."""
    drawn = traces(page, graph_id)
    values = dict(zip(drawn[0]["locations"], drawn[0]["z"], strict=True))
    for trace in drawn[1:]:
        countries = [custom[0] for custom in trace["customdata"]]
        values.update(zip(countries, trace["markerColor"], strict=True))
    return values


def bars(page, graph_id: str) -> dict[str, float]:
    """{label: value} of a horizontal bar chart."""
    trace = traces(page, graph_id)[0]
    return dict(zip(trace["y"], trace["x"], strict=True))


_SHOWS_LABELS = """([id, wanted]) => {
  const y = document.querySelector(`#${id} .js-plotly-plot`)?._fullData?.[0]?.y;
  return !!y && JSON.stringify(Array.from(y, String).sort()) === JSON.stringify(wanted);
}"""


def bars_showing(page, graph_id: str, labels, timeout: float = 30.0) -> dict[str, float]:
    """:func:`bars` once the chart shows exactly ``labels``: after a filter, Plotly redraws the
    chart a moment after the callback has answered. After ``timeout``, what it shows (the
    caller's assertion then says what is wrong)."""
    wanted = sorted(str(label) for label in labels)
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(_SHOWS_LABELS, arg=[graph_id, wanted], timeout=timeout * 1000)
    return bars(page, graph_id)


#: Grid values up to this long must show whole; longer free text may be cut (with a tooltip).
SHORT_TEXT = 30


def cut_grid_values(page) -> list[tuple[str, str]]:
    """(column, value) of each short value a grid shows cut ("North Ame…"), in rendered cells."""
    found = page.evaluate(
        """(limit) => [...document.querySelectorAll('.ag-cell')]
            .filter(c => c.offsetParent !== null)
            .map(c => [c, c.querySelector('.ag-cell-value') || c])
            .filter(([c, v]) => v.scrollWidth > v.clientWidth + 1)
            .map(([c, v]) => [c.getAttribute('col-id'), v.textContent.trim()])
            .filter(([col, text]) => text.length <= limit)""",
        SHORT_TEXT,
    )
    return [(str(col), str(text)) for col, text in found]


def cut_grid_headers(page) -> list[tuple[str, str]]:
    """(grid, header) of each column header a visible grid shows cut: wider than its cell (an
    ellipsis) or taller than the header row (lines hidden)."""
    found = page.evaluate(
        """() => [...document.querySelectorAll('.ag-header-row-column .ag-header-cell')]
            .filter(c => c.offsetParent !== null)
            .map(c => [c, c.querySelector('.ag-header-cell-text')])
            .filter(([c, t]) => t && (t.scrollWidth > t.clientWidth + 1
                || t.getBoundingClientRect().bottom > c.getBoundingClientRect().bottom + 0.5))
            .map(([c, t]) => [c.closest('[id]') ? c.closest('[id]').id : '', t.textContent])"""
    )
    return [(str(grid), str(text)) for grid, text in found]


#: Per chart with a value or date axis: its component's id, the axis's tick count cap (0: plotly's
#: own choice), and the labels plotly turned on their side because they did not fit.
_AXIS_LABELS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd => {
  const axis = gd._fullLayout && gd._fullLayout.xaxis;
  if (!axis || axis.type === 'category') return [];
  const turned = [...gd.querySelectorAll('.xtick text')]
    .filter(t => /rotate\\((?!0[,)])/.test(t.getAttribute('transform') || ''))
    .map(t => t.textContent);
  return [[gd.parentElement.closest('[id]')?.id, axis.nticks || 0, turned]];
})"""


def axis_labels(page) -> list[list]:
    """[component, tick cap, turned labels] of every chart's x axis of values or dates, once
    they hold still (the dashboard redraws a narrow chart whose labels turned with fewer ticks)."""
    return stable(page, lambda: page.evaluate(_AXIS_LABELS))


def stable(page, read, quiet: float = 0.5, timeout: float = 10.0):
    """``read()`` once it has given the same value for ``quiet`` seconds (layout, sizes): what
    the page settles on, not a passing state on its way there. The caller asserts on it."""
    deadline = time.monotonic() + timeout
    value, since = read(), time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        again = read()
        if again != value:
            value, since = again, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return value


def horizontal_overflow(page) -> int:
    """How many pixels the page (or Vizro's page container) scrolls sideways."""
    return int(
        page.evaluate(
            """() => Math.max(
                document.scrollingElement.scrollWidth - window.innerWidth,
                ...['#page-container', '#right-side', '#page-components', '.dashboard-container']
                  .map(s => document.querySelector(s))
                  .filter(Boolean)
                  .map(el => el.scrollWidth - el.clientWidth))"""
        )
    )
