"""Which database a command reads: ``--db``, else ``CMKPI_DATABASE_URL``, else the embedded demo."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from classicmodels_kpi.database.connection import Database, DuckdbSetting, connect
from classicmodels_kpi.database.url import ENV_VAR, parse_db


def open_database(
    db: str | None = None,
    *,
    say: Callable[[str], None] | None = None,
    duckdb_settings: Mapping[str, DuckdbSetting] | None = None,
) -> Database:
    """Open the database the user named, or the demo database (created on first use).

    ``duckdb_settings``: see :func:`~classicmodels_kpi.database.connection.connect`.
    """
    # An explicit but empty --db is a mistake to report, not a request for the demo.
    value = db if db is not None else (os.environ.get(ENV_VAR) or None)
    if value is None:
        from classicmodels_kpi.sampledata.demo import demo_database_url

        return connect(demo_database_url(say=say), duckdb_settings=duckdb_settings)
    return connect(parse_db(value), duckdb_settings=duckdb_settings)
