"""The ``cmkpi`` command line. Each module registers its commands on the shared app."""

from classicmodels_kpi.cli import info  # noqa: F401  (registers commands)
from classicmodels_kpi.cli.app import app, main

__all__ = ["app", "main"]
