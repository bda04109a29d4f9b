"""The HTML report opens in a real browser with no network: every chart draws and no request
leaves the file itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from classicmodels_kpi.database import connect, parse_db
from classicmodels_kpi.report import write_report

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.browser
def test_html_report_draws_offline(canonical_path: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    browser_path = shutil.which("chromium")
    if browser_path is None:
        pytest.fail("Chromium is required for the browser test: apt-get install chromium")
    with connect(parse_db(str(canonical_path))) as db:
        page_path = write_report(db, tmp_path / "r.html", fmt="html")
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_path.as_uri())
            charts = page.locator("div.plot")
            count = charts.count()
            assert count >= 5
            for i in range(count):  # plotly draws an svg.main-svg inside each chart div
                charts.nth(i).locator("svg.main-svg").first.wait_for(timeout=20_000)
            title = page.locator("#plot-monthly_revenue .gtitle").text_content() or ""
        finally:
            browser.close()
    assert errors == []
    assert title.startswith("Revenue per month")
    outside = [u for u in requests if not u.startswith(("file:", "data:", "blob:"))]
    assert outside == []
