"""The writer: keys enforced where the engine has them, a failed load leaves nothing half-done."""

from __future__ import annotations

import pandas as pd
import pytest
from sampledata_helpers import ALL_ENGINES, read_rows
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from classicmodels_kpi.errors import DatabaseError, TargetNotEmptyError
from classicmodels_kpi.sampledata.generator import SyntheticData
from classicmodels_kpi.sampledata.writer import write_tables

FOREIGN_KEYS = 8  # as declared in classicmodels_kpi.database.schema


def _orphan_payment() -> list[tuple[str, pd.DataFrame]]:
    """Scale-0.1 data plus a payment from a customer who does not exist."""
    batches = list(SyntheticData(0.1, 1).batches())
    orphan = pd.DataFrame(
        {
            "customerNumber": [999_999],
            "checkNumber": ["ZZ000001"],
            "paymentDate": ["2004-01-05"],
            "amount": [10.0],
        }
    )
    return [*batches, ("payments", orphan)]


@pytest.mark.server
@pytest.mark.parametrize("kind", ["postgresql", "mysql"])
def test_foreign_keys_enforced_and_failed_load_rolled_back(kind: str, target_url: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        write_tables(make_url(target_url), _orphan_payment())
    assert "\n" not in str(caught.value) and "foreign key" in str(caught.value).lower()
    assert all(rows == [] for rows in read_rows(target_url).values())


@pytest.mark.parametrize("kind", ALL_ENGINES)
def test_foreign_keys_declared(kind: str, target_url: str) -> None:
    """Every engine but DuckDB (which rejects a valid employees tree) keeps the 8 keys."""
    write_tables(make_url(target_url), SyntheticData(0.1, 1).batches())
    if kind == "sqlite":
        sql = (
            "SELECT COUNT(*) FROM sqlite_master AS m, pragma_foreign_key_list(m.name) "
            "WHERE m.type = 'table'"
        )
    elif kind == "duckdb":
        sql = "SELECT COUNT(*) FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY'"
    else:
        sql = (
            "SELECT COUNT(*) FROM information_schema.table_constraints "
            "WHERE constraint_type = 'FOREIGN KEY' AND table_schema = "
            + ("current_schema()" if kind == "postgresql" else "DATABASE()")
        )
    engine = create_engine(target_url)
    with engine.connect() as conn:
        keys = conn.execute(text(sql)).scalar_one()
    engine.dispose()
    assert keys == (0 if kind == "duckdb" else FOREIGN_KEYS)


@pytest.mark.parametrize("kind", ALL_ENGINES)
def test_refuse_then_replace(kind: str, target_url: str) -> None:
    url = make_url(target_url)
    first = write_tables(url, SyntheticData(0.1, 1).batches())
    with pytest.raises(TargetNotEmptyError) as caught:
        write_tables(url, SyntheticData(0.2, 2).batches())
    assert caught.value.exit_code == 3
    assert len(read_rows(target_url)["orders"]) == first["orders"]
    second = write_tables(url, SyntheticData(0.2, 2).batches(), replace=True)
    assert second["orders"] != first["orders"]
    assert len(read_rows(target_url)["orders"]) == second["orders"]


#: (text written, text read back): quotes, backslashes, COPY's \N, line breaks, accents, empty.
TEXTS = [
    ("Men 'R' US", "Men 'R' US"),
    ('10" long\r\nnext line', '10" long\r\nnext line'),
    ("back\\slash \\N tab\t", "back\\slash \\N tab\t"),
    ("Åkergatan, Müller, København", "Åkergatan, Müller, København"),
    ("", ""),
]


@pytest.mark.parametrize("kind", ALL_ENGINES)
def test_text_round_trips(kind: str, target_url: str) -> None:
    batches = list(SyntheticData(0.1, 1).batches())
    offices = next(frame for table, frame in batches if table == "offices").copy()
    offices["addressLine2"] = offices["addressLine2"].astype(object)
    for row, (written, _) in enumerate(TEXTS):
        offices.loc[row, "addressLine2"] = written
    batches = [(t, offices if t == "offices" else f) for t, f in batches]
    write_tables(make_url(target_url), batches)
    stored = {row[0]: row[4] for row in read_rows(target_url)["offices"]}
    for row, (_, expected) in enumerate(TEXTS):
        assert stored[offices.loc[row, "officeCode"]] == expected, row
