"""PDF through headless Chromium: pages, text and the charts drawn by plotly.js."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from classicmodels_kpi.database import connect, parse_db
from classicmodels_kpi.kpis import compute_kpis
from classicmodels_kpi.kpis import format as kf
from classicmodels_kpi.report import write_report


@pytest.mark.parametrize("browser", ["chromium-headless-shell", "chromium"])
def test_pdf_has_pages_text_and_charts(
    canonical_path: Path, tmp_path: Path, browser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preferred headless shell and the full browser it falls back to print the same report."""
    path = shutil.which(browser)
    if path is None:
        pytest.fail(f"{browser} is required for the PDF test: apt-get install {browser}")
    monkeypatch.setenv("CMKPI_CHROMIUM", path)
    with connect(parse_db(str(canonical_path))) as db:
        pdf = write_report(db, tmp_path / "r.pdf", fmt="pdf", as_of="2005-05-31")
        kpis = compute_kpis(db, as_of="2005-05-31")
    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "ClassicModels executive KPI report" in text
    assert "Key performance indicators" in text
    assert kf.money(kpis.kpis["revenue"].value) in text
    assert "Recommendations" in text and "Data quality" in text
    assert "Revenue per month" in text and "Product-line mix" in text  # the captions
    # The forecast's legend is SVG text that only exists once plotly.js has drawn the figure.
    assert "backtest" in text
    # Three charts a page: between the first chart page (under the KPIs) and the last, a page
    # holding fewer leaves a blank third (at the screen's chart height only two fitted).
    charts_per_page = [
        len(re.findall(r"(?m)^Source: ?\w+\s*$", page.extract_text())) for page in reader.pages
    ]
    holding = [n for n in charts_per_page if n]
    assert sum(holding) == 7, charts_per_page  # the canonical data draws all seven charts
    assert all(n == 3 for n in holding[1:-1]), charts_per_page
    assert holding[0] >= 1 and len(holding) <= 3, charts_per_page


def test_pdf_without_chromium_says_how_to_install(canonical_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "classicmodels_kpi",
            "report",
            "--db",
            str(canonical_path),
            "--format",
            "pdf",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        env={"PATH": str(tmp_path), "HOME": str(tmp_path)},  # no chromium on this PATH
        timeout=120,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Chromium" in lines[0] and "apt-get install chromium" in lines[0]
    assert not target.exists()


def test_browser_scratch_folder_is_memory_unless_tmpdir_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from classicmodels_kpi.report import pdf

    monkeypatch.delenv("TMPDIR", raising=False)
    monkeypatch.setattr(pdf, "SHARED_MEMORY", tmp_path)
    assert pdf.scratch_folder() == str(tmp_path)
    monkeypatch.setattr(pdf, "SCRATCH_MIN_FREE", 2**62)  # not enough room
    assert pdf.scratch_folder() is None
    monkeypatch.setattr(pdf, "SCRATCH_MIN_FREE", 0)
    monkeypatch.setattr(pdf, "SHARED_MEMORY", tmp_path / "missing")
    assert pdf.scratch_folder() is None
    monkeypatch.setattr(pdf, "SHARED_MEMORY", tmp_path)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert pdf.scratch_folder() is None
