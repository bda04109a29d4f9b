"""The app as a whole: the faster build builds the same dashboard as Vizro's own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import classicmodels_kpi.dashboard as dashboard
from classicmodels_kpi.dashboard import build, create_app

#: Vizro's generated ids and the hashes Dash derives from them differ from build to build.
_GENERATED = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64}"
)


def _shape(app) -> str:
    """The callback wiring and the layout the browser receives, generated ids blanked.

    The callbacks are compared as a set: Vizro lists some of them in the order of their
    generated ids, which are random, so two builds of the same dashboard may list them in
    another order (the browser does not depend on it).
    """
    client = app.dash.server.test_client()
    callbacks = json.loads(_GENERATED.sub("ID", client.get("/_dash-dependencies").get_data(True)))
    wiring = sorted(json.dumps(c, sort_keys=True) for c in callbacks)
    layout = _GENERATED.sub("ID", client.get("/_dash-layout").get_data(as_text=True))
    return "\n".join(wiring) + "\n" + layout


def test_faster_build_builds_the_same_dashboard(
    canonical_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _shape(build(str(canonical_path)))
    monkeypatch.setattr(dashboard, "FAST_BUILD", False)
    plain = _shape(build(str(canonical_path)))
    assert fast.count('"output"') > 50  # the dashboard's callbacks are there
    assert fast == plain


def test_create_app_is_a_wsgi_app_serving_every_page(canonical_path: Path) -> None:
    client = create_app(str(canonical_path)).test_client()
    for path in ("/", "/regional", "/risks", "/opportunities", "/deep-dive"):
        response = client.get(path)
        assert response.status_code == 200
        assert "_dash-config" in response.get_data(as_text=True)
        # how long the server worked on the answer, for the browser's tools and the benchmark
        timing = response.headers["Server-Timing"]
        found = dict(re.findall(r"(\w+);dur=(\d+(?:\.\d+)?)", timing))
        assert set(found) == {"app", "cpu", "db"}, timing
        assert float(found["cpu"]) >= 0 and 0 < float(found["app"]) < 60_000
        assert 'db;dur=0.0;desc="0"' in timing  # a page's shell reads no data
    import dash

    paths = {page["path"] for page in dash.page_registry.values()}
    assert {"/", "/regional", "/risks", "/opportunities", "/deep-dive"} <= paths


def test_building_again_waits_for_the_previous_apps_warm_up(canonical_path: Path) -> None:
    """An earlier app's warm-up must end before the next build resets Dash's and Vizro's state:
    left running, it registers its callbacks into the next app (CI saw them duplicated)."""
    import threading

    import dash

    first = build(str(canonical_path))
    held = next(iter(dash.page_registry.values()))["layout"]
    held.lock.acquire()  # the warm-up waits on the first page until the timer below
    seen: dict[str, bool] = {}

    def release() -> None:
        layouts = [entry.get("layout") for entry in dash.page_registry.values()]
        seen["state_kept"] = any(layout is held for layout in layouts)
        held.lock.release()

    timer = threading.Timer(1.0, release)
    first.dash.server.test_client().get("/_dash-dependencies")  # starts the warm-up
    timer.start()
    second = build(str(canonical_path))
    timer.join()
    assert seen["state_kept"], "the second build reset the state while the warm-up ran"
    assert not any(t.name == "cmkpi-warm-up" for t in threading.enumerate())
    callbacks = second.dash.server.test_client().get("/_dash-dependencies").get_json()
    outputs = [c["output"] for c in callbacks]
    assert len(outputs) == len(set(outputs))


def test_plotly_js_is_the_dashboards_own_smaller_bundle(canonical_path: Path) -> None:
    """Where Dash's renderer asks for plotly.js, the dashboard answers its own bundle: the same
    plotly.js version as the plotly package, with only the dashboard's trace types."""
    from plotly.offline import get_plotlyjs, get_plotlyjs_version

    client = create_app(str(canonical_path)).test_client()
    url = f"/_dash-component-suites/plotly/{dashboard.PLOTLY_PATH}"
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    served = response.get_data()
    assert served == dashboard.PLOTLY_BUNDLE.read_bytes()
    head = served[:300].decode()
    assert re.search(
        rf"plotly\.js \(classicmodels-kpi dashboard: [^)]*\) v{get_plotlyjs_version()}\n", head
    )
    listed = set(re.search(r"dashboard: ([a-z, ]+) - minified", head).group(1).split(", "))
    assert listed == dashboard.PLOTLY_TRACES
    assert len(served) < len(get_plotlyjs()) / 3
    licence = dashboard.PLOTLY_BUNDLE.with_name("LICENSE-plotly-js").read_text()
    assert licence.startswith("MIT License")
    # unchanged on the next visit: the browser keeps its copy
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    # every other library script still comes from Dash
    other = client.get("/_dash-component-suites/dash/dcc/async-graph.js")
    assert other.status_code == 200 and b"Plotly" not in other.get_data()[:200]


def test_figures_carry_the_template_vizro_sends_as_the_dark_theme(canonical_path: Path) -> None:
    """The browser skips redrawing a figure whose template is already the theme's
    (assets/cmkpi-theme.js): that holds only while the two stay equal."""
    from classicmodels_kpi.dashboard import charts

    client = create_app(str(canonical_path)).test_client()
    layout = json.loads(client.get("/_dash-layout").get_data(as_text=True))

    def stores(node: object) -> list[dict]:
        if isinstance(node, dict):
            found = [node] if node.get("props", {}).get("id") == "vizro_themes" else []
            return found + [s for value in node.values() for s in stores(value)]
        if isinstance(node, list):
            return [s for value in node for s in stores(value)]
        return []

    (themes,) = stores(layout)
    sent = themes["props"]["data"]

    def template(cookie: str | None) -> dict:
        headers = {"Cookie": f"{charts.THEME_COOKIE}={cookie}"} if cookie else {}
        with client.application.test_request_context(headers=headers):
            drawn = charts.figure([{"type": "bar", "x": [1], "y": [2]}], {})
        return json.loads(drawn.to_json())["layout"]["template"]

    assert template(None) == sent["vizro_dark"] != sent["vizro_light"]
    assert template("dark") == sent["vizro_dark"]
    assert template("light") == sent["vizro_light"]
    assert template("<script>") == sent["vizro_dark"]


@pytest.mark.parametrize("encoding", ["zstd", "br", "gzip"])
def test_answers_are_compressed_for_browsers_that_accept_it(
    canonical_path: Path, encoding: str
) -> None:
    """Scripts, the page's layout and the plotly bundle leave compressed (5 MB of scripts on a
    first visit, over a network), decode to the same bytes, and a browser's copy, tagged by the
    encoding, is still answered "not modified" without sending the file again."""
    import gzip

    import brotli
    from backports import zstd

    decode = {"zstd": zstd.decompress, "br": brotli.decompress, "gzip": gzip.decompress}[encoding]
    client = create_app(str(canonical_path)).test_client()
    for url in (
        "/_dash-component-suites/dash/dcc/async-graph.js",
        f"/_dash-component-suites/plotly/{dashboard.PLOTLY_PATH}",
        "/_dash-layout",
    ):
        plain = client.get(url)
        packed = client.get(url, headers={"Accept-Encoding": encoding})
        assert plain.status_code == packed.status_code == 200, url
        assert "Content-Encoding" not in plain.headers
        assert packed.headers["Content-Encoding"] == encoding, url
        body = packed.get_data()
        assert len(body) < len(plain.get_data()) / 2, url
        assert decode(body) == plain.get_data(), url
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert "Server-Timing" in packed.headers
        etag = packed.headers.get("ETag")
        if etag:  # the browser asks again with the tag of the copy it holds
            again = client.get(url, headers={"Accept-Encoding": encoding, "If-None-Match": etag})
            assert again.status_code == 304, url
            assert again.get_data() == b""
