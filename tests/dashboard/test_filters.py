"""The pages' filters: their choices are the data's, a fresh page shows everything, and a choice
narrows the charts and grids to exactly the rows pandas finds in the canonical tables.

The dashboard is built without running SQL (loaders answer with a one-row stub while it is
built), so these tests also guard against the stub leaking into a filter: an empty option, an
empty value selected by default, a slider stuck at 0–0.
"""

from __future__ import annotations

import contextlib
import re

import pandas as pd
import pytest
import vizro.models as vm
from dashboard_browser import (
    DESKTOP,
    PageWatch,
    bars,
    bars_showing,
    map_values,
    open_page,
    traces,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from vizro.managers import model_manager

from classicmodels_kpi.dashboard import build, data, filters
from sample_regions import SAMPLE_REGIONS

browser = pytest.mark.browser

# -- golden numbers -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def customers(canonical_tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    c = canonical_tables["customers"]
    return c.assign(country=c["country"].str.strip()).set_index("customerNumber")


@pytest.fixture(scope="module")
def orders(canonical_tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    o = canonical_tables["orders"]
    return o[o["status"] != "Cancelled"]


@pytest.fixture(scope="module")
def lines(canonical_tables, orders, customers) -> pd.DataFrame:
    out = canonical_tables["orderdetails"].merge(orders, on="orderNumber")
    out = out.merge(customers[["country"]], left_on="customerNumber", right_index=True)
    products = canonical_tables["products"][["productCode", "productName", "productLine"]]
    out = out.merge(products, on="productCode")
    out["revenue"] = out["quantityOrdered"] * out["priceEach"].astype(float)
    return out


@pytest.fixture(scope="module")
def buyers(orders: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Customers with at least one order not Cancelled, with their number of such orders."""
    counts = orders.groupby("customerNumber").size().rename("orders")
    return customers.join(counts, how="inner")


# -- the page -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    watcher = PageWatch(page).attach()
    yield page, watcher
    context.close()


def _dropdown(page, scope: str, title: str):
    return page.locator(f"{scope} label:has-text('{title}') + .dash-dropdown-wrapper button")


def _options(page, scope: str, title: str) -> list[str]:
    """The options a dropdown offers, as the user sees them when it opens."""
    _dropdown(page, scope, title).click()
    page.wait_for_selector("[role='option']")
    shown = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return shown


def _toggle(page, watcher: PageWatch, scope: str, title: str, *names: str) -> None:
    """Tick (or untick) ``names`` in a multi-select dropdown, then wait for the page."""
    _dropdown(page, scope, title).click()
    for name in names:
        page.get_by_role("option", name=name, exact=True).click()
    page.keyboard.press("Escape")
    watcher.settle(60)


def _shown_value(page, scope: str, title: str) -> str:
    return _dropdown(page, scope, title).locator(".dash-dropdown-value").inner_text()


def _total_rows(page, grid: str, expected: int) -> int:
    """The grid's row count, once its panel shows ``expected`` (or after 30 s, what it shows):
    after a choice the panel still shows the previous count for a while."""
    panel = page.locator(f"#{grid} .ag-paging-row-summary-panel")
    with contextlib.suppress(AssertionError):
        expect(panel).to_contain_text(re.compile(rf"of\s+{expected:,}\b"), timeout=30_000)
    return int(re.search(r"of\s+([\d,]+)", panel.inner_text()).group(1).replace(",", ""))


def _column(page, grid: str, column: str, values) -> list[str]:
    """The texts of ``column``'s cells, once they are all among ``values`` (or after 30 s)."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            """([grid, column, values]) => {
              const cells = [...document.querySelectorAll(`#${grid} .ag-cell[col-id='${column}']`)];
              return cells.length > 0 && cells.every(c => values.includes(c.innerText.trim()));
            }""",
            arg=[grid, column, [str(v) for v in values]],
        )
    return page.locator(f"#{grid} .ag-cell[col-id='{column}']").all_inner_texts()


# -- tests ----------------------------------------------------------------------------------------


def test_data_filters_start_empty_whatever_the_build_time_stub(canonical_path) -> None:
    """At build time a data-driven filter offers nothing and selects nothing (= every row)."""
    build(str(canonical_path))
    dynamic = [f for f in model_manager._get_models(vm.Filter) if f._dynamic]
    assert len(dynamic) >= 8
    for f in dynamic:
        assert isinstance(f, filters.Filter), f.id
        if isinstance(f.selector, filters.DataRangeSlider):
            assert (f.selector.value, f.selector.min, f.selector.max) == (None, None, None)
        else:
            assert (f.selector.options, f.selector.value) == ([], []), f.id


def test_options_come_from_real_frames_never_from_stubs(canonical_path, customers) -> None:
    build(str(canonical_path))
    country = model_manager["regional_country"]
    real = {t: data.load(model_manager[t]["data_frame"]) for t in country.targets}
    stubs = {t: data.stub_frame(data.SOURCES[model_manager[t]["data_frame"]].columns) for t in real}

    built = country(real, current_value=[])
    dropdown = built.children[0].children[1]
    assert [o["value"] for o in dropdown.options] == sorted(customers["country"].unique())
    assert dropdown.value == []

    mixed = country({**stubs, country.targets[0]: real[country.targets[0]]}, current_value=[])
    assert "" not in [o["value"] for o in mixed.children[0].children[1].options]

    # the database is down everywhere: the user's selection stays, no stub value is offered
    down = country(stubs, current_value=["France"])
    assert [o["value"] for o in down.children[0].children[1].options] == ["France"]


def test_nothing_chosen_keeps_every_row() -> None:
    keep = filters._everything_when_unset(lambda s, v: s.isin(v))
    s = pd.Series(["USA", "France", "UK"])
    assert keep(s, []).all() and keep(s, None).all()
    assert keep(s, ["UK"]).tolist() == [False, False, True]


@pytest.mark.parametrize("current", [None, "", ["Italy"], ["", "USA"], "Spain"])
def test_filter_options_match_vizro_but_by_column(current) -> None:
    frame = pd.DataFrame(
        {
            "a": pd.array(["USA", "France", None, "UK", "USA"], dtype="str"),
            "b": pd.array(["Spain", "USA", "", None, "Norway"], dtype="str"),
        }
    )
    assert filters.Filter._get_options(frame, current) == vm.Filter._get_options(frame, current)


@browser
def test_regional_country_and_region_dropdowns(tab, dashboard_url, lines, customers):
    page, watcher = tab
    open_page(page, dashboard_url, "/regional", watcher, timeout=90)
    scope = "#control-panel"
    assert _shown_value(page, scope, "Country") == filters.ALL
    assert _options(page, scope, "Country") == sorted(customers["country"].unique())
    region_of = pd.Series(SAMPLE_REGIONS)  # the README's table, not the catalogue's own
    assert set(region_of.index) == set(customers["country"])
    assert _options(page, scope, "Region") == sorted(region_of.unique())

    # a fresh page: every country, every region
    every = customers["country"].nunique()
    assert _total_rows(page, "regional_grid", every) == every

    _toggle(page, watcher, scope, "Country", "France", "UK")
    chosen = lines[lines["country"].isin(["France", "UK"])]
    golden = chosen.groupby("productLine")["revenue"].sum()
    shown = bars_showing(page, "regional_by_productline", golden.index)
    assert shown == pytest.approx(golden.to_dict(), rel=1e-9)
    assert sorted(_column(page, "regional_grid", "country", ["France", "UK"])) == ["France", "UK"]
    _toggle(page, watcher, scope, "Country", "France", "UK")  # cleared: everything again
    assert _total_rows(page, "regional_grid", every) == every

    region = region_of["Japan"]
    _toggle(page, watcher, scope, "Region", region)
    members = set(region_of[region_of == region].index)
    mine = lines[lines["country"].isin(members)]
    drawn = map_values(page, "regional_map")  # shapes, and points for the smallest countries
    assert set(drawn) == members
    for country, revenue in mine.groupby("country")["revenue"].sum().items():
        assert drawn[country] == pytest.approx(revenue, rel=1e-9)
    aov = traces(page, "regional_aov")[0]
    assert list(aov["y"]) == [region]
    assert aov["x"][0] == pytest.approx(mine["revenue"].sum() / mine["orderNumber"].nunique())
    _toggle(page, watcher, scope, "Region", region)
    watcher.assert_clean()


@browser
def test_risks_country_dropdown(tab, dashboard_url, canonical_tables, customers, orders) -> None:
    page, watcher = tab
    open_page(page, dashboard_url, "/risks", watcher, timeout=120)
    scope = "#control-panel"
    exceptions = canonical_tables["orders"]
    exceptions = exceptions[exceptions["status"].isin(["Cancelled", "On Hold", "Disputed"])]
    exceptions = exceptions.join(customers["country"], on="customerNumber")
    options = _options(page, scope, "Country")
    assert "" not in options and options == sorted(options)
    assert set(exceptions["country"]) <= set(options) <= set(customers["country"])

    _toggle(page, watcher, scope, "Country", "Spain")
    spanish = exceptions[exceptions["country"] == "Spain"]
    shown_orders = _column(page, "risks_exceptions_grid", "orderNumber", spanish["orderNumber"])
    assert sorted(int(n) for n in shown_orders) == sorted(spanish["orderNumber"])
    shown = set(bars(page, "risks_top_customers"))
    assert shown and shown <= set(customers.loc[customers["country"] == "Spain", "customerName"])
    _toggle(page, watcher, scope, "Country", "Spain")
    assert _total_rows(page, "risks_exceptions_grid", len(exceptions)) == len(exceptions)
    watcher.assert_clean()


@browser
def test_opportunities_country_and_product_line(
    tab, dashboard_url, lines, buyers, canonical_tables
):
    page, watcher = tab
    open_page(page, dashboard_url, "/opportunities", watcher, timeout=120)
    scope = "#control-panel"
    assert _options(page, scope, "Country") == sorted(buyers["country"].unique())
    assert _options(page, scope, "Product line") == sorted(
        canonical_tables["productlines"]["productLine"]
    )
    assert _total_rows(page, "opportunities_rfm_grid", len(buyers)) == len(buyers)

    _toggle(page, watcher, scope, "Country", "France")
    french = int((buyers["country"] == "France").sum())
    assert _total_rows(page, "opportunities_rfm_grid", french) == french
    _toggle(page, watcher, scope, "Product line", "Planes")
    planes = lines[lines["productLine"] == "Planes"]
    golden = planes.groupby("productName")["revenue"].sum().nlargest(10)
    shown = bars_showing(page, "opportunities_top_products", golden.index)
    assert shown == pytest.approx(golden.to_dict(), rel=1e-9)
    _toggle(page, watcher, scope, "Country", "France")
    _toggle(page, watcher, scope, "Product line", "Planes")
    assert _total_rows(page, "opportunities_rfm_grid", len(buyers)) == len(buyers)
    watcher.assert_clean()


@browser
def test_deep_dive_country_and_orders_slider(tab, dashboard_url, buyers) -> None:
    page, watcher = tab
    open_page(page, dashboard_url, "/deep-dive", watcher, timeout=120)
    scope = "#deep_customers_tab-control-panel"
    grid = "deep_customers_grid"
    assert _options(page, scope, "Country") == sorted(buyers["country"].unique())
    low = page.locator(f"{scope} input.dash-range-slider-min-input")
    high = page.locator(f"{scope} input.dash-range-slider-max-input")
    # the slider spans the data: fewest and most orders of a customer, both handles at the ends
    assert (low.get_attribute("min"), low.get_attribute("max")) == (
        str(buyers["orders"].min()),
        str(buyers["orders"].max()),
    )
    assert (low.input_value(), high.input_value()) == (
        str(buyers["orders"].min()),
        str(buyers["orders"].max()),
    )
    assert _total_rows(page, grid, len(buyers)) == len(buyers)

    _toggle(page, watcher, scope, "Country", "France")
    french = buyers[buyers["country"] == "France"]
    assert _total_rows(page, grid, len(french)) == len(french)
    low.fill("4")
    low.blur()  # the slider takes a typed bound when the box loses focus
    watcher.settle(60)
    busy = french[french["orders"] >= 4]
    assert 0 < len(busy) < len(french)
    assert _total_rows(page, grid, len(busy)) == len(busy)
    names = _column(page, grid, "customerName", busy["customerName"])
    assert sorted(names) == sorted(busy["customerName"])
    # "Reset all" goes back to no choice and the whole range: every customer again
    page.click("#reset-button")
    watcher.settle(60)
    assert _shown_value(page, scope, "Country") == filters.ALL
    assert (low.input_value(), high.input_value()) == (
        str(buyers["orders"].min()),
        str(buyers["orders"].max()),
    )
    assert _total_rows(page, grid, len(buyers)) == len(buyers)
    watcher.assert_clean()
