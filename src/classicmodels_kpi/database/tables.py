"""The ClassicModels tables as SQLAlchemy objects, built from :mod:`.schema`, for creating
databases (``cmkpi import`` and ``cmkpi generate``) and typing the rows written to them."""

from __future__ import annotations

import re

from sqlalchemy import (
    Column,
    Date,
    ForeignKeyConstraint,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeEngine

from classicmodels_kpi.database import schema

_PLAIN_TYPES: dict[str, type[TypeEngine[object]]] = {
    "int": Integer,
    "smallint": SmallInteger,
    "text": Text,
    "blob": LargeBinary,
    "date": Date,
}
_SIZED = re.compile(r"^(varchar|decimal)\((\d+)(?:,(\d+))?\)$")


def column_type(spec: str) -> TypeEngine[object]:
    """The SQLAlchemy type of a schema type such as ``varchar(50)`` or ``decimal(10,2)``."""
    if spec in _PLAIN_TYPES:
        return _PLAIN_TYPES[spec]()
    sized = _SIZED.match(spec)
    if sized is None:
        raise ValueError(f"unknown column type in the schema: {spec!r}")
    kind, size, scale = sized.groups()
    if kind == "varchar":
        return String(int(size))
    return Numeric(int(size), int(scale or 0))


def build_metadata(*, foreign_keys: bool = True) -> MetaData:
    """The eight tables, with or without their foreign keys."""
    built = MetaData()
    for table, lines in schema.TABLES.items():
        columns = []
        for line in lines:
            name, spec, *rest = line.split()
            nullable = rest != ["not", "null"]
            columns.append(Column(name, column_type(spec), nullable=nullable, autoincrement=False))
        keys = [
            ForeignKeyConstraint([column], [target])
            for column, target in (schema.FOREIGN_KEYS.get(table, ()) if foreign_keys else ())
        ]
        Table(table, built, *columns, PrimaryKeyConstraint(*schema.PRIMARY_KEYS[table]), *keys)
    return built


metadata = build_metadata()


def metadata_without_foreign_keys() -> MetaData:
    """The same tables with no foreign keys: DuckDB checks a self-reference (employees.reportsTo)
    row by row inside one INSERT and rejects a valid tree, so DuckDB targets go without them."""
    return build_metadata(foreign_keys=False)
