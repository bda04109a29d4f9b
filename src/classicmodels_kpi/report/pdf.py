"""PDF through headless Chromium printing the HTML report, after plotly has drawn the charts."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from classicmodels_kpi.errors import CmkpiError

#: Where Debian puts it; CMKPI_CHROMIUM overrides, otherwise the PATH is searched.
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ENV_VAR = "CMKPI_CHROMIUM"

#: Seconds before a stuck browser is stopped.
TIMEOUT = 120

#: Flags that keep a headless browser quiet on a closed network and print without headers.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
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


def html_to_pdf(html: str, output: Path) -> Path:
    """Print ``html`` to ``output`` with headless Chromium; raise CmkpiError on failure."""
    browser = find_chromium()
    output = output.resolve()
    with tempfile.TemporaryDirectory(prefix="cmkpi-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        profile = Path(tmp) / "profile"
        target = Path(tmp) / "report.pdf"
        cmd = [
            browser,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise CmkpiError(
                f"Chromium did not finish printing the PDF within {TIMEOUT} s."
            ) from None
        if not target.exists() or target.stat().st_size == 0:
            detail = " ".join((done.stderr or "").split())[-300:]
            raise CmkpiError(f"Chromium could not print the PDF (exit {done.returncode}): {detail}")
        shutil.move(str(target), output)
    return output
