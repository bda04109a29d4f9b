"""Files the product writes (``cmkpi query -o``, ``cmkpi report -o``): checked before any work,
written with one plain error line when the system refuses.

The product only ever reads a database, so an output that would replace one is refused: the
database being read (``-o`` naming the ``--db`` file once turned it into CSV text) or any other
SQLite or DuckDB file. Any other existing file is replaced, as shells and most tools do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import pandas as pd

from classicmodels_kpi.errors import ParameterError

T = TypeVar("T")


def check_output_file(output: str | Path, example: str = "result.csv") -> Path:
    """The file to write; ParameterError before any work when it must not or cannot be."""
    from classicmodels_kpi.database.connection import ENGINE_LABELS, database_file_kind

    path = Path(output).expanduser()
    if str(output) == "-":
        raise ParameterError("-o - is not standard output here: leave -o out to print.")
    if path.is_dir():
        raise ParameterError(f"{path} is a folder: give a file name (-o {example}).")
    if not path.parent.is_dir():
        raise ParameterError(
            f"the folder {path.parent} does not exist: create it or choose another."
        )
    kind = database_file_kind(path)
    if kind is not None:
        raise ParameterError(
            f"{path} is a {ENGINE_LABELS[kind]} database: writing there would replace it. "
            "Choose another file name."
        )
    return path


def write_output(path: Path, write: Callable[[Path], T]) -> T:
    """``write(path)``; a refusal of the system (no space, no permission, …) becomes one line."""
    try:
        return write(path)
    except OSError as exc:
        raise ParameterError(f"cannot write {path}: {exc.strerror or exc}.") from None


def write_xlsx(frame: pd.DataFrame, target: Path | IO[bytes]) -> None:
    """The frame as a workbook whose cells hold the data as data (``cmkpi query -o x.xlsx``
    and the dashboard's XLSX downloads).

    Text is never a formula: a customer named ``=HYPERLINK(…)`` stays text (pandas would write
    a live formula, a spreadsheet injection). Characters a workbook cannot hold (control
    characters) are left out, where openpyxl failed halfway and left a broken file.
    """
    import pandas as pd
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    clean = _text_changed(frame, lambda v: ILLEGAL_CHARACTERS_RE.sub("", v))
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        clean.to_excel(writer, index=False)
        for sheet in writer.sheets.values():
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # only text can have become one: data has none
                        cell.data_type = "s"


#: What a spreadsheet reads as the start of a formula in a CSV cell (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV for a spreadsheet (the dashboard's CSV downloads): text that a
    spreadsheet would run as a formula (a customer named ``=HYPERLINK(…)``) starts with ``'``.

    Only text is touched; numbers (negative ones included) and dates are written as they are.
    ``cmkpi query --format csv`` is for programs and writes every value verbatim.
    """
    safe = _text_changed(frame, lambda v: "'" + v if v.startswith(FORMULA_STARTS) else v)
    return safe.to_csv(index=False)


def _text_changed(frame: pd.DataFrame, change: Callable[[str], str]) -> pd.DataFrame:
    """A copy with ``change`` applied to every text value, in object columns and in pandas'
    string columns alike (the dashboard's cache keeps text as Arrow strings)."""
    import pandas as pd

    changed = frame.copy()
    for name in changed.columns:
        column = changed[name]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            changed[name] = [change(v) if isinstance(v, str) else v for v in column]
    return changed
