"""Executive KPIs, report and SQL analytics catalogue over a ClassicModels sales database."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("classicmodels-kpi")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"
