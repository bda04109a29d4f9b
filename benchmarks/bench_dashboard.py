"""Dashboard performance: start-up, per-page server and browser time, memory, bytes per page.

Run: ``.venv/bin/python benchmarks/bench_dashboard.py [--scales 1,1000] [--data-dir DIR]``

For each database (scale 1 on SQLite and DuckDB, scale 1000 on DuckDB by default; generated with
``cmkpi generate --seed 42`` into ``--data-dir``, reused when already there) it starts
``cmkpi serve`` in fresh processes and measures, with Debian's Chromium driven by Playwright:

* **start-up**: from process start to the first HTTP 200 of ``/`` (the page shell, no data), and
  to the executive page settled in the browser (its data loaded and drawn); how long the
  server took to preload every page's data (it starts after the first request);
* per page, **cold** (first visit after start) and **warm** (second visit), both by address
  (a full page load) and through the navigation bar (in-app, no reload), and cold by address
  with ``--no-preload`` (the first visit runs the page's queries, as before preloading):
  the server time of the page's Dash callbacks (request sent → response received on
  127.0.0.1, summed over the page's callbacks) and the time until the page has settled in the
  browser: its last callback answered, and drawn (the end of the browser's last long task, over
  50 ms, before its main thread stayed free for 0.5 s);
* the **CPU of the page's callbacks** on the server, from their ``Server-Timing`` headers (the
  serving thread's CPU, summed over the page's callbacks: the issue's "callbacks ≤ 100 ms",
  apart from the network, the browser and the page's other requests), and the database calls
  they made (``db`` in the same header: 0 when the page's data came from the cache);
* the **bytes** the page's callbacks send (grids page on the server, so this must not grow with
  the data);
* the server's **memory** (RSS, and its peak) after every page was visited.

Targets (issue 5): start-up ≤ 2.5 s at every scale; at scale 1 callbacks ≤ 100 ms per page,
settled ≤ 1 s cold, memory ≤ 200 MB; at scale 1000 (DuckDB) ≤ 300 ms per page warm, memory
≤ 500 MB. Prints markdown and writes it, with the machine, to ``benchmarks/results/dashboard.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from classicmodels_kpi.report.pdf import OFFLINE_FLAGS, PLAYWRIGHT_CHROMIUM

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "dashboard.md"
PAGES = (
    ("Executive", "/"),
    ("Regional", "/regional"),
    ("Risks", "/risks"),
    ("Opportunities", "/opportunities"),
    ("Deep Dive", "/deep-dive"),
)
QUIET_S = 0.5


def machine() -> str:
    cpu, ram = platform.processor() or "unknown CPU", "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs (nproc), {cpu}, {ram} RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database(scale: float, engine: str, folder: Path) -> Path:
    """The generated database for (scale, engine), made once and reused."""
    suffix = "sqlite" if engine == "sqlite" else "duckdb"
    path = folder / f"scale{scale:g}-seed42.{suffix}"
    if not path.exists():
        print(f"generating scale {scale:g} into {path} …", file=sys.stderr, flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "classicmodels_kpi",
                "generate",
                "--scale",
                f"{scale:g}",
                "--seed",
                "42",
                "--to",
                str(path),
            ],
            check=True,
        )
    return path


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by ``pid`` (start-up is single-threaded, so on an
    idle machine its wall time is close to this; on a busy one the wall time is not)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) in MB of ``pid`` and its children (gunicorn workers)."""
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    now = peak = 0.0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    now += int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    peak += int(line.split()[1]) / 1024
        except OSError:
            continue
    return now, peak


@dataclass
class PageTiming:
    server_ms: float
    settled_ms: float
    sent_kb: float
    callbacks: int
    callbacks_cpu_ms: float
    db_calls: int = 0
    drawn_ms: float = 0.0
    server_cpu_ms: float = 0.0


#: Keeps, in the page, when the browser's main thread last finished a long task (over 50 ms:
#: drawing charts and grids, Dash rendering), on the page's own clock.
LONG_TASKS = """
window.__cmkpiLongTaskEnd = 0;
new PerformanceObserver(list => {
  for (const e of list.getEntries())
    window.__cmkpiLongTaskEnd = Math.max(window.__cmkpiLongTaskEnd, e.startTime + e.duration);
}).observe({type: 'longtask', buffered: true});
"""


@dataclass
class Run:
    label: str
    order_lines: int
    startup_http_s: float = 0.0
    startup_cpu_s: float = 0.0
    startup_settled_s: float = 0.0
    preload_s: float | None = None
    cold: dict[str, PageTiming] = field(default_factory=dict)
    warm: dict[str, PageTiming] = field(default_factory=dict)
    cold_in_app: dict[str, PageTiming] = field(default_factory=dict)
    warm_in_app: dict[str, PageTiming] = field(default_factory=dict)
    cold_no_preload: dict[str, PageTiming] = field(default_factory=dict)
    rss_mb: float = 0.0
    peak_mb: float = 0.0


class Recorder:
    """Times the Dash callbacks of one navigation from Playwright's request events."""

    def __init__(self, page) -> None:
        self.page = page
        page.add_init_script(LONG_TASKS)
        self.in_flight = 0
        self.done: list = []
        self.last_done = 0.0
        self.started: dict[int, float] = {}
        self.server_s = 0.0
        self.page_loaded = False
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    def _start(self, request) -> None:
        if "_dash-update-component" in request.url:
            self.in_flight += 1
            self.started[id(request)] = time.perf_counter()

    def _end(self, request) -> None:
        began = self.started.pop(id(request), None)
        if began is None:  # a request of the page we navigated away from
            return
        self.in_flight -= 1
        self.done.append(request)
        self.last_done = time.perf_counter()
        self.server_s += self.last_done - began
        if "on_page_load" in (request.post_data or ""):
            self.page_loaded = True  # Vizro's page-load action: the page's data is there

    def visit(self, url: str, timeout: float = 180.0) -> PageTiming:
        """A full page load: the address typed, a bookmark, a refresh."""
        start = time.perf_counter()
        self.page.goto(url, wait_until="commit")  # the previous page is gone from here on
        return self._settle(start, 0.0, timeout)  # the page's clock starts at the navigation

    def click(self, path: str, timeout: float = 180.0) -> PageTiming:
        """In-app navigation: the page's link in the navigation bar (no page reload)."""
        link = self.page.locator(f'#nav-bar a[href="{path}"]').first
        clicked = self.page.evaluate("performance.now()")
        start = time.perf_counter()
        link.click()
        return self._settle(start, clicked, timeout)

    def _settle(self, start: float, page_start: float, timeout: float) -> PageTiming:
        """Wait until the page's callbacks are answered and its main thread has been free of
        long tasks for QUIET_S; ``page_start`` is the navigation's start on the page's clock."""
        self.done.clear()
        self.started.clear()
        self.in_flight = 0
        self.server_s = 0.0
        self.page_loaded = False
        deadline = start + timeout
        while time.perf_counter() < deadline:
            self.page.wait_for_timeout(25)
            now = time.perf_counter()
            idle = self.page_loaded and self.in_flight == 0 and now - self.last_done >= QUIET_S
            loading, busy_ago = self.page.evaluate(
                "[document.querySelectorAll('[data-dash-is-loading=\"true\"]').length, "
                "performance.now() - (window.__cmkpiLongTaskEnd || 0)]"
            )
            if idle and not loading and busy_ago >= QUIET_S * 1000:
                break
        else:
            raise TimeoutError(f"{self.page.url} did not settle in {timeout} s")
        sent = 0
        cpu_ms = 0.0
        db_calls = 0
        for r in self.done:
            response = r.response()
            if response is not None and response.status == 200:
                with contextlib.suppress(Exception):  # a body the browser already dropped
                    sent += len(response.body())
                timing = response.headers.get("server-timing", "")
                cpu_ms += sum(float(d) for d in re.findall(r"cpu;dur=([\d.]+)", timing))
                db_calls += sum(int(n) for n in re.findall(r'db;dur=[\d.]+;desc="(\d+)"', timing))
        settled = (self.last_done - start) * 1000
        drawn = max(settled, self.page.evaluate("window.__cmkpiLongTaskEnd || 0") - page_start)
        return PageTiming(
            self.server_s * 1000, settled, sent / 1024, len(self.done), cpu_ms, db_calls, drawn
        )


@contextlib.contextmanager
def serving(db: Path, *extra: str):
    """``cmkpi serve`` on a free port, up when its first page answers: (process, url, log, s)."""
    command = [sys.executable, "-m", "classicmodels_kpi", "serve", "--db", str(db)]
    with _serving(lambda port: [*command, "--port", str(port), *extra]) as served:
        yield served


@contextlib.contextmanager
def _serving(command: Callable[[int], list[str]]):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = Path(tempfile.gettempdir()) / f"cmkpi-bench-serve-{port}.log"
    started = time.perf_counter()
    with log.open("w") as handle:
        process = subprocess.Popen(
            command(port),
            stdout=handle,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text()}")
            try:
                with urllib.request.urlopen(url + "/", timeout=5) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                time.sleep(0.02)
        yield process, url, log, time.perf_counter() - started
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def preload_seconds(log: Path, timeout: float = 300.0) -> float | None:
    """The server's "Preloaded … in X s" figure (None when it stopped or never said it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(r"Preloaded the data of .* in ([\d.]+) s", log.read_text())
        if found:
            return float(found.group(1))
        if "Preloading the pages' data stopped" in log.read_text():
            return None
        time.sleep(0.2)
    return None


def visit_every_page(recorder: Recorder, url: str, pid: int, into: dict[str, PageTiming]) -> None:
    """Open the five pages by address, in order, with the server's CPU during each visit."""
    for name, path in PAGES:
        cpu = cpu_seconds(pid)
        into[name] = recorder.visit(url + path)
        into[name].server_cpu_ms = (cpu_seconds(pid) - cpu) * 1000


def measure(label: str, db: Path, order_lines: int, browser) -> Run:
    """Three fresh servers: full page loads cold then warm (and memory); in-app navigation
    cold then warm; full page loads cold without preloading (what preloading saves)."""
    run = Run(label, order_lines)
    viewport = {"width": 1920, "height": 1080}
    with serving(db) as (process, url, log, up_s):
        run.startup_http_s = up_s
        run.startup_cpu_s = cpu_seconds(process.pid)
        context = browser.new_context(viewport=viewport)
        recorder = Recorder(context.new_page())
        visit_every_page(recorder, url, process.pid, run.cold)
        run.startup_settled_s = up_s + run.cold[PAGES[0][0]].settled_ms / 1000
        run.preload_s = preload_seconds(log)
        visit_every_page(recorder, url, process.pid, run.warm)
        run.rss_mb, run.peak_mb = rss_mb(process.pid)
        context.close()
    with serving(db) as (process, url, log, _):
        context = browser.new_context(viewport=viewport)
        recorder = Recorder(context.new_page())
        recorder.visit(url + "/")
        for name, path in PAGES[1:]:  # the executive page is where the user landed
            run.cold_in_app[name] = recorder.click(path)
        for name, path in (*PAGES[1:], PAGES[0]):
            run.warm_in_app[name] = recorder.click(path)
        context.close()
    with serving(db, "--no-preload") as (process, url, log, _):
        context = browser.new_context(viewport=viewport)
        recorder = Recorder(context.new_page())
        visit_every_page(recorder, url, process.pid, run.cold_no_preload)
        context.close()
    return run


def measure_floor(browser, repeat: int = 3) -> list[tuple[PageTiming, PageTiming]]:
    """The framework's floor (``floor_app.py``: one Vizro page, a card and a five-bar chart),
    opened cold (a fresh browser context: nothing cached) then warm, ``repeat`` times."""
    floor = [sys.executable, str(REPO / "benchmarks" / "floor_app.py")]
    timings = []
    with _serving(lambda port: [*floor, str(port)]) as (_, url, _log, _up):
        for _ in range(repeat):
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            recorder = Recorder(context.new_page())
            timings.append((recorder.visit(url + "/"), recorder.visit(url + "/")))
            context.close()
    return timings


def order_line_count(db: Path) -> int:
    from classicmodels_kpi.database import connect, parse_db

    with connect(parse_db(str(db))) as database:
        return database.row_counts()["orderdetails"]


def render_floor(timings: list[tuple[PageTiming, PageTiming]]) -> list[str]:
    cold = sorted(t[0].drawn_ms for t in timings)
    warm = sorted(t[1].drawn_ms for t in timings)
    return [
        "",
        "## The framework's floor",
        "",
        "`benchmarks/floor_app.py`: a Vizro page with one card and one five-bar chart, nothing "
        "of ours, opened the same way in the same browser (drawn, as above; "
        f"{len(timings)} fresh browser contexts). No page of ours can settle sooner than this.",
        "",
        "| page | cold (nothing cached): best / median | warm: best / median |",
        "|---|---:|---:|",
        f"| Vizro, one card and one chart | {cold[0] / 1000:.2f} / "
        f"{cold[len(cold) // 2] / 1000:.2f} s | {warm[0] / 1000:.2f} / "
        f"{warm[len(warm) // 2] / 1000:.2f} s |",
    ]


def render(runs: list[Run], command: str, floor: list[str]) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# Dashboard: start-up, page times, memory",
        "",
        f"Measured {now} by `{command}` on: {machine()}. Load average at the end: "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
        "Per database, three fresh `cmkpi serve` processes (one worker each), Chromium at "
        "1920×1080: (1) the five pages opened by address (a full page load) cold, i.e. the "
        "first visit after start, then warm; (2) the executive page, then the other pages "
        "through the navigation bar (in-app, no reload) cold, then all five again warm; (3) the "
        "five pages cold by address with `--no-preload` (the first visit runs the page's "
        "queries). The server preloads every page's data after its first request (the "
        "default); the benchmark opens the first page as soon as the server answers, as a user "
        "would. *callbacks* = time of the page's Dash callbacks (request sent → answer received "
        "on 127.0.0.1); *CPU* = CPU of the serving threads on those callbacks (their "
        "`Server-Timing` headers); *db* = database calls the callbacks made (0: all from the "
        "cache); *answered* = navigation → the page's last callback answered; *drawn* = "
        "navigation → the end of the browser's last long task (over 50 ms: Dash rendering, "
        "charts and grids drawn) before its main thread stayed free for 0.5 s; *sent* = bytes "
        "of the callbacks' answers.",
        "",
        "## Start-up and memory",
        "",
        "| database | order lines | to first page (HTTP 200) | CPU used by then "
        "| to executive page settled | all pages preloaded | memory after all pages "
        "| peak memory |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        preloaded = f"{r.preload_s:.1f} s" if r.preload_s is not None else "stopped"
        out.append(
            f"| {r.label} | {r.order_lines:,} | {r.startup_http_s:.2f} s | "
            f"{r.startup_cpu_s:.2f} s | {r.startup_settled_s:.2f} s | {preloaded} | "
            f"{r.rss_mb:.0f} MB | {r.peak_mb:.0f} MB |"
        )
    for r in runs:
        out += [
            "",
            f"## Server: {r.label}",
            "",
            "| page | callbacks | cold, no preload: time / CPU / db | cold: time / CPU / db "
            "| warm: time / CPU / db | sent (warm) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, _ in PAGES:
            n, c, w = r.cold_no_preload[name], r.cold[name], r.warm[name]
            out.append(
                f"| {name} | {c.callbacks} | {_server(n)} | {_server(c)} | {_server(w)} "
                f"| {w.sent_kb:.0f} KB |"
            )
        out += [
            "",
            f"## Browser (answered / drawn): {r.label}",
            "",
            "| page | cold, no preload | cold | cold, in-app | warm | warm, in-app |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, _ in PAGES:
            in_app = r.cold_in_app.get(name)
            out.append(
                f"| {name} | {_browser(r.cold_no_preload[name])} | {_browser(r.cold[name])} | "
                f"{_browser(in_app) if in_app else 'landing page'} | {_browser(r.warm[name])} | "
                f"{_browser(r.warm_in_app[name])} |"
            )
    return "\n".join(out + floor) + "\n"


def _browser(t: PageTiming) -> str:
    return f"{t.settled_ms / 1000:.2f} / {t.drawn_ms / 1000:.2f} s"


def _server(t: PageTiming) -> str:
    return f"{t.server_ms:.0f} ms / {t.callbacks_cpu_ms:.0f} ms / {t.db_calls}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,1000", help="comma-separated, e.g. 1,100,1000")
    parser.add_argument(
        "--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "cmkpi-bench"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from bench_catalogue import compile_package

    compile_package()

    args.data_dir.mkdir(parents=True, exist_ok=True)
    plan: list[tuple[str, Path]] = []
    for raw in args.scales.split(","):
        scale = float(raw)
        engines = ("sqlite", "duckdb") if scale <= 1 else ("duckdb",)
        for engine in engines:
            plan.append((f"scale {scale:g}, {engine}", database(scale, engine, args.data_dir)))
    runs = []
    with sync_playwright() as pw:
        # the browser the tests drive, off the network
        browser = pw.chromium.launch(executable_path=PLAYWRIGHT_CHROMIUM, args=list(OFFLINE_FLAGS))
        for label, db in plan:
            print(f"measuring {label} …", file=sys.stderr, flush=True)
            runs.append(measure(label, db, order_line_count(db), browser))
        print("measuring the framework's floor …", file=sys.stderr, flush=True)
        floor = render_floor(measure_floor(browser))
        browser.close()
    command = "benchmarks/bench_dashboard.py " + " ".join(sys.argv[1:])
    text = render(runs, command.strip(), floor)
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
