"""``cmkpi import``: the canonical dump lands in every engine equal to the sample, row for row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sampledata_helpers import ALL_ENGINES, Rows, cmkpi, one_error_line, read_rows, run_main
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


def test_cli_import_then_refuse_then_replace(
    tmp_path: Path, dump_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cli.sqlite"
    first = run_main(["import", str(dump_path), "--to", str(target)], capsys)
    assert first.returncode == 0, first.stderr
    assert "orderdetails 2,996" in first.stderr

    again = cmkpi("import", str(dump_path), "--to", str(target))
    assert "add --replace" in one_error_line(again, code=3)

    with sqlite3.connect(target) as conn:
        conn.execute("DELETE FROM payments WHERE customerNumber = 103")
        conn.execute("CREATE TABLE notes (x TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    replaced = run_main(
        ["import", str(dump_path), "--to", f"sqlite:///{target}", "--replace"], capsys
    )
    assert replaced.returncode == 0, replaced.stderr
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 273
        assert conn.execute("SELECT x FROM notes").fetchall() == [("keep me",)]


def test_cli_missing_file_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "never.sqlite"
    missing = cmkpi("import", str(tmp_path / "nope.sql"), "--to", str(target))
    assert "no such file" in one_error_line(missing)
    assert not target.exists()


def test_cli_bad_inputs_give_one_line(
    tmp_path: Path, canonical_path: Path, dump_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = str(tmp_path / "never.sqlite")
    text = tmp_path / "notes.sql"
    text.write_text("hello, this is not SQL at all\n")
    cases = [
        (["import", str(canonical_path), "--to", target], "not a MySQL dump: it is a binary"),
        (["import", str(text), "--to", target], "not a MySQL dump: it has no CREATE TABLE"),
        (["import", str(tmp_path), "--to", target], "is a folder"),
        (["import", str(dump_path), "--to", str(tmp_path / "data.txt")], "cannot tell the engine"),
        (["import", str(dump_path), "--to", ""], "--to is empty"),
        (["import", str(dump_path), "--to", "oracle://u@h/db"], "unsupported database engine"),
        (["import", str(dump_path), "--to", str(tmp_path)], "is a folder"),
    ]
    for args, words in cases:
        assert words in one_error_line(run_main(args, capsys)), args
    assert not (tmp_path / "never.sqlite").exists()


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
        (lambda s: s.replace("(103,'HQ336336'", "(103,'HQ336336;"), "line 3632"),
    ],
)  # fmt: skip
def test_damaged_dump_names_the_problem(edit: object, words: str, dump_path: Path) -> None:
    text = edit(dump_path.read_bytes().decode("utf-8"))  # type: ignore[operator]
    with pytest.raises(CmkpiError) as caught:
        dump_frames(text, source="damaged.sql")
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_cli_damaged_dump_exit_2(
    tmp_path: Path, dump_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "damaged.sql"
    damaged.write_bytes(dump_path.read_bytes().replace(b"'2004-10-19'", b"'2004-13-19'"))
    result = run_main(["import", str(damaged), "--to", str(tmp_path / "t.duckdb")], capsys)
    assert "'2004-13-19' in paymentDate, which is not a valid date" in one_error_line(result)
    assert not (tmp_path / "t.duckdb").exists()
