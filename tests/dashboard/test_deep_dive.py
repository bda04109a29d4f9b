"""Page 5 in a real browser: every tab's grid, its colours, the export of a filtered selection,
and the catalogue explorer. Golden numbers come from pandas over the canonical tables."""

from __future__ import annotations

import contextlib
import math
import re

import pandas as pd
import pytest
from dashboard_browser import DESKTOP, PageWatch, open_page, set_theme
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from classicmodels_kpi.dashboard.grids import LIFT_STEPS, TONES

browser = pytest.mark.browser


# -- golden numbers -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def orders(canonical_tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    o = canonical_tables["orders"]
    return o.assign(orderDate=pd.to_datetime(o["orderDate"]))


@pytest.fixture(scope="module")
def lines(canonical_tables: dict[str, pd.DataFrame], orders: pd.DataFrame) -> pd.DataFrame:
    """Lines of orders not Cancelled, with revenue and the customer's trimmed country."""
    kept = orders[orders["status"] != "Cancelled"]
    out = canonical_tables["orderdetails"].merge(kept, on="orderNumber")
    customers = canonical_tables["customers"]
    out = out.merge(
        customers.assign(country=customers["country"].str.strip())[["customerNumber", "country"]],
        on="customerNumber",
    )
    out["revenue"] = out["quantityOrdered"] * out["priceEach"]
    return out


@pytest.fixture(scope="module")
def next_order_status(orders: pd.DataFrame) -> pd.Series:
    """Overdue / Due soon (≤ 30 days) / On track per customer with orders on 2+ distinct dates."""
    as_of = orders["orderDate"].max()
    kept = orders[orders["status"] != "Cancelled"]
    status = {}
    for customer, days in kept.groupby("customerNumber")["orderDate"]:
        distinct = sorted(set(days))
        if len(distinct) < 2:
            continue
        interval = (distinct[-1] - distinct[0]).days / (len(distinct) - 1)
        expected = distinct[-1] + pd.Timedelta(days=math.floor(interval + 0.5))
        if expected < as_of:
            status[customer] = "Overdue"
        elif (expected - as_of).days <= 30:
            status[customer] = "Due soon"
        else:
            status[customer] = "On track"
    return pd.Series(status)


@pytest.fixture(scope="module")
def pair_lifts(canonical_tables: dict[str, pd.DataFrame], orders: pd.DataFrame) -> pd.DataFrame:
    """Product pairs sharing 3+ orders (not Cancelled), with their lift."""
    kept = orders[orders["status"] != "Cancelled"][["orderNumber"]]
    baskets = canonical_tables["orderdetails"].merge(kept, on="orderNumber")
    baskets = baskets[["orderNumber", "productCode"]].drop_duplicates()
    n_orders = baskets["orderNumber"].nunique()
    per_product = baskets.groupby("productCode").size()
    pairs = baskets.merge(baskets, on="orderNumber")
    pairs = pairs[pairs["productCode_x"] < pairs["productCode_y"]]
    counted = pairs.groupby(["productCode_x", "productCode_y"]).size().rename("n").reset_index()
    counted = counted[counted["n"] >= 3]
    counted["lift"] = (
        counted["n"]
        * n_orders
        / (
            counted["productCode_x"].map(per_product).to_numpy()
            * counted["productCode_y"].map(per_product).to_numpy()
        )
    )
    return counted


# -- the page -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def deep(browser, dashboard_url: str):
    """One page on ``/deep-dive`` for the module (tests go on from each other's state)."""
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    watcher = PageWatch(page).attach()
    open_page(page, dashboard_url, "/deep-dive", watcher, timeout=120)
    page.wait_for_selector("#deep_customers_grid .ag-row", timeout=60_000)
    yield page, watcher
    context.close()


def _tab(page, watcher: PageWatch, name: str, grid: str) -> None:
    page.get_by_role("tab", name=name).click()
    page.wait_for_selector(f"#{grid} .ag-row", timeout=60_000)
    watcher.settle()


def _total_rows(page, grid: str, expected: int | None = None) -> int:
    """The row count AG Grid's pagination panel shows (``1 to 20 of 1,402``), once it knows it
    (a server-paged grid says ``of more`` until its first block has arrived). With ``expected``,
    first wait a while for that count: after a filter or another query the panel may still show
    the previous count; the caller's assertion then reports what was really shown."""
    panel = f"#{grid} .ag-paging-row-summary-panel"
    pattern = rf"of\s+{expected:,}\b" if expected is not None else r"of\s+[\d,]+"
    with contextlib.suppress(PlaywrightTimeout):  # then read what is there: the assertion shows it
        page.wait_for_function(
            "([sel, re]) => new RegExp(re).test(document.querySelector(sel)?.innerText || '')",
            arg=[panel, pattern],
            timeout=30_000,
        )
    text = page.inner_text(panel)
    found = re.search(r"of\s+([\d,]+)", text)
    assert found, f"no row count in {text!r}"
    return int(found.group(1).replace(",", ""))


def _cells(page, grid: str, column: str) -> list[str]:
    return page.locator(
        f"#{grid} .ag-center-cols-container .ag-cell[col-id='{column}']"
    ).all_inner_texts()


def _first_cell(page, grid: str, column: str, row_index: int = 0) -> str:
    """A cell of the row at ``row_index`` (absolute: page 2 starts at 20)."""
    row = page.locator(f"#{grid} .ag-row[row-index='{row_index}']")
    return row.locator(f".ag-cell[col-id='{column}']").first.inner_text()


def _background(page, grid: str, column: str, text: str) -> str:
    cell = page.locator(f"#{grid} .ag-cell[col-id='{column}']", has_text=text).first
    return cell.evaluate("e => getComputedStyle(e).backgroundColor")


def _rgba(tone: str) -> str:
    return TONES[tone]["backgroundColor"]


#: Whether the grid has applied ``text`` as its filter on ``column`` (or no filter for "") and
#: shows its rows: AG Grid debounces a floating filter, then filters and redraws.
_FILTER_APPLIED = """([grid, column, text]) => {
  const api = dash_ag_grid.getApi(grid);
  const model = api.getFilterModel()[column];
  const applied = text === '' ? !model : !!model && model.filter === text;
  return applied && !!document.querySelector(`#${grid} .ag-center-cols-container .ag-row`);
}"""


def _grid_filter(page, watcher: PageWatch, grid: str, column: str, header: str, text: str) -> None:
    """Type into a column's floating filter, as a user would, until the grid has applied it."""
    box = page.locator(f"#{grid} input[aria-label='{header} Filter Input']")
    box.fill(text)
    page.wait_for_function(_FILTER_APPLIED, arg=[grid, column, text])
    watcher.settle()


def _only(page, grid: str, column: str, value: str) -> set[str]:
    """The values of ``column`` shown, once they are all ``value`` (or after 10 s, as they are)."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            """([grid, column, value]) => {
              const cells = [...document.querySelectorAll(
                `#${grid} .ag-center-cols-container .ag-cell[col-id='${column}']`)];
              return cells.length > 0 && cells.every(c => c.innerText.trim() === value);
            }""",
            arg=[grid, column, value],
            timeout=10_000,
        )
    return set(_cells(page, grid, column))


def _choose(page, watcher: PageWatch, scope: str, option: str) -> None:
    """Pick ``option`` in the (single) dropdown inside ``scope``."""
    page.click(f"{scope} button.dash-dropdown")
    search = page.locator(".dash-dropdown-content input.dash-dropdown-search")
    if search.count():
        search.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    watcher.settle(60)


# -- tests ----------------------------------------------------------------------------------------


@browser
def test_page_loads_clean_with_every_tab(deep) -> None:
    page, watcher = deep
    watcher.assert_clean()
    tabs = page.get_by_role("tab").all_inner_texts()
    for name in ("Customers", "Products", "Sales reps", "Next orders", "Cross-sell"):
        assert name in tabs
    assert "Catalogue explorer" in tabs


@browser
def test_customers_grid_counts_formats_and_ranks(deep, lines) -> None:
    page, _ = deep
    by_customer = lines.groupby("customerNumber").agg(
        revenue=("revenue", "sum"), first=("orderDate", "min"), orders=("orderNumber", "nunique")
    )
    assert _total_rows(page, "deep_customers_grid", len(by_customer)) == len(by_customer) == 98
    best = by_customer["revenue"].idxmax()
    assert _first_cell(page, "deep_customers_grid", "customerNumber") == str(best)
    assert _first_cell(page, "deep_customers_grid", "revenue") == (
        f"${by_customer.loc[best, 'revenue']:,.0f}"
    )
    assert _first_cell(page, "deep_customers_grid", "first_order_date") == (
        by_customer.loc[best, "first"].strftime("%Y-%m-%d")
    )
    # no raw floats, no time part anywhere on the page of rows
    for text in _cells(page, "deep_customers_grid", "aov"):
        assert re.fullmatch(r"\$[\d,]+", text), text
    for text in _cells(page, "deep_customers_grid", "last_order_date"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", text), text


@browser
def test_abc_classes_are_coloured_in_both_themes(deep) -> None:
    page, watcher = deep
    expected = {"A": _rgba("good"), "B": _rgba("info"), "C": _rgba("muted")}
    for theme in ("dark", "light"):
        set_theme(page, theme, watcher)
        for abc, colour in expected.items():
            _grid_filter(page, watcher, "deep_customers_grid", "abc_class", "ABC class", abc)
            assert _only(page, "deep_customers_grid", "abc_class", abc) == {abc}
            assert _background(page, "deep_customers_grid", "abc_class", abc) == colour
    _grid_filter(page, watcher, "deep_customers_grid", "abc_class", "ABC class", "")
    set_theme(page, "dark", watcher)
    # an unstyled cell keeps the grid's own background
    plain = _background(page, "deep_customers_grid", "country", "USA")
    assert plain not in expected.values()


@browser
def test_export_holds_exactly_the_filtered_rows(deep, lines, tmp_path) -> None:
    page, watcher = deep
    _choose(page, watcher, "#deep_customers_tab-control-panel", "France")
    france = set(lines.loc[lines["country"] == "France", "customerNumber"])
    assert _total_rows(page, "deep_customers_grid", len(france)) == len(france) == 12
    assert _only(page, "deep_customers_grid", "country", "France") == {"France"}

    with page.expect_download() as csv_download:
        page.click("#deep_customers_export_csv")
    exported = pd.read_csv(csv_download.value.path())
    assert set(exported["customerNumber"]) == france
    assert len(exported) == len(france)
    assert set(exported["country"]) == {"France"}
    revenue = lines[lines["country"] == "France"].groupby("customerNumber")["revenue"].sum()
    by_number = exported.set_index("customerNumber")["revenue"]
    for customer, value in revenue.items():
        assert by_number[customer] == pytest.approx(value, rel=1e-9)

    with page.expect_download() as xlsx_download:
        page.click("#deep_customers_export_xlsx")
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    workbook = pd.read_excel(xlsx_download.value.path())
    assert set(workbook["customerNumber"]) == france
    assert len(workbook) == len(france)
    watcher.assert_clean()


@browser
def test_next_order_statuses_carry_their_colours(deep, next_order_status) -> None:
    page, watcher = deep
    _tab(page, watcher, "Next orders", "deep_next_orders_grid")
    every = len(next_order_status)
    assert _total_rows(page, "deep_next_orders_grid", every) == every
    tones = {"Overdue": "bad", "Due soon": "warn", "On track": "good"}
    for status, count in next_order_status.value_counts().items():
        _grid_filter(page, watcher, "deep_next_orders_grid", "status", "Next order", status)
        assert _total_rows(page, "deep_next_orders_grid", count) == count
        assert _background(page, "deep_next_orders_grid", "status", status) == _rgba(tones[status])
    _grid_filter(page, watcher, "deep_next_orders_grid", "status", "Next order", "")


@browser
def test_cross_sell_pages_on_the_server_with_graded_lift(deep, pair_lifts) -> None:
    page, watcher = deep
    _tab(page, watcher, "Cross-sell", "deep_cross_sell_grid")
    grid = "deep_cross_sell_grid"
    # more pairs than a grid ships whole: the grid asks the server for one page at a time
    assert (
        page.evaluate("id => dash_ag_grid.getApi(id).getGridOption('rowModelType')", grid)
        == "infinite"
    )
    assert _total_rows(page, grid, len(pair_lifts)) == len(pair_lifts) == 1402
    assert len(page.locator(f"#{grid} .ag-center-cols-container .ag-row").all()) <= 20
    header = page.locator(f"#{grid} .ag-header-cell[col-id='lift'] .ag-header-cell-label")
    header.click()
    header.click()  # descending
    watcher.settle()
    top = pair_lifts.sort_values("lift", ascending=False).iloc[0]
    # the first row shows "" while its block loads, and the ascending order for a moment
    first = page.locator(f"#{grid} .ag-row[row-index='0']")
    expect(first.locator(".ag-cell[col-id='product_a']")).to_have_text(top["productCode_x"])
    expect(first.locator(".ag-cell[col-id='product_b']")).to_have_text(top["productCode_y"])
    assert float(_first_cell(page, grid, "lift")) == pytest.approx(top["lift"], abs=5e-3)
    # the colour deepens with the lift: the highest step the value reaches
    cell = page.locator(f"#{grid} .ag-row[row-index='0'] .ag-cell[col-id='lift']")
    opacity = max(o for threshold, o in LIFT_STEPS if top["lift"] >= threshold)
    assert cell.evaluate("e => getComputedStyle(e).backgroundColor") == (
        f"rgba(0, 181, 169, {opacity})"
    )
    # a page further on is a new request to the server, sorted the same way
    page.locator(f"#{grid} .ag-paging-button[aria-label='Next Page']").click()
    watcher.settle()
    # row 20 is drawn empty until its block has arrived
    lift_20 = page.locator(f"#{grid} .ag-row[row-index='20'] .ag-cell[col-id='lift']")
    expect(lift_20).to_have_text(re.compile(r"\d"))
    second_page = pair_lifts.sort_values("lift", ascending=False, kind="stable")["lift"].iloc[20]
    assert float(_first_cell(page, grid, "lift", 20)) == pytest.approx(second_page, abs=5e-3)
    watcher.assert_clean()


@browser
def test_catalogue_explorer_shows_and_downloads_a_chosen_query(deep, lines, orders) -> None:
    page, watcher = deep
    _tab(page, watcher, "Catalogue explorer", "explorer_table_grid")
    _choose(
        page,
        watcher,
        "#explorer_tab-control-panel",
        "predictive · Monthly sales series per product (product_monthly_series)",
    )
    page.wait_for_selector("#explorer_info:has-text('Monthly sales series per product')")
    months = pd.period_range(orders["orderDate"].min(), orders["orderDate"].max(), freq="M")
    expected_rows = lines["productCode"].nunique() * len(months)
    assert _total_rows(page, "explorer_table_grid", expected_rows) == expected_rows == 3161
    assert f"{expected_rows:,} rows" in page.inner_text("#explorer_info")

    header = page.locator(
        "#explorer_table_grid .ag-header-cell[col-id='revenue'] .ag-header-cell-label"
    )
    header.click()
    header.click()
    watcher.settle()
    monthly = (
        lines.assign(month=lines["orderDate"].dt.to_period("M"))
        .groupby(["productCode", "month"])["revenue"]
        .sum()
    )
    best = monthly.idxmax()
    # the first row shows "" while its block loads, and the ascending order for a moment
    expect(
        page.locator("#explorer_table_grid .ag-row[row-index='0'] .ag-cell[col-id='revenue']")
    ).to_have_text(f"${monthly.max():,.2f}")
    assert _first_cell(page, "explorer_table_grid", "productCode") == best[0]
    assert _first_cell(page, "explorer_table_grid", "month") == best[1].start_time.strftime(
        "%Y-%m-%d"
    )
    assert _first_cell(page, "explorer_table_grid", "revenue") == f"${monthly.max():,.2f}"

    with page.expect_download() as download:
        page.click("#explorer_table_export_csv")
    exported = pd.read_csv(download.value.path())
    assert len(exported) == expected_rows
    assert exported["revenue"].sum() == pytest.approx(lines["revenue"].sum(), rel=1e-9)
    watcher.assert_clean()


# -- the explorer's loader ------------------------------------------------------------------------


def test_explorer_pages_a_long_result_in_the_database(
    canonical_path, lines, orders, monkeypatch
) -> None:
    from classicmodels_kpi.dashboard import data, grids
    from classicmodels_kpi.dashboard.pages import deep_dive

    app_db = data.configure(str(canonical_path))
    data.catalogue_source("product_monthly_series")
    monkeypatch.setattr(deep_dive, "EXPLORER_ROWS", 50)  # a "long" result at scale 1
    frame = app_db.call(lambda c: deep_dive.explore(c, "product_monthly_series"))
    months = pd.period_range(orders["orderDate"].min(), orders["orderDate"].max(), freq="M")
    total = lines["productCode"].nunique() * len(months)
    assert len(frame) == 50
    assert frame.attrs[grids.TOTAL_ATTR] == total
    grid = grids.paged_grid.__wrapped__(frame, columnDefs=[])
    assert grid.rowModelType == "infinite"
    context = grid.dashGridOptions["context"]
    assert context == {"source": "product_monthly_series", "rows": total}
    revenue = next(c for c in grid.columnDefs if c["field"] == "revenue")
    assert "$" in revenue["valueFormatter"]["function"]  # typed by the query's header
    answer = grids.serve_rows(
        {
            "startRow": 0,
            "endRow": 20,
            "sortModel": [{"colId": "revenue", "sort": "desc"}],
            "filterModel": {},
            "context": context,
        }
    )
    assert answer["rowCount"] == total
    monthly = lines.assign(month=lines["orderDate"].dt.to_period("M"))
    monthly = monthly.groupby(["productCode", "month"])["revenue"].sum()
    assert answer["rowData"][0]["productCode"] == monthly.idxmax()[0]
    assert answer["rowData"][0]["revenue"] == pytest.approx(monthly.max())
