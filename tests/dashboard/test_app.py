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
        assert set(found) == {"app", "cpu"}, timing
        assert float(found["cpu"]) >= 0 and 0 < float(found["app"]) < 60_000
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
