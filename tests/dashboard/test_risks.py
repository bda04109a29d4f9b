"""Page 3 in a real browser: the offline amount-at-risk map, a click on a country narrowing the
page, and the formatted, coloured grids. Golden numbers come from pandas over the raw tables."""

from __future__ import annotations

import contextlib
import re

import pandas as pd
import pytest
from dashboard_browser import DESKTOP, PageWatch, bars, map_values, open_page, stable, traces
from playwright.sync_api import expect

from classicmodels_kpi.dashboard.grids import TONES

browser = pytest.mark.browser

#: A point inside a country's shape that the mouse would hit, in page coordinates.
_POINT_IN_COUNTRY = """([graph, name]) => {
  const gd = document.querySelector(`#${graph} .js-plotly-plot`);
  const paths = Array.from(gd.querySelectorAll('path.choroplethlocation'));
  const path = paths.find(p => p.__data__ && p.__data__.loc === name);
  if (!path) return null;
  const box = path.getBBox();
  const matrix = path.getScreenCTM();
  const inside = (x, y) => path.isPointInFill(new DOMPoint(x, y));
  const d = Math.max(box.width, box.height) / 60;
  for (let i = 1; i < 30; i++) {
    for (let j = 1; j < 30; j++) {
      const x = box.x + box.width * i / 30, y = box.y + box.height * j / 30;
      const around = [[0, 0], [d, 0], [-d, 0], [0, d], [0, -d]];
      if (!around.every(([a, b]) => inside(x + a, y + b))) continue;
      const screen = new DOMPoint(x, y).matrixTransform(matrix);
      if (gd.contains(document.elementFromPoint(screen.x, screen.y))) return [screen.x, screen.y];
    }
  }
  return null;
}"""


# -- golden numbers -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def high_risk(canonical_tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Customers with credit out of line with sales (2×), no orders, or none in 180 days,
    with the unpaid balance (invoiced − paid, when positive) as the amount at risk."""
    t = canonical_tables
    orders = t["orders"].assign(orderDate=pd.to_datetime(t["orders"]["orderDate"]))
    as_of = orders["orderDate"].max()
    kept = orders[orders["status"] != "Cancelled"]
    lines = t["orderdetails"].merge(kept, on="orderNumber")
    lines["revenue"] = lines["quantityOrdered"] * lines["priceEach"]
    customers = t["customers"].assign(country=t["customers"]["country"].str.strip())
    customers = customers.set_index("customerNumber")
    revenue = (
        lines.groupby("customerNumber")["revenue"].sum().reindex(customers.index, fill_value=0)
    )
    last = kept.groupby("customerNumber")["orderDate"].max().reindex(customers.index)
    payments = t["payments"][pd.to_datetime(t["payments"]["paymentDate"]) <= as_of]
    paid = payments.groupby("customerNumber")["amount"].sum()
    paid = paid.reindex(customers.index, fill_value=0)
    credit = customers["creditLimit"].fillna(0)
    over = (credit > 0) & (credit >= 2 * revenue)
    under = (revenue > 0) & (revenue >= 2 * credit)
    no_orders = last.isna()
    inactive = (as_of - last).dt.days > 180
    risky = over | under | no_orders | inactive
    out = customers.loc[risky, ["customerName", "country"]].copy()
    out["amount_at_risk"] = (revenue - paid).round(2).clip(lower=0)[risky]  # to the cent
    return out


@pytest.fixture(scope="module")
def exceptions(canonical_tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    t = canonical_tables
    orders = t["orders"][t["orders"]["status"].isin(["Cancelled", "On Hold", "Disputed"])]
    value = t["orderdetails"].assign(
        value=t["orderdetails"]["quantityOrdered"] * t["orderdetails"]["priceEach"]
    )
    value = value.groupby("orderNumber")["value"].sum()
    customers = t["customers"].assign(country=t["customers"]["country"].str.strip())
    out = orders.merge(customers[["customerNumber", "country"]], on="customerNumber")
    out["value"] = out["orderNumber"].map(value)
    return out.set_index("orderNumber")


# -- the page -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def risks(browser, dashboard_url: str):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    watcher = PageWatch(page).attach()
    open_page(page, dashboard_url, "/risks", watcher, timeout=120)
    page.wait_for_selector("#risks_quality_grid .ag-row", timeout=60_000)
    page.wait_for_selector("#risks_map path.choroplethlocation", timeout=60_000)
    yield page, watcher
    context.close()


def _rows(page, grid: str, column: str) -> list[str]:
    """The texts of one column's cells on the grid's current page (pinned or not)."""
    return page.locator(f"#{grid} .ag-cell[col-id='{column}']").all_inner_texts()


def _cell(page, grid: str, row: int, column: str) -> str:
    return page.locator(
        f"#{grid} .ag-row[row-index='{row}'] .ag-cell[col-id='{column}']"
    ).first.inner_text()


def _total_rows(page, grid: str, expected: int | None = None) -> int:
    """The grid's row count; with ``expected``, once its panel shows it (or after 30 s, as is):
    after a filter or a click the panel still shows the previous count for a while."""
    panel = page.locator(f"#{grid} .ag-paging-row-summary-panel")
    if expected is not None:
        with contextlib.suppress(AssertionError):
            expect(panel).to_contain_text(re.compile(rf"of\s+{expected:,}\b"), timeout=30_000)
    return int(re.search(r"of\s+([\d,]+)", panel.inner_text()).group(1).replace(",", ""))


def _background(page, grid: str, column: str, text: str) -> str:
    """The computed background of the first cell of ``column`` whose whole text is ``text``."""
    exactly = re.compile(f"^{re.escape(text)}$")
    cell = page.locator(f"#{grid} .ag-cell[col-id='{column}']", has_text=exactly).first
    return cell.evaluate("e => getComputedStyle(e).backgroundColor")


# -- tests ----------------------------------------------------------------------------------------


@browser
def test_page_loads_clean_and_the_map_draws_offline(risks, high_risk) -> None:
    page, watcher = risks
    watcher.assert_clean()  # no console error, no failed request, nothing asked of a CDN
    at_risk = high_risk.groupby("country")["amount_at_risk"].sum()
    shown = map_values(page, "risks_map")  # shapes, and points for the smallest countries
    assert set(shown) == set(at_risk.index)
    for country, amount in at_risk.items():
        assert shown[country] == pytest.approx(amount, rel=1e-9, abs=1e-6)
    # shapes and points are drawn after the data (and again for the theme): wait for them
    marks = page.locator("#risks_map path.choroplethlocation, #risks_map .scattergeo path.point")
    expect(marks).to_have_count(len(at_risk))
    top = bars(page, "risks_top_customers")
    golden = high_risk[high_risk["amount_at_risk"] > 0].nlargest(10, "amount_at_risk")
    assert top == pytest.approx(
        dict(zip(golden["customerName"], golden["amount_at_risk"], strict=True))
    )
    assert _total_rows(page, "risks_high_risk_grid") == len(high_risk)


@browser
def test_exception_grid_formats_money_dates_and_status_colours(risks, exceptions) -> None:
    page, _ = risks
    grid = "risks_exceptions_grid"
    assert _total_rows(page, grid) == len(exceptions)
    for i in range(len(exceptions)):
        number = int(_cell(page, grid, i, "orderNumber"))
        assert _cell(page, grid, i, "order_value") == f"${exceptions.loc[number, 'value']:,.2f}"
        ordered = _cell(page, grid, i, "orderDate")
        assert ordered == exceptions.loc[number, "orderDate"][:10]  # no T00:00:00
    tones = {"Cancelled": "bad", "Disputed": "bad", "On Hold": "warn"}
    for status in set(exceptions["status"]):
        colour = _background(page, "risks_exceptions_grid", "status", status)
        assert colour == TONES[tones[status]]["backgroundColor"]


@browser
def test_risk_categories_are_coloured(risks) -> None:
    page, _ = risks
    expected = {
        ("risks_high_risk_grid", "risk_reasons", "no orders"): "muted",
        ("risks_high_risk_grid", "risk_reasons", "inactive"): "warn",
        ("risks_high_risk_grid", "risk_reasons", "credit out of line with sales"): "bad",
        ("risks_misaligned_grid", "alignment", "Under-credited"): "info",
        ("risks_misaligned_grid", "alignment", "Over-credited"): "warn",
    }
    for (grid, column, text), tone in expected.items():
        assert _background(page, grid, column, text) == TONES[tone]["backgroundColor"], text


@browser
def test_quality_grid_lists_the_checks_findings(risks, canonical_tables) -> None:
    page, watcher = risks
    grid = "risks_quality_grid"
    box = page.locator(f"#{grid} input[aria-label='Check Filter Input']")
    box.fill("customer_without_rep")  # AG Grid applies a typed filter after a debounce
    without_rep = canonical_tables["customers"]["salesRepEmployeeNumber"].isna().sum()
    assert _total_rows(page, grid, without_rep) == without_rep == 22
    assert set(_rows(page, grid, "severity")) == {"info"}
    assert _background(page, grid, "severity", "info") == TONES["info"]["backgroundColor"]
    box.fill("untrimmed")
    page.wait_for_function(  # the new rows drawn, none of the previous filter's left
        """(grid) => {
          const checks = [...document.querySelectorAll(`#${grid} .ag-cell[col-id='check']`)];
          return checks.length > 0 && checks.every(c => c.innerText.includes('untrimmed'));
        }""",
        arg=grid,
    )
    keys = _rows(page, grid, "key")
    untrimmed = canonical_tables["customers"]
    untrimmed = untrimmed[untrimmed["country"] != untrimmed["country"].str.strip()]
    for customer in untrimmed["customerNumber"]:
        assert str(customer) in keys
    watcher.assert_clean()


@browser
def test_clicking_a_country_narrows_the_linked_views(risks, high_risk, exceptions) -> None:
    page, watcher = risks
    before = traces(page, "risks_map")[0]["locations"]
    page.locator("#risks_map").scroll_into_view_if_needed()
    point = stable(page, lambda: page.evaluate(_POINT_IN_COUNTRY, ["risks_map", "Spain"]))
    assert point is not None, "Spain is not drawn on the map"
    page.mouse.click(*point)
    watcher.settle(60)
    # (rows in the grid held before the click too: wait for the count of the new selection)
    spain = high_risk[high_risk["country"] == "Spain"]
    assert _total_rows(page, "risks_high_risk_grid", len(spain)) == len(spain) > 0
    # the views narrowing is the answer to the click: no "Controls updated." notice on top
    assert page.get_by_text("Controls updated.").count() == 0
    assert set(_rows(page, "risks_high_risk_grid", "country")) == {"Spain"}
    owed = spain[spain["amount_at_risk"] > 0]
    assert bars(page, "risks_top_customers") == pytest.approx(
        dict(zip(owed["customerName"], owed["amount_at_risk"], strict=True))
    )
    spanish_exceptions = exceptions[exceptions["country"] == "Spain"]
    assert sorted(int(n) for n in _rows(page, "risks_exceptions_grid", "orderNumber")) == sorted(
        spanish_exceptions.index
    )
    assert set(_rows(page, "risks_misaligned_grid", "country")) <= {"Spain"}
    # the map itself is not narrowed, so another country can be clicked next
    assert traces(page, "risks_map")[0]["locations"] == before
    assert page.locator(".dash-dropdown-value").first.inner_text() == "Spain"
    watcher.assert_clean()


# -- the page's own loader ------------------------------------------------------------------------


@pytest.mark.parametrize("sample", ["canonical", "peer"])
def test_quality_findings_gather_every_check_worst_first(
    sample: str, canonical_path, peer_path
) -> None:
    import sqlite3

    from classicmodels_kpi.catalogue import Catalogue, queries
    from classicmodels_kpi.dashboard.pages.risks import load_quality_findings
    from classicmodels_kpi.database import connect, parse_db

    path = canonical_path if sample == "canonical" else peer_path
    findings = load_quality_findings(Catalogue(connect(parse_db(str(path)))))
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        customers = pd.read_sql("SELECT * FROM customers", conn)
    without_rep = findings[findings["check"] == "customer_without_rep"]
    assert set(without_rep["key"].astype(int)) == set(
        customers.loc[customers["salesRepEmployeeNumber"].isna(), "customerNumber"]
    )
    untrimmed = customers[customers["country"] != customers["country"].str.strip()]
    keys = set(findings.loc[findings["table"] == "customers", "key"].astype(str))
    assert {str(n) for n in untrimmed["customerNumber"]} <= keys
    rank = findings["severity"].map({"error": 0, "warning": 1, "info": 2})
    assert rank.is_monotonic_increasing  # errors first, then warnings, then information
    assert set(findings["query"]) <= {n for n, q in queries().items() if q.layer == "quality"}
    if sample == "peer":  # the two impossible 2019-02-29 dates, as errors, on top
        invalid = findings[findings["check"] == "invalid_date"]
        assert len(invalid) == 2
        assert set(invalid["value"]) == {"2019-02-29"}
        assert findings["severity"].iloc[0] == "error"
