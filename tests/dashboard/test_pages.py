"""Every page in a real browser: loads clean and offline, both themes, 1920 px and a 390 px phone.

Screenshots of each page go to test-artifacts/screenshots/<page>-<theme>-<width>.png.
Two loads per page (desktop, then phone); the theme is toggled in place.
"""

from __future__ import annotations

import contextlib

import pytest
from dashboard_browser import (
    DESKTOP,
    PAGES,
    PHONE,
    PageWatch,
    axis_labels,
    cut_grid_headers,
    cut_grid_values,
    horizontal_overflow,
    open_page,
    set_theme,
    shoot,
    stable,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from classicmodels_kpi.dashboard import PLOTLY_TRACES

pytestmark = pytest.mark.browser

#: The font colour Plotly uses in the first graph of the page (None: the page has no graph).
_GRAPH_FONT = """() => {
  const gd = document.querySelector('#page-components .js-plotly-plot');
  return gd && gd._fullLayout ? gd._fullLayout.font.color : null;
}"""


#: The trace types plotly.js in the page draws (none before a chart loads it), and those of the
#: page's charts.
_TRACE_TYPES = """() => {
  const used = [];
  document.querySelectorAll('.js-plotly-plot').forEach(
    gd => (gd.data || []).forEach(t => used.push(t.type || 'scatter')));
  return {known: window.Plotly ? Object.keys(window.Plotly.PlotSchema.get().traces) : [], used};
}"""


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    yield page, PageWatch(page).attach()
    context.close()


def test_navigation_lists_every_page(tab, dashboard_url: str) -> None:
    page, watcher = tab
    open_page(page, dashboard_url, "/", watcher, timeout=90)
    links = page.eval_on_selector_all(
        "#nav-bar a, #nav-panel a", "els => els.map(e => e.getAttribute('href'))"
    )
    for _, path in PAGES:
        assert any(link == path or link.endswith(path) for link in links), (path, links)


@pytest.mark.parametrize(("slug", "path"), PAGES, ids=[slug for slug, _ in PAGES])
def test_page_in_both_themes_and_on_a_phone(tab, dashboard_url: str, slug: str, path: str) -> None:
    page, watcher = tab
    watcher.clear()
    page.set_viewport_size(DESKTOP)
    open_page(page, dashboard_url, path, watcher, timeout=90)
    set_theme(page, "dark", watcher)
    watcher.assert_clean()  # no console error, no failed request, nothing fetched off 127.0.0.1
    assert page.locator("#page-components").inner_text().strip(), "the page shows nothing"
    drawn = page.evaluate(_TRACE_TYPES)
    assert set(drawn["used"]) <= set(drawn["known"]), "a chart of a type plotly.js lacks"
    if drawn["used"]:  # plotly.js is loaded with the first chart: the dashboard's own bundle
        assert set(drawn["known"]) == PLOTLY_TRACES
    dark_font = page.evaluate(_GRAPH_FONT)
    # widths the grids settle on (they fit their columns to the page once drawn)
    assert stable(page, lambda: cut_grid_values(page)) == [], "grid values cut short at 1920 px"
    assert stable(page, lambda: cut_grid_headers(page)) == [], "grid headers cut short at 1920 px"
    # a desktop keeps plotly's own ticks: only a narrow chart is redrawn with fewer
    assert [a for a in axis_labels(page) if a[1] or a[2]] == [], "axis labels thinned or turned"
    shoot(page, slug, "dark", DESKTOP["width"])

    set_theme(page, "light", watcher)
    light_font = page.evaluate(_GRAPH_FONT)
    if dark_font is not None:
        assert light_font != dark_font, "the charts did not follow the light theme"
    shoot(page, slug, "light", DESKTOP["width"])

    page.set_viewport_size(PHONE)  # a phone opens the page at its own size
    open_page(page, dashboard_url, path, watcher, timeout=90)
    # what the layout settles on: charts resize and grids fit and unpin columns once drawn
    assert stable(page, lambda: horizontal_overflow(page)) <= 1, "the phone view scrolls sideways"
    assert stable(page, lambda: cut_grid_values(page)) == [], "grid values cut short on a phone"
    assert stable(page, lambda: cut_grid_headers(page)) == [], "grid headers cut short on a phone"
    assert [a for a in axis_labels(page) if a[2]] == [], "axis labels on their side on a phone"
    shoot(page, slug, "light", PHONE["width"])
    set_theme(page, "dark", watcher)
    shoot(page, slug, "dark", PHONE["width"])
    if page.locator("#collapse-icon").is_visible():  # a page with filters (not Deep Dive)
        # the filter panel, opened, fits beside the icon bar
        page.click("#collapse-icon")
        page.wait_for_function(
            "document.querySelector('#left-side').getBoundingClientRect().width > 0"
        )
        side = page.locator("#left-side")  # where the panel ends once it has slid open
        panel = stable(page, lambda: side.evaluate("e => e.getBoundingClientRect().right"))
        assert panel <= PHONE["width"] + 1, "the phone's filter panel runs off the screen"
        page.click("#collapse-icon")
    watcher.assert_clean()


#: Counts plotly.js's draws per chart: Plotly.react, as dcc.Graph calls it, wrapped on load.
_COUNT_DRAWS = """
(() => {
  window.__draws = new Map();
  let plotly;
  Object.defineProperty(window, 'Plotly', {configurable: true, get() { return plotly; }, set(v) {
    const react = v.react;
    v.react = function (gd, ...rest) {
      window.__draws.set(gd, (window.__draws.get(gd) || 0) + 1);
      return react.call(this, gd, ...rest);
    };
    plotly = v;
  }});
})();
"""
_DRAWS = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .map(gd => [gd.id, window.__draws.get(gd) || 0])"""
_DRAWN_AT_LEAST = """(n) => {
  const all = Array.from(document.querySelectorAll('.js-plotly-plot'));
  return all.length > 0 && all.every(gd => (window.__draws.get(gd) || 0) >= n);
}"""


def _draws(page, at_least: int) -> list:
    """Draws per chart, once each has had ``at_least`` and the counts hold still (a chart's
    data draw comes a moment after Dash is idle; a draw too many must still show)."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(_DRAWN_AT_LEAST, arg=at_least)
    return stable(page, lambda: page.evaluate(_DRAWS))


def test_each_chart_is_drawn_once_with_its_data(browser, dashboard_url: str) -> None:
    """Vizro's placeholder, then the figure with its data and the theme already on it: two
    draws per chart, not a third for the theme (that one redrew every chart from scratch)."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(_COUNT_DRAWS)
    page = context.new_page()
    watcher = PageWatch(page).attach()
    try:
        open_page(page, dashboard_url, "/regional", watcher, timeout=90)
        set_theme(page, "dark", watcher)
        draws = _draws(page, 2)
        assert len(draws) >= 3, draws
        assert all(count == 2 for _, count in draws), draws
        font = page.evaluate(_GRAPH_FONT)
        set_theme(page, "light", watcher)  # a real change of theme still redraws every chart
        assert all(count == 3 for _, count in _draws(page, 3))
        light_font = page.evaluate(_GRAPH_FONT)
        assert light_font != font
        # the next visit in light: the server sends the light theme, each chart drawn once
        open_page(page, dashboard_url, "/regional", watcher, timeout=90)
        assert all(count == 2 for _, count in _draws(page, 2))
        assert page.evaluate(_GRAPH_FONT) == light_font
        watcher.assert_clean()
    finally:
        context.close()
