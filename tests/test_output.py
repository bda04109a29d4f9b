"""Files for spreadsheets: text stays text, numbers and dates stay what they are."""

from __future__ import annotations

import io

import pandas as pd

from classicmodels_kpi.output import spreadsheet_csv


def test_csv_for_a_spreadsheet_defuses_formulas_in_text_only() -> None:
    hostile = '=HYPERLINK("http://example.invalid","x")'
    frame = pd.DataFrame(
        {
            "customerName": [hostile, "+1 Toys", "-Minus Co", "@home", "Atelier", None],
            "balance": [-12.5, 3.0, 0.0, 1.0, 2.0, 4.0],
            "orderDate": pd.to_datetime(["2005-05-31"] * 6),
        }
    )
    frame["arrow_text"] = pd.Series(["=1+1", "ok", "ok", "ok", "ok", "ok"], dtype="string")
    text = spreadsheet_csv(frame)
    back = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert back["customerName"].tolist() == [
        "'" + hostile,
        "'+1 Toys",
        "'-Minus Co",
        "'@home",
        "Atelier",
        "",
    ]
    assert back["arrow_text"].tolist()[0] == "'=1+1"
    assert back["balance"].tolist() == [-12.5, 3.0, 0.0, 1.0, 2.0, 4.0]  # numbers untouched
    assert back["orderDate"].tolist() == ["2005-05-31"] * 6
    assert frame["customerName"].iloc[0] == hostile  # the caller's frame is left as it was


def test_xlsx_drops_control_characters_from_string_columns_too(tmp_path) -> None:
    """The dashboard's cache keeps text as pandas string columns, not object ones."""
    from classicmodels_kpi.output import write_xlsx

    frame = pd.DataFrame({"customerName": pd.Series(["Bad\x01Name", "=1+1"], dtype="string")})
    target = tmp_path / "x.xlsx"
    write_xlsx(frame, target)
    assert pd.read_excel(target)["customerName"].tolist() == ["BadName", "=1+1"]
