"""``cmkpi import``: the canonical dump lands in every engine equal to the sample, row for row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sampledata_helpers import ALL_ENGINES, Rows, cmkpi, read_rows
from sqlalchemy.engine import make_url

from classicmodels_kpi.database.schema import TABLE_ORDER
from classicmodels_kpi.errors import CmkpiError
from classicmodels_kpi.sampledata.importer import dump_frames, import_dump


@pytest.mark.parametrize("kind", ALL_ENGINES)
def test_import_equals_canonical_row_for_row(
    kind: str, target_url: str, dump_path: Path, canonical_rows: Rows
) -> None:
    counts = import_dump(dump_path, make_url(target_url))
    imported = read_rows(target_url)
    for table in TABLE_ORDER:
        assert counts[table] == len(canonical_rows[table]), table
        assert imported[table] == canonical_rows[table], table


def test_escapes_survive_exactly(tmp_path: Path, dump_path: Path) -> None:
    """The texts with \\', \\" and \\r\\n in the dump, checked against the canonical file."""
    target = tmp_path / "escapes.sqlite"
    import_dump(dump_path, make_url(f"sqlite:///{target}"))
    with sqlite3.connect(target) as conn:
        names = {r[0] for r in conn.execute("SELECT customerName FROM customers")}
        description = conn.execute(
            "SELECT productDescription FROM products WHERE productCode = 'S18_3136'"
        ).fetchone()[0]
        quoted = conn.execute(
            "SELECT productDescription FROM products WHERE productCode = 'S12_3148'"
        ).fetchone()[0]
    assert "La Corne D'abondance, Co." in names
    assert "Men 'R' US Retailers, Ltd." in names
    assert "hand-assembled with many different parts.\r\n\r\nThis collectible" in description
    assert 'about 10" long' in quoted


def test_cli_import_then_refuse_then_replace(tmp_path: Path, dump_path: Path) -> None:
    target = tmp_path / "cli.sqlite"
    first = cmkpi("import", str(dump_path), "--to", str(target))
    assert first.returncode == 0, first.stderr
    assert "orderdetails 2,996" in first.stderr

    again = cmkpi("import", str(dump_path), "--to", str(target))
    assert again.returncode == 3
    assert again.stderr.strip().count("\n") == 0
    assert "--replace" in again.stderr and "Traceback" not in again.stderr

    with sqlite3.connect(target) as conn:
        conn.execute("DELETE FROM payments WHERE customerNumber = 103")
        conn.execute("CREATE TABLE notes (x TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    replaced = cmkpi("import", str(dump_path), "--to", f"sqlite:///{target}", "--replace")
    assert replaced.returncode == 0, replaced.stderr
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 273
        assert conn.execute("SELECT x FROM notes").fetchall() == [("keep me",)]


def _one_error_line(result: object, code: int = 2) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)  # type: ignore[attr-defined]
    err = result.stderr.strip()  # type: ignore[attr-defined]
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err
    return err


def test_cli_bad_files_give_one_line(tmp_path: Path, canonical_path: Path) -> None:
    target = tmp_path / "never.sqlite"
    missing = cmkpi("import", str(tmp_path / "nope.sql"), "--to", str(target))
    assert "no such file" in _one_error_line(missing)
    binary = cmkpi("import", str(canonical_path), "--to", str(target))
    assert "not a MySQL dump" in _one_error_line(binary)
    text = tmp_path / "notes.sql"
    text.write_text("hello, this is not SQL at all\n")
    plain = cmkpi("import", str(text), "--to", str(target))
    assert "not a MySQL dump" in _one_error_line(plain)
    assert not target.exists()


def test_cli_bad_target_gives_one_line(dump_path: Path, tmp_path: Path) -> None:
    result = cmkpi("import", str(dump_path), "--to", str(tmp_path / "data.txt"))
    assert "cannot tell the engine" in _one_error_line(result)


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda s: s.replace("CREATE TABLE `payments`", "CREATE TABLE `paid`").replace(
            "into `payments`", "into `paid`"), "lacks table payments"),
        (lambda s: s.replace("'2003-01-06','2003-01-13'", "'2003-02-30','2003-01-13'"),
         "row 1 of orders has '2003-02-30' in orderDate, which is not a valid date"),
        (lambda s: s.replace("(10100,'S18_1749',30,", "(10100,'S18_1749','thirty',"),
         "not a valid integer"),
        (lambda s: s.replace("'6066.78'", "'6,066.78'"), "not a valid decimal number"),
        (lambda s: s.replace("(103,'HQ336336'", "(103,'HQ336336;"), "unterminated"),
    ],
)  # fmt: skip
def test_damaged_dump_names_the_problem(edit: object, words: str, dump_path: Path) -> None:
    text = edit(dump_path.read_text(encoding="utf-8"))  # type: ignore[operator]
    with pytest.raises(CmkpiError) as caught:
        dump_frames(text, source="damaged.sql")
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_cli_damaged_dump_exit_2(tmp_path: Path, dump_path: Path) -> None:
    damaged = tmp_path / "damaged.sql"
    damaged.write_text(
        dump_path.read_text(encoding="utf-8").replace("'2004-10-19'", "'2004-13-19'")
    )
    result = cmkpi("import", str(damaged), "--to", str(tmp_path / "t.duckdb"))
    assert "not a valid date" in _one_error_line(result)
