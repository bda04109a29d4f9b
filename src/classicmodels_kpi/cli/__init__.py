"""The ``cmkpi`` command line. Each module registers its commands on the shared app."""

from classicmodels_kpi.cli import catalogue, info, kpis, sampledata, serve  # noqa: F401
from classicmodels_kpi.cli.app import app, main

__all__ = ["app", "main"]
