"""PDF through headless Chromium printing the HTML report, after plotly has drawn the charts.

Chromium spends about a second of CPU before the first chart is drawn: starting, then parsing the
1.2 MB of plotly.js. Neither depends on the report's numbers, which take Python about as long
to gather; on two cores the two can overlap. :class:`PdfPrinter` therefore starts the browser
first, pointed at a one-page server on a loopback address of its own, which sends the page's
fixed beginning (styles and plotly.js) at once and the rest the moment it exists; the browser's
virtual time stands still while the page loads. The page is the same self-contained HTML as
``--format html``; nothing else is served and nothing leaves the machine. Should that browser
fail, the page is printed once more from a file, the plain way (:func:`html_to_pdf`), whose
error is the one reported.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path
from types import TracebackType

from classicmodels_kpi.errors import CmkpiError

#: CMKPI_CHROMIUM overrides, otherwise the PATH is searched in this order. The headless shell
#: (Debian: chromium-headless-shell) prints the same page for about half the CPU of the full
#: browser, so it is preferred when installed.
CHROMIUM_CANDIDATES = (
    "chromium-headless-shell",
    "chrome-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)
ENV_VAR = "CMKPI_CHROMIUM"

#: Seconds Chromium may take to print once it has the page, before it is stopped.
TIMEOUT = 120

#: Debian's full Chromium, which the browser tests and the dashboard benchmark drive through
#: Playwright with the flags below: they exercise the same browser the PDF falls back to, the
#: one ``apt-get install chromium`` puts there.
PLAYWRIGHT_CHROMIUM = "/usr/bin/chromium"

#: Flags that keep Chromium off a closed network: without them it keeps trying to reach
#: Google's hosts (GUIDE §5). Shared with the browser tests and the dashboard benchmark.
OFFLINE_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

#: Flags that keep a headless browser quiet on a closed network and print without headers.
#: The virtual-time budget lets plotly finish drawing (timers are fast-forwarded, not waited
#: for: the budget costs no wall-clock time); the clock stands still while the page loads.
FLAGS = (
    "--headless",
    *OFFLINE_FLAGS,
    "--no-proxy-server",  # the page comes from a loopback address, never through a proxy
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--no-pdf-header-footer",
    "--print-to-pdf-no-header",  # the same for Chromium before 111
    "--run-all-compositor-stages-before-draw",
    "--virtual-time-budget=15000",
)


class ChromiumMissingError(CmkpiError):
    """PDF needs a Chromium; the message says how to install one."""


def find_chromium() -> str:
    configured = os.environ.get(ENV_VAR)
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return configured
        raise ChromiumMissingError(
            f"{ENV_VAR}={configured} is not an executable file: point it at a Chromium binary."
        )
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumMissingError(
        "PDF output needs Chromium, which is not installed: install it (Debian/Ubuntu: "
        "apt-get install chromium) or set CMKPI_CHROMIUM; --format html or md work without it."
    )


#: Memory-backed folder for Chromium's throw-away profile, when there is one.
SHARED_MEMORY = Path("/dev/shm")
#: Free space it must have: the profile and the PDF take a few MB.
SCRATCH_MIN_FREE = 64 * 2**20


def scratch_folder() -> str | None:
    """Where the browser's profile (some 80 files) and the PDF are made: /dev/shm when it is a
    writable memory folder with room, unless TMPDIR says otherwise; else the usual temp folder.

    On a disk with online discard, deleting the profile afterwards took 0.1–0.15 s; in memory it
    takes a millisecond, and Chromium writes its profile faster too."""
    if os.environ.get("TMPDIR"):
        return None
    try:
        if not (SHARED_MEMORY.is_dir() and os.access(SHARED_MEMORY, os.W_OK | os.X_OK)):
            return None
        stats = os.statvfs(SHARED_MEMORY)
    except OSError:
        return None
    return str(SHARED_MEMORY) if stats.f_bavail * stats.f_frsize >= SCRATCH_MIN_FREE else None


def _command(browser: str, folder: Path, url: str) -> list[str]:
    return [
        browser,
        *FLAGS,
        f"--user-data-dir={folder / 'profile'}",
        f"--print-to-pdf={folder / 'report.pdf'}",
        url,
    ]


def _printed(folder: Path) -> Path | None:
    target = folder / "report.pdf"
    return target if target.exists() and target.stat().st_size > 0 else None


def _failure(returncode: int | None, log: str) -> CmkpiError:
    detail = " ".join(log.split())[-300:]
    return CmkpiError(f"Chromium could not print the PDF (exit {returncode}): {detail}")


def html_to_pdf(html: str, output: Path) -> Path:
    """Print ``html`` to ``output`` with headless Chromium; raise CmkpiError on failure."""
    browser = find_chromium()
    output = output.resolve()
    with tempfile.TemporaryDirectory(prefix="cmkpi-pdf-", dir=scratch_folder()) as tmp:
        folder = Path(tmp)
        page = folder / "report.html"
        page.write_text(html, encoding="utf-8")
        try:
            done = subprocess.run(
                _command(browser, folder, page.as_uri()),
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise CmkpiError(
                f"Chromium did not finish printing the PDF within {TIMEOUT} s."
            ) from None
        target = _printed(folder)
        if target is None:
            raise _failure(done.returncode, done.stderr or "")
        shutil.move(str(target), output)
    return output


class _PageServer(http.server.ThreadingHTTPServer):
    """Serves one page, at an unguessable path, once the printer has it."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, printer: PdfPrinter) -> None:
        self.printer = printer
        super().__init__(("127.0.0.1", 0), _PageHandler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a browser stopped mid-page (the command failed elsewhere) is no news."""


class _PageHandler(http.server.BaseHTTPRequestHandler):
    server: _PageServer

    def do_GET(self) -> None:
        printer = self.server.printer
        if self.path != printer.path:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()  # no length: the page ends when the connection closes (HTTP/1.0)
        # Each part of the page as soon as it exists; a printer that stops just ends the page.
        offset = 0
        while True:
            with printer.changed:
                printer.changed.wait_for(functools.partial(printer.news_after, offset))
                if printer.stopped:
                    return
                part, complete = printer.given[offset:], printer.complete
            self.wfile.write(part)
            offset += len(part)
            if complete:
                printer.served.set()
                return

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the command's stderr stays one line."""


class PdfPrinter:
    """A headless Chromium started now, printing a page handed over in parts, as they exist.

    ``with PdfPrinter() as printer:``, then ``printer.send(beginning)`` (the page as far as it
    exists: the browser works on it, parses plotly.js, draws charts, while the rest is being
    computed) and ``printer.print(html, path)`` (the whole page; waits for the PDF). Each must
    begin with what was handed over before. Raises ChromiumMissingError at once when there is
    no Chromium, before any other work. Leaving the ``with`` block stops the browser and the
    server whatever happened.
    """

    def __init__(self) -> None:
        browser = find_chromium()
        self.given = b""  # the page as far as it is known
        self.complete = False  # ``given`` is the whole page
        self.stopped = False  # the browser was stopped: the page is abandoned
        self.changed = threading.Condition()
        self.served = threading.Event()  # the browser has had the whole page
        self.path = f"/{secrets.token_urlsafe(16)}/report.html"
        self._closed = False
        self._tmp = tempfile.TemporaryDirectory(
            prefix="cmkpi-pdf-", dir=scratch_folder(), ignore_cleanup_errors=True
        )
        self._folder = Path(self._tmp.name)
        # Chromium's log goes to a file: a pipe nobody reads while the data is gathered could
        # fill up and stall the browser.
        self._log = (self._folder / "chromium.log").open("w+", encoding="utf-8")
        self._server: _PageServer | None = None
        self._process: subprocess.Popen[bytes] | None = None
        try:
            self._server = _PageServer(self)
            threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            ).start()
            host, port = self._server.server_address[:2]
            self._process = subprocess.Popen(
                _command(browser, self._folder, f"http://{host}:{port}{self.path}"),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._log,
                start_new_session=True,  # its own process group: stopped whole, helpers too
            )
        except OSError:
            pass  # no loopback socket or no browser process: print() goes the plain way

    def news_after(self, offset: int) -> bool:
        """Whether a request that has sent ``offset`` bytes has more to do (call under lock)."""
        return self.stopped or self.complete or len(self.given) > offset

    def _extend(self, page: str, *, complete: bool) -> bool:
        """Hand over ``page`` (a longer beginning, or all); False if it does not continue what
        the browser already has, which is then stopped."""
        data = page.encode("utf-8")
        with self.changed:
            if self.stopped or not data.startswith(self.given):
                ok = False
            else:
                self.given, self.complete, ok = data, complete, True
                self.changed.notify_all()
        if not ok:
            self._stop_browser()
        return ok

    def send(self, beginning: str) -> None:
        """The page as far as it exists now: the browser starts on it at once."""
        self._extend(beginning, complete=False)

    def print(self, html: str, output: Path) -> Path:
        """Hand over the whole page, wait for the PDF and move it to ``output``."""
        output = output.resolve()
        if not self._extend(html, complete=True):
            return html_to_pdf(html, output)
        process = self._process
        if process is not None:
            try:
                process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.close()
                raise CmkpiError(
                    f"Chromium did not finish printing the PDF within {TIMEOUT} s."
                ) from None
        target = _printed(self._folder)
        # The handler marks the page served just after sending it: give it that moment.
        if process is None or target is None or not self.served.wait(timeout=5):
            return html_to_pdf(html, output)
        shutil.move(str(target), output)
        return output

    def _stop_browser(self) -> None:
        """Stop the browser and every helper process it started (they write to its profile)."""
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
        with self.changed:  # a request still being answered ends, and the server can stop
            self.stopped = True
            self.changed.notify_all()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._stop_browser()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self._log.close()
        self._tmp.cleanup()

    def __enter__(self) -> PdfPrinter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
