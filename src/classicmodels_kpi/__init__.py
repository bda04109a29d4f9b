"""Executive KPIs, report and SQL analytics catalogue over a ClassicModels sales database."""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    # importlib.metadata costs a fresh process tens of milliseconds: only what shows the
    # version (``cmkpi --version``, the report's footer, the demo file's name) pays for it.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("classicmodels-kpi")
    except PackageNotFoundError:  # running from a source tree without install
        return "0.0.0"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
