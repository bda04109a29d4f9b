"""The dashboard's pages, in navigation order; each module's ``page()`` describes one page.

Page modules register their data sources inside ``page()`` (never at import), so building the
dashboard again after ``Vizro._reset()`` registers them again.
"""

from __future__ import annotations

import importlib

import vizro.models as vm

#: (module, path) in navigation order.
PAGES: tuple[tuple[str, str], ...] = (
    ("executive", "/"),
    ("regional", "/regional"),
    ("risks", "/risks"),
    ("opportunities", "/opportunities"),
    ("deep_dive", "/deep-dive"),
)

TITLE = "ClassicModels KPIs"


def pages() -> list[vm.Page]:
    found = []
    for module, _ in PAGES:
        name = f"{__name__}.{module}"
        try:
            found.append(importlib.import_module(name).page())
        except ModuleNotFoundError as exc:  # TODO(D1): remove once all five pages exist
            if exc.name != name:
                raise
    return found


def dashboard() -> vm.Dashboard:
    return vm.Dashboard(
        title=TITLE,
        pages=pages(),
        theme="vizro_dark",
        navigation=vm.Navigation(nav_selector=vm.NavBar()),
    )
