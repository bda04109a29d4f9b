"""Fixtures of the insights tests: the canonical database and helpers to read headline numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from classicmodels_kpi.database import Database, connect, parse_db

NUMBER = re.compile(r"[-+]?\$?\d[\d,]*(?:\.\d+)?")


@pytest.fixture(scope="module")
def canonical_db(canonical_path: Path) -> Iterator[Database]:
    db = connect(parse_db(str(canonical_path)))
    yield db
    db.close()


def flatten(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for v in value.values():
            yield from flatten(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from flatten(v)
    else:
        yield value


def numbers_in(text: str, strings: list[str]) -> list[float]:
    """The numbers written in ``text``, once the names it quotes (which may hold digits:
    '1949 Jaguar XK 120') are taken out."""
    for s in sorted(strings, key=len, reverse=True):
        text = text.replace(s, " ")
    return [float(m.replace("$", "").replace(",", "")) for m in NUMBER.findall(text)]


@pytest.fixture(scope="session")
def headline_numbers():
    return numbers_in


@pytest.fixture(scope="session")
def flat_values():
    return flatten
