"""Page 2 in a real browser: the offline map, and a click on a country filtering the page."""

from __future__ import annotations

import pandas as pd
import pytest
from dashboard_browser import DESKTOP, PageWatch, bars, map_values, open_page, stable, traces
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

#: Finds a point inside a country's shape that the mouse would hit, in page coordinates.
_POINT_IN_COUNTRY = """(name) => {
  const gd = document.querySelector('#regional_map .js-plotly-plot');
  const paths = Array.from(gd.querySelectorAll('path.choroplethlocation'));
  const path = paths.find(p => p.__data__ && p.__data__.loc === name);
  if (!path) return null;
  const box = path.getBBox();
  const matrix = path.getScreenCTM();
  const inside = (x, y) => path.isPointInFill(new DOMPoint(x, y));
  const step = Math.max(box.width, box.height) / 80;
  // The point deepest inside the shape (mainland, not an island or a border).
  let best = null, bestDepth = 0;
  for (let i = 1; i < 40; i++) {
    for (let j = 1; j < 40; j++) {
      const x = box.x + box.width * i / 40, y = box.y + box.height * j / 40;
      let depth = 0;
      while (depth < 40 && [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, -1], [1, -1], [-1, 1]]
        .every(([a, b]) => inside(x + a * (depth + 1) * step, y + b * (depth + 1) * step))) depth++;
      if (inside(x, y) && depth > bestDepth) { best = [x, y]; bestDepth = depth; }
    }
  }
  if (!best) return null;
  const screen = new DOMPoint(best[0], best[1]).matrixTransform(matrix);
  // Plotly's geo takes clicks on its drag layer and finds the country under the mouse.
  return gd.contains(document.elementFromPoint(screen.x, screen.y)) ? [screen.x, screen.y] : null;
}"""


#: Whether a map has drawn its shapes, and its points if it has any.
_SHAPES_AND_POINTS_DRAWN = """(id) => {
  const gd = document.querySelector(`#${id} .js-plotly-plot`);
  if (!gd || !gd._fullData || !gd._fullData.length) return false;
  const shapes = gd.querySelectorAll('path.choroplethlocation').length;
  const points = gd.querySelectorAll('.scattergeo path.point').length;
  const wanted = gd._fullData.length > 1 ? gd._fullData[1].lon.length : 0;
  return shapes > 0 && points >= wanted;
}"""

#: The countries drawn as shapes, and {country: [x, y]} of the points, in page coordinates.
_DRAWN_MARKS = """(id) => {
  const gd = document.querySelector(`#${id} .js-plotly-plot`);
  const shapes = Array.from(gd.querySelectorAll('path.choroplethlocation'))
    .map(p => p.__data__ && p.__data__.loc).filter(Boolean);
  const points = {};
  for (const p of gd.querySelectorAll('.scattergeo path.point')) {
    const box = p.getBoundingClientRect();
    const custom = gd._fullData[1].customdata[p.__data__.i];
    points[custom[0]] = [box.x + box.width / 2, box.y + box.height / 2];
  }
  return [Array.from(new Set(shapes)), points];
}"""


@pytest.fixture(scope="module")
def lines(canonical_tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    t = canonical_tables
    orders = t["orders"][t["orders"]["status"] != "Cancelled"]
    out = t["orderdetails"].merge(orders, on="orderNumber")
    out = out.merge(t["customers"][["customerNumber", "country"]], on="customerNumber")
    out = out.merge(t["products"][["productCode", "productLine"]], on="productCode")
    out["country"] = out["country"].str.strip()
    out["revenue"] = out["quantityOrdered"] * out["priceEach"].astype(float)
    return out


@pytest.fixture(scope="module")
def regional(browser, dashboard_url: str):
    """One page for the module: each click replaces the previous country in the filter."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    watcher = PageWatch(page).attach()
    open_page(page, dashboard_url, "/regional", watcher, timeout=90)
    yield page, watcher
    context.close()


_ONLY_COUNTRY_IN_GRID = """(name) => {
  const cells = Array.from(document.querySelectorAll("#regional_grid .ag-row [col-id='country']"));
  return cells.length === 1 && cells[0].innerText.trim() === name;
}"""


def _click_country(page, watcher: PageWatch, name: str) -> None:
    """Click ``name`` on the map, unless the page is already filtered to it (a second click on
    a selected country deselects it)."""
    if page.evaluate(_ONLY_COUNTRY_IN_GRID, name):
        return
    point = page.evaluate(_POINT_IN_COUNTRY, name)
    assert point is not None, f"{name} is not drawn on the map"
    page.mouse.click(*point)
    # The click sets the country filter; wait until the grid shows that country alone.
    page.wait_for_function(_ONLY_COUNTRY_IN_GRID, arg=name, timeout=60_000)
    watcher.settle()


def test_map_draws_offline_with_every_country_of_the_data(regional, lines) -> None:
    page, watcher = regional
    watcher.assert_clean()  # includes: no request left 127.0.0.1 (the topojson is ours)
    golden = lines.groupby("country")["revenue"].sum()
    # Plotly draws the map after the callback answers (and again when the theme is applied).
    page.wait_for_function(_SHAPES_AND_POINTS_DRAWN, arg="regional_map")
    shapes, points = page.evaluate(_DRAWN_MARKS, "regional_map")
    # Every country with sales is on the map, once: a shape, or a point where the 110m world
    # map has no shape for it (Singapore and Hong Kong in the sample).
    marks = shapes + list(points)
    assert len(marks) == len(set(marks))
    assert set(golden.index) <= set(marks)
    assert {"Singapore", "Hong Kong"} <= set(points)
    located = map_values(page, "regional_map")
    for country, revenue in golden.items():
        assert located[country] == pytest.approx(revenue, rel=1e-9)


def test_clicking_a_small_country_drawn_as_a_point_filters_the_page(regional, lines) -> None:
    page, watcher = regional
    page.wait_for_function(_SHAPES_AND_POINTS_DRAWN, arg="regional_map")
    _, points = page.evaluate(_DRAWN_MARKS, "regional_map")
    x, y = points["Singapore"]
    page.mouse.click(x, y)
    page.wait_for_function(_ONLY_COUNTRY_IN_GRID, arg="Singapore", timeout=60_000)
    watcher.settle()
    mine = lines[lines["country"] == "Singapore"]
    shown = bars(page, "regional_by_productline")
    golden = mine.groupby("productLine")["revenue"].sum()
    assert set(shown) == set(golden.index)
    for line, revenue in golden.items():
        assert shown[line] == pytest.approx(revenue, rel=1e-9)
    watcher.assert_clean()


@pytest.mark.parametrize("country", ["USA", "UK", "France"])
def test_clicking_a_country_filters_the_linked_charts(regional, lines, country: str) -> None:
    page, watcher = regional
    _click_country(page, watcher, country)
    mine = lines[lines["country"] == country]

    by_line = mine.groupby("productLine")["revenue"].sum()
    shown = bars(page, "regional_by_productline")
    assert set(shown) == set(by_line.index)
    for line, revenue in by_line.items():
        assert shown[line] == pytest.approx(revenue, rel=1e-9)

    aov = traces(page, "regional_aov")[0]
    assert len(aov["y"]) == 1  # only the clicked country's region is left
    assert aov["x"][0] == pytest.approx(mine["revenue"].sum() / mine["orderNumber"].nunique())

    grid_countries = page.locator("#regional_grid .ag-row [col-id='country']").all_inner_texts()
    assert grid_countries == [country]
    watcher.assert_clean()


def test_sales_rep_tab_follows_the_click(regional, lines, canonical_tables) -> None:
    page, watcher = regional
    _click_country(page, watcher, "France")
    page.get_by_role("tab", name="By sales rep").click()
    expect(page.locator("#regional_by_salesrep .js-plotly-plot")).to_be_visible()
    employees = canonical_tables["employees"]
    names = employees.assign(name=employees["firstName"] + " " + employees["lastName"])
    customers = canonical_tables["customers"][["customerNumber", "salesRepEmployeeNumber"]]
    france = lines[lines["country"] == "France"].merge(customers, on="customerNumber")
    france = france.merge(
        names[["employeeNumber", "name"]],
        left_on="salesRepEmployeeNumber",
        right_on="employeeNumber",
        how="left",
    )
    golden = france.groupby("name")["revenue"].sum()
    shown = bars(page, "regional_by_salesrep")
    assert set(shown) == set(golden.index)
    for rep, revenue in golden.items():
        assert shown[rep] == pytest.approx(revenue, rel=1e-9)


def test_countries_grid_shows_every_column_at_desktop_width(regional) -> None:
    """The countries grid has a row of its own: its nine columns fit without a sideways
    scroll at 1920 px (beside the chart, four of them were hidden)."""
    page, _ = regional
    # the grid may still be drawing its columns and fitting them to its width
    expect(page.locator("#regional_grid .ag-header-cell")).to_have_count(9)
    viewport = page.locator("#regional_grid .ag-center-cols-viewport")
    scroll, visible = stable(page, lambda: viewport.evaluate("v => [v.scrollWidth, v.clientWidth]"))
    assert visible > 0 and scroll <= visible + 1
