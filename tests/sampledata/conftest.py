"""Fixtures of the sample-data tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sampledata_helpers import Rows, read_rows


@pytest.fixture(scope="session")
def canonical_rows(canonical_path: Path) -> Rows:
    return read_rows(f"sqlite:///{canonical_path}")


@pytest.fixture
def target_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty target of the engine the test is parametrised with (``kind``)."""
    kind = request.getfixturevalue("kind")
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'target.sqlite'}"
    if kind == "duckdb":
        return f"duckdb:///{tmp_path / 'target.duckdb'}"
    if kind == "postgresql":
        return str(request.getfixturevalue("postgres_server").new_database())
    return str(request.getfixturevalue("mariadb_server").new_database())
