"""The dashboard's pages, in navigation order; each module's ``page()`` describes one page.

Page modules register their data sources inside ``page()`` (never at import), so building the
dashboard again after ``Vizro._reset()`` registers them again.
"""

from __future__ import annotations

import importlib

import vizro.models as vm

#: (module, path) in navigation order; the module name is also the page id.
PAGES: tuple[tuple[str, str], ...] = (
    ("executive", "/"),
    ("regional", "/regional"),
    ("risks", "/risks"),
    ("opportunities", "/opportunities"),
    ("deep_dive", "/deep-dive"),
)
#: Navigation label and Material icon of each page.
NAVIGATION: dict[str, tuple[str, str]] = {
    "executive": ("Executive", "Dashboard"),
    "regional": ("Regional", "Public"),
    "risks": ("Risks & Diagnostics", "Warning"),
    "opportunities": ("Opportunities", "Lightbulb"),
    "deep_dive": ("Deep Dive", "Table View"),
}

TITLE = "ClassicModels KPIs"


def pages() -> list[vm.Page]:
    return [importlib.import_module(f"{__name__}.{module}").page() for module, _ in PAGES]


def dashboard() -> vm.Dashboard:
    return vm.Dashboard(
        title=TITLE,
        pages=pages(),
        theme="vizro_dark",
        navigation=vm.Navigation(
            nav_selector=vm.NavBar(
                items=[
                    vm.NavLink(label=label, pages=[module], icon=icon)
                    for module, (label, icon) in NAVIGATION.items()
                ]
            )
        ),
    )
