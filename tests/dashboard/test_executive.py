"""Page 1 in a real browser: the KPI cards say what ``compute_kpis`` says; the controls work."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from dashboard_browser import DESKTOP, PHONE, axis_labels, bars, bars_showing, open_page
from playwright.sync_api import expect

from classicmodels_kpi.catalogue import Catalogue
from classicmodels_kpi.dashboard import formatting as fmt
from classicmodels_kpi.database import connect, parse_db
from classicmodels_kpi.kpis import DEFINITIONS, compute_kpis

pytestmark = pytest.mark.browser

KPIS = (
    "revenue",
    "orders",
    "aov",
    "active_customers",
    "gross_margin_pct",
    "on_time_pct",
    "top10_products_share_pct",
)


@pytest.fixture(scope="module")
def catalogue(canonical_path: Path) -> Catalogue:
    return Catalogue(connect(parse_db(str(canonical_path))))


@pytest.fixture(scope="module")
def lines(canonical_tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Order lines of orders not Cancelled with revenue, date, country and product line."""
    t = canonical_tables
    orders = t["orders"].assign(orderDate=pd.to_datetime(t["orders"]["orderDate"]))
    out = t["orderdetails"].merge(orders[orders["status"] != "Cancelled"], on="orderNumber")
    out = out.merge(t["customers"][["customerNumber", "country"]], on="customerNumber")
    out = out.merge(t["products"][["productCode", "productLine"]], on="productCode")
    out["country"] = out["country"].str.strip()
    out["revenue"] = out["quantityOrdered"] * out["priceEach"].astype(float)
    return out


@pytest.fixture(scope="module")
def executive(browser, dashboard_url: str):
    """One page, opened once on ``/`` for the whole module (the tests go on from its state)."""
    from dashboard_browser import PageWatch

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    watcher = PageWatch(page).attach()
    open_page(page, dashboard_url, "/", watcher, timeout=90)
    yield page, watcher
    context.close()


def _card(page, kpi: str) -> str:
    return page.inner_text(f"#kpi_{kpi}")


def _expected_texts(report, kpi: str) -> list[str]:
    k = report.kpis[kpi]
    unit = DEFINITIONS[kpi].unit
    change = fmt.signed_pp(k.delta) if unit == "pct" else fmt.signed_pct(k.delta_pct)
    return [
        DEFINITIONS[kpi].label,
        fmt.by_unit(unit, k.value),
        change,
        fmt.by_unit(unit, k.reference),
    ]


def test_page_loads_clean(executive) -> None:
    page, watcher = executive
    watcher.assert_clean()
    assert page.title() != ""
    assert page.locator("#kpi_cards .card-kpi").count() == len(KPIS)


def test_kpi_cards_show_compute_kpis(executive, catalogue: Catalogue, lines) -> None:
    page, _ = executive
    report = compute_kpis(catalogue, period="ytd")
    for kpi in KPIS:
        text = _card(page, kpi)
        for expected in _expected_texts(report, kpi):
            assert expected in text, f"{kpi}: {expected!r} not in {text!r}"
        assert "(YTD 2004)" in text
        assert "YTD to 31 May 2005" in text  # the period shown, to the latest order date
    # and the headline revenue holds against the raw tables: orders 2005-01-01 … 2005-05-31
    ytd = lines[(lines["orderDate"] >= "2005-01-01") & (lines["orderDate"] <= "2005-05-31")]
    assert fmt.money_short(ytd["revenue"].sum()) in _card(page, "revenue")
    assert fmt.count(ytd["orderNumber"].nunique()) in _card(page, "orders")


def test_lower_is_better_is_coloured_reversed(executive, catalogue: Catalogue) -> None:
    page, _ = executive
    report = compute_kpis(catalogue, period="ytd")
    for kpi in ("revenue", "top10_products_share_pct"):
        k = report.kpis[kpi]
        good = (k.delta > 0) == k.higher_is_better
        footer = page.locator(f"#kpi_{kpi} .card-footer")
        classes = footer.get_attribute("class") or ""
        assert ("color-pos" if good else "color-neg") in classes, (kpi, classes)


def test_top_n_bar_follows_the_radio(executive, lines) -> None:
    page, watcher = executive
    ytd = lines[(lines["orderDate"] >= "2005-01-01") & (lines["orderDate"] <= "2005-05-31")]
    countries = ytd.groupby("country")["revenue"].sum().sort_values(ascending=False).head(10)
    shown = bars(page, "top_n")
    assert set(shown) == set(countries.index)
    assert shown["USA"] == pytest.approx(countries["USA"], rel=1e-9)

    page.locator("#top_n_container").get_by_text("Product lines", exact=True).click()
    watcher.settle()
    by_line = ytd.groupby("productLine")["revenue"].sum()
    shown = bars_showing(page, "top_n", by_line.index)
    assert set(shown) == set(by_line.index)
    for line, revenue in by_line.items():
        assert shown[line] == pytest.approx(revenue, rel=1e-9)
    watcher.assert_clean()


def test_top_n_values_stay_upright_on_a_phone(executive, dashboard_url: str) -> None:
    """Every view of the top-N bar at 390 px, opened there or narrowed from a desktop: the names
    leave its value axis ~200 px, where plotly turned the sales reps' money labels on their
    side."""
    page, watcher = executive
    page.locator("#top_n_container").get_by_text("Sales reps", exact=True).click()
    watcher.settle()
    page.set_viewport_size(PHONE)  # the desktop page narrowed: the chart resizes, no new figure
    assert [a for a in axis_labels(page) if a[2]] == [], "labels turned once narrowed"
    try:
        open_page(page, dashboard_url, "/", watcher, timeout=90)  # as a phone opens it
        for option in ("Countries", "Products", "Sales reps", "Product lines"):
            page.locator("#top_n_container").get_by_text(option, exact=True).click()
            watcher.settle()
            axes = {name: turned for name, _, turned in axis_labels(page)}
            assert "top_n" in axes, (option, axes)
            assert all(not turned for turned in axes.values()), (option, axes)
    finally:  # the module's page as the other tests found it
        page.set_viewport_size(DESKTOP)
        open_page(page, dashboard_url, "/", watcher, timeout=90)
    watcher.assert_clean()


def test_period_selector_reaches_the_cards(executive, catalogue: Catalogue) -> None:
    page, watcher = executive
    page.get_by_text("TTM", exact=True).click()
    watcher.settle()
    for kpi in ("revenue", "aov", "on_time_pct"):  # each card redrawn for the new period
        expect(page.locator(f"#kpi_{kpi}")).to_contain_text("(TTM to 2004-05-31)")
    report = compute_kpis(catalogue, period="ttm")
    for kpi in ("revenue", "aov", "on_time_pct"):
        text = _card(page, kpi)
        for expected in _expected_texts(report, kpi):
            assert expected in text, f"{kpi}: {expected!r} not in {text!r}"
        assert "(TTM to 2004-05-31)" in text
        assert "12 months to 31 May 2005" in text
    # Year: the last full year against the one before, never five months against twelve
    page.get_by_text("Year", exact=True).click()
    watcher.settle()
    expect(page.locator("#kpi_revenue")).to_contain_text("(2003)")
    report = compute_kpis(catalogue, period="year")
    assert report.current_period.start.isoformat() == "2004-01-01"
    text = _card(page, "revenue")
    for expected in _expected_texts(report, "revenue"):
        assert expected in text, f"revenue: {expected!r} not in {text!r}"
    assert "2004" in text and "(2003)" in text
    watcher.assert_clean()


def test_info_cards_are_computed(executive, canonical_tables) -> None:
    page, _ = executive
    context = page.inner_text("#context_card")
    customers = canonical_tables["customers"]
    offices = canonical_tables["offices"]
    reps = canonical_tables["employees"]["jobTitle"].eq("Sales Rep").sum()
    assert f"Offices\n{len(offices)}" in context
    assert f"Sales reps\n{reps}" in context
    assert f"Countries\n{customers['country'].str.strip().nunique()}" in context
    assert f"Customers\n{len(customers)}" in context
    quality = page.inner_text("#quality_card")
    assert "checks run" in quality and "findings" in quality
    # the canonical data has 22 customers without a sales rep: an info finding of the checks
    assert "Customer without rep (info)\n22" in quality


def test_as_of_calendar_opens_on_the_latest_order(executive, canonical_tables) -> None:
    """The picker's calendar opens on the month of the latest order, not on today's."""
    page, watcher = executive
    latest = pd.to_datetime(canonical_tables["orders"]["orderDate"]).max()
    page.click("#as_of_picker")
    header = page.locator(".mantine-DatePickerInput-calendarHeaderLevel").first
    header.wait_for()
    assert header.inner_text().strip() == f"{latest:%B %Y}"  # May 2005
    page.keyboard.press("Escape")
    watcher.assert_clean()
