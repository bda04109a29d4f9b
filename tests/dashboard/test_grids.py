"""The grid builder: formatting, colours and server paging, checked against pandas.

Unit tests run the builder's functions on the canonical tables; the browser tests read computed
styles and cell texts of the served dashboard.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import dash
import pandas as pd
import pytest

from classicmodels_kpi.dashboard import grids

# -- columns --------------------------------------------------------------------------------------


def test_columns_carry_business_headers_formatters_and_filters() -> None:
    money = grids.column("revenue", "Revenue", "money_whole")
    assert money["headerName"] == "Revenue"
    assert "d3.format('$,.0f')" in money["valueFormatter"]["function"]
    assert money["filter"] == "agNumberColumnFilter"
    assert money["type"] == "rightAligned"
    pct = grids.column("on_time_pct", kind="pct")
    assert pct["headerName"] == "On time %"
    assert "' %'" in pct["valueFormatter"]["function"]
    day = grids.column("last_order_date", kind="date")
    assert day["filter"] == "agDateColumnFilter"
    assert day["cellDataType"] == "dateString"
    # typed as shown (2005-05-31), with the grid's usual reset button and single condition
    usual = grids.DEFAULT_COL_DEF["filterParams"]
    assert day["filterParams"] == {**usual, "browserDatePicker": False}
    assert grids.column("customerName")["headerName"] == "Customer name"
    key = grids.column("orderNumber", "Order", "id")
    assert "d3" not in key["valueFormatter"]["function"]  # 10100, never 10,100
    with pytest.raises(ValueError, match="unknown column kind"):
        grids.column("x", kind="percentage")


def test_category_styles_name_each_value_once_and_escape_quotes() -> None:
    conditions = grids.ABC_STYLE["styleConditions"]
    assert [c["condition"] for c in conditions] == [
        "params.value == 'A'",
        "params.value == 'B'",
        "params.value == 'C'",
    ]
    colours = {c["style"]["backgroundColor"] for c in conditions}
    assert len(colours) == 3
    status = grids.NEXT_ORDER_STYLE["styleConditions"]
    overdue = next(c for c in status if "'Overdue'" in c["condition"])
    assert overdue["style"] == {**grids.TONES["bad"], "fontWeight": 600}
    tricky = grids.category_style({"O'Brien": "good"})["styleConditions"][0]["condition"]
    assert tricky == "params.value == 'O\\'Brien'"


def test_graded_style_puts_the_highest_threshold_first() -> None:
    thresholds = [
        float(re.search(r">= ([\d.]+)", c["condition"]).group(1))
        for c in grids.LIFT_STYLE["styleConditions"]
    ]
    assert thresholds == sorted(thresholds, reverse=True)
    opacities = [
        float(c["style"]["backgroundColor"].rsplit(",", 1)[1].rstrip(")"))
        for c in grids.LIFT_STYLE["styleConditions"]
    ]
    assert opacities == sorted(opacities, reverse=True)


# -- rows -----------------------------------------------------------------------------------------


def test_records_have_plain_dates_nulls_and_no_nan() -> None:
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime(["2005-05-31", None]),
            "value": [1.5, float("nan")],
            "count": pd.array([3, None], dtype="Int64"),
            "flag": pd.array([True, None], dtype="boolean"),
        }
    )
    records = grids.to_records(frame)
    assert records == [
        {"day": "2005-05-31", "value": 1.5, "count": 3, "flag": "yes"},
        {"day": None, "value": None, "count": None, "flag": None},
    ]
    json.dumps(records)  # JSON-safe: no Timestamp, NA or NaN left


# -- paging ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def order_lines(canonical_tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    orders = canonical_tables["orders"].copy()
    orders["orderDate"] = pd.to_datetime(orders["orderDate"])
    lines = canonical_tables["orderdetails"].merge(
        orders[["orderNumber", "orderDate", "status"]], on="orderNumber"
    )
    lines["revenue"] = lines["quantityOrdered"] * lines["priceEach"]
    return lines


def test_a_page_request_filters_sorts_and_counts_like_pandas(order_lines: pd.DataFrame) -> None:
    request = {
        "startRow": 20,
        "endRow": 40,
        "sortModel": [{"colId": "revenue", "sort": "desc"}],
        "filterModel": {
            "productCode": {"filterType": "text", "type": "contains", "filter": "s18"},
            "quantityOrdered": {"filterType": "number", "type": "greaterThan", "filter": 30},
            "orderDate": {
                "filterType": "date",
                "type": "inRange",
                "dateFrom": "2004-01-01 00:00:00",
                "dateTo": "2004-12-31 00:00:00",
            },
        },
    }
    page, total = grids.apply_grid_request(order_lines, request)
    expected = order_lines[
        order_lines["productCode"].str.contains("S18")
        & (order_lines["quantityOrdered"] > 30)
        & order_lines["orderDate"].between("2004-01-01", "2004-12-31")
    ].sort_values("revenue", ascending=False, kind="stable")
    assert total == len(expected) > 40
    assert page["revenue"].tolist() == expected["revenue"].iloc[20:40].tolist()


def test_combined_conditions_and_blank_filters(order_lines: pd.DataFrame) -> None:
    either = {
        "status": {
            "filterType": "text",
            "operator": "OR",
            "conditions": [
                {"filterType": "text", "type": "equals", "filter": "cancelled"},
                {"filterType": "text", "type": "equals", "filter": "on hold"},
            ],
        }
    }
    _, total = grids.apply_grid_request(
        order_lines, {"startRow": 0, "endRow": 5, "filterModel": either}
    )
    assert total == order_lines["status"].isin(["Cancelled", "On Hold"]).sum()
    frame = pd.DataFrame({"comment": ["late", None, "", "ok"]})
    _, blank = grids.apply_grid_request(
        frame, {"filterModel": {"comment": {"filterType": "text", "type": "blank"}}}
    )
    assert blank == 2


def test_served_rows_come_from_the_stored_frame(order_lines: pd.DataFrame) -> None:
    key = grids.STORE.put(order_lines)
    answer = grids.serve_rows(
        {
            "startRow": 0,
            "endRow": 20,
            "sortModel": [{"colId": "orderDate", "sort": "desc"}],
            "context": {"frame": key},
        }
    )
    assert answer["rowCount"] == len(order_lines) == 2996
    assert len(answer["rowData"]) == 20
    assert answer["rowData"][0]["orderDate"] == "2005-05-31"
    json.dumps(answer)
    gone = grids.serve_rows({"startRow": 0, "endRow": 20, "context": {"frame": "grid-unknown"}})
    assert gone == {"rowData": [], "rowCount": 0}
    assert grids.serve_rows(None) is dash.no_update


def test_small_frames_ship_whole_and_large_ones_page_on_the_server(
    order_lines: pd.DataFrame,
) -> None:
    columns = [grids.column("revenue", "Revenue", "money"), grids.column("absent", "Absent")]
    small = grids.paged_grid.__wrapped__(order_lines.head(50), columnDefs=columns)
    assert len(small.rowData) == 50
    assert [c["field"] for c in small.columnDefs] == ["revenue"]  # absent columns dropped
    assert getattr(small, "rowModelType", None) is None
    large = grids.paged_grid.__wrapped__(order_lines, columnDefs=columns)
    assert large.rowModelType == "infinite"
    assert getattr(large, "rowData", None) is None  # nothing of the frame is shipped
    context = large.dashGridOptions["context"]
    assert context["rows"] == 2996
    pd.testing.assert_frame_equal(grids.STORE.get(context["frame"]), order_lines)
    assert large.dashGridOptions["pagination"] is True
    # the grid's column definitions sit at the top level, never inside dashGridOptions
    assert "columnDefs" not in large.dashGridOptions


def test_an_error_frame_shows_its_message() -> None:
    from classicmodels_kpi.catalogue import OutputColumn
    from classicmodels_kpi.dashboard.data import error_frame

    frame = error_frame((OutputColumn("revenue", "money", ""),), "cannot reach the server")
    grid = grids.paged_grid.__wrapped__(frame, columnDefs=[grids.column("revenue")])
    assert grid.rowData == [{"message": "Database error: cannot reach the server"}]


def test_source_paging_runs_in_the_database(canonical_path: Path, canonical_tables) -> None:
    from classicmodels_kpi.dashboard import data

    data.configure(str(canonical_path))
    source = data.catalogue_source("product_performance")
    answer = grids.serve_rows(
        {
            "startRow": 0,
            "endRow": 5,
            "sortModel": [{"colId": "revenue", "sort": "desc"}],
            "filterModel": {
                "productLine": {"filterType": "text", "type": "equals", "filter": "trains"}
            },
            "context": {"source": source},
        }
    )
    products = canonical_tables["products"]
    trains = products[products["productLine"] == "Trains"]
    assert answer["rowCount"] == len(trains)
    orders = canonical_tables["orders"]
    lines = canonical_tables["orderdetails"].merge(
        orders[orders["status"] != "Cancelled"][["orderNumber"]], on="orderNumber"
    )
    lines = lines[lines["productCode"].isin(trains["productCode"])]
    revenue = (lines["quantityOrdered"] * lines["priceEach"]).groupby(lines["productCode"]).sum()
    assert answer["rowData"][0]["productCode"] == revenue.idxmax()
    assert answer["rowData"][0]["revenue"] == pytest.approx(revenue.max())


# -- controls and the frame store -----------------------------------------------------------------


def test_fingerprint_tells_selections_apart(order_lines: pd.DataFrame) -> None:
    key = grids.fingerprint(order_lines)
    assert grids.fingerprint(order_lines.copy()) == key  # same rows, same key: stored once
    assert grids.fingerprint(order_lines[order_lines["status"] == "Shipped"]) != key
    changed = order_lines.copy()
    changed.loc[changed.index[1500], "quantityOrdered"] += 1  # one value in the middle
    assert grids.fingerprint(changed) != key
    reordered = order_lines.sort_values("revenue")
    assert grids.fingerprint(reordered) != key


def test_store_keeps_pickles_within_its_budget(order_lines: pd.DataFrame) -> None:
    store = grids.FrameStore(max_bytes=1)  # always over budget: only the newest is kept
    first = store.put(order_lines)
    second = store.put(order_lines.head(100))
    assert store.get(first) is None
    pd.testing.assert_frame_equal(store.get(second), order_lines.head(100))


def test_another_worker_finds_the_frame_in_the_shared_cache(
    tmp_path, order_lines: pd.DataFrame, monkeypatch
) -> None:
    from flask import Flask
    from vizro.managers import data_manager

    from classicmodels_kpi.dashboard import data

    cache = data.DashboardCache(
        config={"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path), "CACHE_THRESHOLD": 50}
    )
    cache.init_app(Flask("worker"))
    monkeypatch.setattr(data_manager, "cache", cache)
    key = grids.FrameStore().put(order_lines)  # one worker builds the page …
    assert any(tmp_path.iterdir())
    found = grids.FrameStore().get(key)  # … another answers the page request
    pd.testing.assert_frame_equal(found, order_lines)
