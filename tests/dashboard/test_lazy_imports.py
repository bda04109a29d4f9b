"""Component classes defined on use: the page the browser gets is the one the libraries give.

Each probe is a fresh interpreter (a library imported once stays imported), built as
``cmkpi serve`` builds the dashboard.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DEFERRED = ("dash_mantine_components", "dash_html_components", "dash_core_components")

PROBE = """
import json, re, sys
from classicmodels_kpi.dashboard import create_app

client = create_app(sys.argv[1]).test_client()
page = client.get("/").get_data(as_text=True)
config = json.loads(re.search(r'id="_dash-config"[^>]*>(.*?)</script>', page, re.S).group(1))
import dash_mantine_components as dmc
from dash import dcc, html

checks = {
    "named_class": dmc.DatePickerInput.__name__,
    "from_import": __import__("dash_mantine_components", fromlist=["Select"]).Select.__name__,
    "scripts": dmc.Select._js_dist == dmc._js_dist,
    "graph": dcc.Graph.__module__,
    "div": html.Div.__module__,
}
try:
    dmc.NoSuchComponent
except AttributeError as missing:
    checks["missing"] = str(missing)
print(json.dumps({
    "children_props": config["children_props"],
    "scripts": re.findall(r'src="([^"]*dash_mantine_components[^"]*)"', page),
    "component_modules": sorted(  # a snapshot: the server's warm-up thread may be importing
        m for m in list(sys.modules)
        if m.startswith("dash_mantine_components.") and m[24:25].isupper()
    ),
    "checks": checks,
}))
"""


def served(canonical_path: Path, *, patches: bool) -> dict:
    env = dict(os.environ, CMKPI_VIZRO_PATCHES="1" if patches else "0")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(canonical_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def deferred(canonical_path: Path) -> dict:
    return served(canonical_path, patches=True)


@pytest.fixture(scope="module")
def eager(canonical_path: Path) -> dict:
    return served(canonical_path, patches=False)


def test_page_config_lists_every_components_children_props(deferred: dict, eager: dict) -> None:
    # What the browser is told about where components may sit inside a component's props
    # (label, leftSection…) is the same as when every class is defined on import.
    for namespace in DEFERRED:
        assert deferred["children_props"][namespace] == eager["children_props"][namespace]
    assert len(eager["children_props"]["dash_mantine_components"]) > 150
    assert eager["children_props"]["dash_mantine_components"]["DatePickerInput"]


def test_only_the_components_used_are_defined(deferred: dict, eager: dict) -> None:
    assert len(eager["component_modules"]) > 150
    assert 0 < len(deferred["component_modules"]) < 20
    assert "dash_mantine_components.DatePickerInput" in deferred["component_modules"]


def test_components_still_come_with_their_scripts(deferred: dict, eager: dict) -> None:
    assert deferred["scripts"] and deferred["scripts"] == eager["scripts"]
    checks = deferred["checks"]
    assert checks["named_class"] == "DatePickerInput"
    assert checks["from_import"] == "Select"
    assert checks["scripts"] is True
    assert checks["graph"] == "dash.dcc.Graph" and checks["div"] == "dash.html.Div"
    assert "NoSuchComponent" in checks["missing"]
