"""A database failing while the dashboard runs: the page says so, and recovers by itself."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from dashboard_browser import DESKTOP, PageWatch, open_page, start_server, stop_server
from playwright.sync_api import expect

from classicmodels_kpi.dashboard import formatting as fmt

pytestmark = pytest.mark.browser


def test_database_error_shows_in_the_page_and_the_server_recovers(
    browser,
    canonical_path: Path,
    canonical_tables: dict[str, pd.DataFrame],
    tmp_path: Path,
) -> None:
    orders = canonical_tables["orders"]
    ytd = orders[
        (orders["status"] != "Cancelled") & orders["orderDate"].between("2005-01-01", "2005-05-31")
    ]
    lines = canonical_tables["orderdetails"].merge(ytd, on="orderNumber")
    revenue = fmt.money_short((lines["quantityOrdered"] * lines["priceEach"].astype(float)).sum())

    db = tmp_path / "shop.sqlite"
    good = canonical_path.read_bytes()
    db.write_bytes(good)
    # Preloading would race the damage below (the pages' data may be cached before it or
    # not): this test is about data loaded when a page is opened.
    server = start_server(db, "--no-preload")  # opens the database once: it is fine at start
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    watcher = PageWatch(page).attach()
    try:
        with db.open("r+b") as f:  # damaged in place while the server runs
            f.write(b"this is not a database" * 200)
        open_page(page, server.url, "/", watcher, timeout=90)
        expect(page.locator("#kpi_revenue")).to_contain_text("Database error")
        card = page.inner_text("#kpi_revenue")
        assert "$" not in card  # no stale or invented number
        expect(page.locator("#top_n")).to_contain_text("Database error")  # drawn by Plotly
        # the page itself works: the failure is reported, not thrown
        assert not [e for e in watcher.console_errors if "500" in e]

        db.write_bytes(good)  # the database is back: no restart
        open_page(page, server.url, "/", watcher, timeout=90)
        expect(page.locator("#kpi_revenue")).to_contain_text(revenue)  # YTD 2005, raw tables
        assert "Database error" not in page.inner_text("#kpi_revenue")
    finally:
        context.close()
        stop_server(server)
