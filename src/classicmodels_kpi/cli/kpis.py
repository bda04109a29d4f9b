"""Commands of the kpis area (filled in by its owner)."""

from classicmodels_kpi.cli.app import app  # noqa: F401
