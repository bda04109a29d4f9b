"""The database layer: open any supported engine read-only, check the schema, run SQL."""

from classicmodels_kpi.database.connection import Database, connect
from classicmodels_kpi.database.url import ENV_VAR, display, mask, parse_db

__all__ = ["ENV_VAR", "Database", "connect", "display", "mask", "parse_db"]
