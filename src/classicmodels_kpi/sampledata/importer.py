"""``cmkpi import``: load the canonical MySQL dump of ClassicModels into any supported engine.

The dump is read by :mod:`.mysqldump` (no MySQL server needed); each value is then typed by the
ClassicModels schema (ints, exact decimals, calendar dates, text) so every engine receives the
same rows, and written through :func:`.writer.write_tables`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Date, Integer, LargeBinary, Numeric

from classicmodels_kpi.database import schema, tables
from classicmodels_kpi.database.connection import OPTIONAL_COLUMNS
from classicmodels_kpi.database.url import DbUrl
from classicmodels_kpi.errors import CmkpiError
from classicmodels_kpi.sampledata.mysqldump import DumpError, DumpTable, Value, parse_dump
from classicmodels_kpi.sampledata.writer import write_tables

#: The largest dump read (whole, into memory): the sample is 0.2 MB.
MAX_DUMP_BYTES = 2 * 2**30


def read_dump_file(path: Path) -> str:
    """The dump's text; a plain error when it is missing, a folder or not text."""
    if not path.exists():
        raise CmkpiError(f"no such file: {path}.")
    if path.is_dir():
        raise CmkpiError(f"{path} is a folder: give the .sql dump file.")
    if not path.is_file():  # a device (/dev/zero) or a pipe would be read without end
        raise CmkpiError(f"{path} is not a regular file: give the .sql dump file.")
    size = path.stat().st_size
    if size > MAX_DUMP_BYTES:
        raise CmkpiError(
            f"{path} is {size / 2**30:.1f} GiB: a ClassicModels dump is read whole, up to "
            f"{MAX_DUMP_BYTES // 2**30} GiB (for more data, load it into a database and use --db)."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CmkpiError(f"cannot read {path}: {exc.strerror or exc}.") from None
    if b"\0" in data[:65536]:
        raise CmkpiError(f"{path} is not a MySQL dump: it is a binary file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # old dumps in latin1


def dump_frames(text: str, source: str = "the dump") -> dict[str, pd.DataFrame]:
    """The eight ClassicModels tables of a dump's text, typed by the schema."""
    try:
        dumped = parse_dump(text)
    except DumpError as exc:
        raise DumpError(f"{source} is not a readable MySQL dump: {exc}") from None
    if not dumped:
        raise DumpError(
            f"{source} is not a MySQL dump: it has no CREATE TABLE or INSERT statement."
        )
    missing = [t for t in schema.TABLE_ORDER if t not in dumped]
    if missing:
        raise DumpError(
            f"{source} is not a ClassicModels dump: it lacks table"
            f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}."
        )
    return {name: _frame(dumped[name], name, source) for name in schema.TABLE_ORDER}


def _frame(dumped: DumpTable, table: str, source: str) -> pd.DataFrame:
    declared = dumped.insert_columns or list(dumped.columns)
    position = {c.lower(): i for i, c in enumerate(declared)}
    data: dict[str, list[Any]] = {}
    for column in tables.metadata.tables[table].columns:
        i = position.get(column.name.lower())
        if i is None:
            if (table, column.name) in OPTIONAL_COLUMNS or column.nullable:
                data[column.name] = [None] * len(dumped.rows)
                continue
            raise DumpError(f"{source} is not a ClassicModels dump: {table} lacks {column.name}.")
        convert = _converter(column.type)
        values = []
        for n, row in enumerate(dumped.rows, start=1):
            try:
                values.append(convert(row[i]))
            except (ValueError, TypeError, InvalidOperation):
                raise DumpError(
                    f"{source}: row {n} of {table} has {row[i]!r} in {column.name}, "
                    f"which is not a valid {_kind(column.type)}."
                ) from None
        data[column.name] = values
    return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in data.items()})


def _kind(sqltype: object) -> str:
    for cls, word in ((Integer, "integer"), (Numeric, "decimal number"), (Date, "date")):
        if isinstance(sqltype, cls):
            return word
    return "value"


def _converter(sqltype: object) -> Callable[[Value], Any]:
    if isinstance(sqltype, Integer):
        return _to_int
    if isinstance(sqltype, Numeric):
        return _to_decimal
    if isinstance(sqltype, Date):
        return _to_date
    if isinstance(sqltype, LargeBinary):
        return _to_bytes
    return _to_text


def _to_int(value: Value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        raise TypeError
    number = Decimal(str(value).strip())
    if number != number.to_integral_value():
        raise ValueError
    return int(number)


def _to_decimal(value: Value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        raise TypeError
    number = Decimal(str(value).strip())
    if not number.is_finite():
        raise ValueError
    return number


def _to_date(value: Value) -> date | None:
    if value is None:
        return None
    text = str(value).strip()
    if text.startswith("0000-00-00"):
        return None  # MySQL's "zero date": no date
    return datetime.fromisoformat(text).date() if len(text) > 10 else date.fromisoformat(text)


def _to_bytes(value: Value) -> bytes | None:
    if value is None or isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


def _to_text(value: Value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def import_dump(path: Path, url: DbUrl, *, replace: bool = False) -> dict[str, int]:
    """Load the dump at ``path`` into ``url``; rows written per table."""
    frames = dump_frames(read_dump_file(path), source=str(path))
    return write_tables(url, frames.items(), replace=replace)
