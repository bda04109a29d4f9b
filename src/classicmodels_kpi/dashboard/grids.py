"""AG Grids for the dashboard: business headers, formatted values, colours that show, server paging.

Why these choices:

* **Column definitions at the top level** of the grid (never inside ``dashGridOptions``, where
  AG Grid ignores them and auto-generated columns win: the original's bug). Every column gets a
  header in business words, a formatter for its kind (``formatting.value_formatter``: money,
  percent, count, date) and a matching filter, so no raw float and no ``T00:00:00`` reaches the
  screen.
* **Dates travel as ``YYYY-MM-DD`` text** with AG Grid's ``dateString`` data type: the date
  filter still works and nothing can render a time part.
* **Conditional colours** are ``cellStyle.styleConditions`` with translucent backgrounds: the
  cell's text keeps the theme's colour, so one style reads in the dark and in the light theme.
* **Paging on the server for large data.** A grid whose frame (already filtered by the page's
  controls) has at most :data:`CLIENT_ROW_LIMIT` rows ships them all, and AG Grid sorts, filters
  and pages in the browser. A larger frame is never shipped: the grid switches to AG Grid's
  *infinite row model* and a Dash callback answers each ``getRowsRequest`` with one page, after
  applying the grid's own sort and column filters. The rows come either from the filtered frame,
  kept on the server (in an in-process LRU, sharing memory with the cached data, and in
  Vizro's data cache when gunicorn workers share it, so any worker can answer), or, for the
  catalogue explorer's longest results, straight from the database one page at a time
  (``data.page_rows``). The pagination panel counts every row (``1 to 20 of 122,000``): the
  visible count is honest and what a page sends does not grow with the data. Nothing is capped
  in a page's grids, so no "top N of M" caption is needed there.
* **Export** (:func:`export_buttons`) is Vizro's ``export_data``: it writes the rows the page's
  controls select (the whole filtered frame, not only the page on screen), as CSV or XLSX. The
  grid's own column filters are a way of looking, not a selection: they do not change exports.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import Any

import dash
import dash_ag_grid as dag
import numpy as np
import pandas as pd
import vizro.actions as va
import vizro.models as vm
from dash import Input, Output
from vizro.managers import data_manager
from vizro.models.types import capture

from classicmodels_kpi.catalogue import get_query
from classicmodels_kpi.dashboard import formatting as fmt
from classicmodels_kpi.dashboard.data import data_error, is_placeholder, page_rows
from classicmodels_kpi.errors import CmkpiError

#: Largest frame sent whole to the browser; above it the grid pages on the server.
CLIENT_ROW_LIMIT = 1000
#: Rows per grid page.
PAGE_SIZE = 20
#: Bytes of frames (their own arrays) kept per process for server paging (least recently used
#: go first): every large grid of the five pages at scale 1000 fits.
STORE_BYTES = 160 * 2**20
#: Seconds a paged frame stays in the shared cache.
STORE_TIMEOUT = 3600
#: Attribute of a frame naming the data source a grid may page in the database.
SOURCE_ATTR = "cmkpi_page_source"
#: Attribute of such a frame holding the total row count of the source.
TOTAL_ATTR = "cmkpi_total_rows"
#: Attribute of a frame naming the catalogue query it holds (its declared columns type the grid).
QUERY_ATTR = "cmkpi_query"

# -- formatting ---------------------------------------------------------------------------------

#: Kinds of ``formatting.value_formatter``.
_SHARED_KINDS = (
    "money",
    "money_whole",
    "money_short",
    "count",
    "number",
    "pct",
    "ratio",
    "decimal",
    "date",
    "month",
)
#: Kinds added here.
_EXTRA_FORMATTERS: dict[str, str] = {
    "days": "params.value == null ? '' : d3.format(',.0f')(params.value) + ' d'",
    # keys (order, customer numbers) print as stored: no thousands separator
    "id": "params.value == null ? '' : String(params.value)",
}
NUMERIC_KINDS = frozenset(
    {"money", "money_whole", "money_short", "count", "number", "pct", "ratio", "decimal", "days"}
)
KINDS = (*_SHARED_KINDS, *_EXTRA_FORMATTERS, "text")


def value_formatter(kind: str) -> dict[str, str]:
    """The AG Grid valueFormatter of a column kind."""
    if kind in _EXTRA_FORMATTERS:
        return {"function": _EXTRA_FORMATTERS[kind]}
    return fmt.value_formatter(kind)


# -- conditional colours --------------------------------------------------------------------------

#: Translucent backgrounds: readable under the dark theme's light text and the light theme's
#: dark text alike.
TONES: dict[str, dict[str, str]] = {
    "good": {"backgroundColor": "rgba(0, 181, 169, 0.35)"},
    "info": {"backgroundColor": "rgba(9, 125, 254, 0.3)"},
    "warn": {"backgroundColor": "rgba(255, 193, 7, 0.4)"},
    "bad": {"backgroundColor": "rgba(234, 87, 72, 0.45)"},
    "muted": {"backgroundColor": "rgba(130, 132, 139, 0.25)"},
}


def _js_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def category_style(tones: Mapping[str, str]) -> dict[str, Any]:
    """A cellStyle colouring each listed category value with its tone (see :data:`TONES`)."""
    return {
        "styleConditions": [
            {
                "condition": f"params.value == {_js_string(value)}",
                "style": {**TONES[tone], "fontWeight": 600},
            }
            for value, tone in tones.items()
        ]
    }


def contains_style(tones: Mapping[str, str]) -> dict[str, Any]:
    """A cellStyle for text listing several categories: the first listed word found wins."""
    return {
        "styleConditions": [
            {
                # dash-ag-grid's expression parser has no String(): text columns only
                "condition": "params.value != null && "
                f"params.value.toLowerCase().includes({_js_string(word.lower())})",
                "style": {**TONES[tone], "fontWeight": 600},
            }
            for word, tone in tones.items()
        ]
    }


def graded_style(steps: Sequence[tuple[float, float]], rgb: str = "0, 181, 169") -> dict[str, Any]:
    """A cellStyle that deepens with the value: ``steps`` are (threshold, opacity) pairs.

    AG Grid applies the first condition that holds, so the highest threshold comes first.
    """
    ordered = sorted(steps, key=lambda s: -s[0])
    return {
        "styleConditions": [
            {
                "condition": f"params.value != null && params.value >= {threshold}",
                "style": {"backgroundColor": f"rgba({rgb}, {opacity})"},
            }
            for threshold, opacity in ordered
        ]
    }


#: ABC classes: A (the few that make 80 % of revenue) green, B blue, C grey.
ABC_STYLE = category_style({"A": "good", "B": "info", "C": "muted"})
#: Next expected order relative to as_of.
NEXT_ORDER_STYLE = category_style({"Overdue": "bad", "Due soon": "warn", "On track": "good"})
#: Lift of a cross-sell pair: the stronger the association, the deeper the colour.
LIFT_STEPS: tuple[tuple[float, float], ...] = ((1.0, 0.12), (1.5, 0.25), (2.0, 0.4), (3.0, 0.6))
LIFT_STYLE = graded_style(LIFT_STEPS)
#: Demand trend of a product.
DEMAND_TREND_STYLE = category_style({"Growing": "good", "Stable": "muted", "Declining": "bad"})
#: RFM segments, best to worst.
RFM_SEGMENT_STYLE = category_style({"Top": "good", "High": "info", "Mid": "warn", "Low": "bad"})
#: Severity of a data-quality finding.
SEVERITY_STYLE = category_style({"error": "bad", "warning": "warn", "info": "info"})
#: Order status exceptions.
ORDER_STATUS_STYLE = category_style(
    {"Cancelled": "bad", "Disputed": "bad", "On Hold": "warn", "In Process": "info"}
)


# -- columns --------------------------------------------------------------------------------------


#: A text box for dates (typed as the grid shows them, 2005-05-31) instead of the browser's date
#: picker, whose "mm/dd/yyyy" box and calendar button do not fit a column's filter box and
#: showed cut ("mm▯").
DATE_FILTER_PARAMS: dict[str, Any] = {"browserDatePicker": False}


def column(
    field: str,
    header: str | None = None,
    kind: str = "text",
    *,
    style: Mapping[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One column definition: business header, formatter and filter for its kind, colours.

    Kinds: text, id, money (cents), money_whole, money_short, count, number, decimal, pct
    (already in percent: ``12.3 %``), ratio (a fraction shown as percent), days, date, month.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown column kind {kind!r}; use one of {', '.join(KINDS)}")
    spec: dict[str, Any] = {"field": field, "headerName": header or fmt.header(field)}
    if kind != "text":
        spec["valueFormatter"] = value_formatter(kind)
    if kind in NUMERIC_KINDS or kind == "id":
        spec["filter"] = "agNumberColumnFilter"
        spec["cellDataType"] = "number"
        if kind != "id":
            spec["type"] = "rightAligned"
    elif kind in ("date", "month"):
        spec["filter"] = "agDateColumnFilter"
        spec["cellDataType"] = "dateString"
        spec["filterParams"] = {**DEFAULT_COL_DEF["filterParams"], **DATE_FILTER_PARAMS}
    else:
        spec["filter"] = "agTextColumnFilter"
        spec["cellDataType"] = "text"
    if style is not None:
        spec["cellStyle"] = dict(style)
    spec.update(extra)
    return spec


#: Catalogue ``-- column`` types to grid kinds.
CATALOGUE_KINDS = {
    "text": "text",
    "int": "count",
    "float": "decimal",
    "money": "money",
    "pct": "pct",
    "date": "date",
    "bool": "text",
}


def catalogue_columns(query_columns: Iterable[Any]) -> list[dict[str, Any]]:
    """Columns for a catalogue query's declared output (``Query.columns``), by declared type.

    Key columns (``…Number``) print without a thousands separator.
    """
    out = []
    for col in query_columns:
        kind = CATALOGUE_KINDS.get(col.type, "text")
        if col.type == "int" and col.name.endswith("Number"):
            kind = "id"
        out.append(column(col.name, kind=kind, headerTooltip=col.doc or None))
    return out


def declared_columns(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Columns of the catalogue query a frame says it holds (see :data:`QUERY_ATTR`), if any."""
    name = frame.attrs.get(QUERY_ATTR)
    if not name:
        return []
    try:
        query = get_query(name)
    except CmkpiError:
        return []
    return [c for c in catalogue_columns(query.columns) if c["field"] in frame.columns]


def frame_columns(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Columns for any frame nobody described, by dtype."""
    out = []
    for name in frame.columns:
        dtype = frame[name].dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
            kind = "date"
        elif pd.api.types.is_bool_dtype(dtype):
            kind = "text"
        elif pd.api.types.is_integer_dtype(dtype):
            kind = "count"
        elif pd.api.types.is_float_dtype(dtype):
            kind = "decimal"
        else:
            kind = "text"
        out.append(column(str(name), kind=kind))
    return out


# -- rows -----------------------------------------------------------------------------------------


def _column_values(s: pd.Series) -> list[Any]:
    """One column as JSON-safe Python values; missing (None, NaN, NA, NaT, ±inf) as None."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        values = s.dt.strftime("%Y-%m-%d").tolist()
        missing = s.isna().to_numpy()
    elif pd.api.types.is_bool_dtype(s.dtype):
        missing = s.isna().to_numpy()
        values = ["yes" if v is True else "no" for v in s.fillna(False).tolist()]
    elif pd.api.types.is_float_dtype(s.dtype):
        numbers = s.to_numpy(dtype="float64", na_value=np.nan)
        values = numbers.tolist()
        missing = ~np.isfinite(numbers)
    else:
        values = s.tolist()
        missing = s.isna().to_numpy()
    if missing.any():
        values = [None if m else v for v, m in zip(values, missing, strict=True)]
    return values


def to_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-safe dicts: dates as ``YYYY-MM-DD``, missing values null, booleans yes/no.

    Column by column into plain lists: at a thousand rows this is ten times faster than
    pandas' ``where``/``to_dict``, and the rows are built on every page visit.
    """
    names = [str(c) for c in frame.columns]
    columns = [_column_values(frame[c]) for c in frame.columns]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


# -- server paging --------------------------------------------------------------------------------


def fingerprint(frame: pd.DataFrame) -> str:
    """A cheap content key (about a millisecond at 100k rows, where a full hash takes 0.1 s).

    Shape, column names, the sum of every numeric and date column, and the first and last
    rows: two page visits with the same selection give the same key (the frame is stored
    once); different selections differ in at least one of these.
    """
    digest = hashlib.sha1(repr((frame.shape, [str(c) for c in frame.columns])).encode())
    sums = []
    for name in frame.columns:
        s = frame[name]
        if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            sums.append(float(s.sum()))
        elif pd.api.types.is_datetime64_any_dtype(s.dtype):
            sums.append(float(s.dropna().astype("int64").sum()))
    digest.update(repr(sums).encode())
    if len(frame):
        digest.update(repr(frame.iloc[[0, -1]].to_numpy().tolist()).encode())
    return f"grid-{digest.hexdigest()}"


class FrameStore:
    """Frames of server-paged grids by content key, in an LRU bounded in bytes.

    The frames themselves, not pickles: a page's large grids are mostly its data sources'
    frames as cached, which this shares (Vizro hands each figure a shallow copy), so keeping
    them costs little memory, where a pickle was a second copy, and pickling them again on
    every visit once the LRU was full cost 50 ms per grid at scale 1000. The budget counts each
    frame's own arrays (``memory_usage(deep=False)``: a filtered frame's new columns; the text
    values stay shared). Frames are mirrored in Vizro's data cache when that cache is shared
    between processes (FileSystemCache), so that any gunicorn worker can answer a page request.
    """

    def __init__(self, max_bytes: int = STORE_BYTES) -> None:
        self._frames: OrderedDict[str, tuple[pd.DataFrame, int]] = OrderedDict()
        self._bytes = 0
        self._max_bytes = max_bytes
        self._lock = threading.Lock()

    def put(self, frame: pd.DataFrame) -> str:
        key = fingerprint(frame)
        with self._lock:
            if key in self._frames:
                self._frames.move_to_end(key)
                return key
        size = int(frame.memory_usage(index=True, deep=False).sum())
        with self._lock:
            if key not in self._frames:
                self._frames[key] = (frame, size)
                self._bytes += size
            while self._bytes > self._max_bytes and len(self._frames) > 1:
                _, (_, dropped) = self._frames.popitem(last=False)
                self._bytes -= dropped
        if _shared_cache():
            data_manager.cache.set(key, frame, timeout=STORE_TIMEOUT)
        return key

    def get(self, key: str) -> pd.DataFrame | None:
        with self._lock:
            found = self._frames.get(key)
            if found is not None:
                self._frames.move_to_end(key)
                return found[0]
        if _shared_cache():
            frame = data_manager.cache.get(key)
            if isinstance(frame, pd.DataFrame):
                return frame
        return None


def _shared_cache() -> bool:
    """Whether Vizro's data cache is visible to other processes (not null, not in-process)."""
    try:
        kind = str(data_manager.cache.config.get("CACHE_TYPE", "null"))
    except (AttributeError, RuntimeError):
        return False
    return kind.rsplit(".", 1)[-1].lower() not in ("null", "nullcache", "simple", "simplecache")


STORE = FrameStore()


def _text_mask(series: pd.Series, kind: str, value: Any) -> pd.Series:
    text = series.astype("string").str.lower()
    needle = "" if value is None else str(value).lower()
    masks = {
        "contains": lambda: text.str.contains(needle, regex=False),
        "notContains": lambda: ~text.str.contains(needle, regex=False),
        "equals": lambda: text == needle,
        "notEqual": lambda: text != needle,
        "startsWith": lambda: text.str.startswith(needle),
        "endsWith": lambda: text.str.endswith(needle),
    }
    if kind not in masks:
        raise ValueError(f"unsupported text filter {kind!r}")
    return masks[kind]()


def _compare_mask(series: pd.Series, kind: str, low: Any, high: Any) -> pd.Series:
    masks = {
        "equals": lambda: series == low,
        "notEqual": lambda: series != low,
        "lessThan": lambda: series < low,
        "lessThanOrEqual": lambda: series <= low,
        "greaterThan": lambda: series > low,
        "greaterThanOrEqual": lambda: series >= low,
        "inRange": lambda: (series >= low) & (series <= high),
    }
    if kind not in masks:
        raise ValueError(f"unsupported filter {kind!r}")
    return masks[kind]()


def _day(value: Any) -> pd.Timestamp | None:
    return pd.Timestamp(str(value)[:10]) if value else None


def _condition_mask(series: pd.Series, model: Mapping[str, Any]) -> pd.Series:
    """The rows one AG Grid filter model keeps (a single condition or several joined AND/OR)."""
    if "conditions" in model:
        masks = [_condition_mask(series, c) for c in model["conditions"]]
        combined = pd.Series(True, index=series.index)
        if masks:
            combined = masks[0]
            for mask in masks[1:]:
                combined = (combined | mask) if model.get("operator") == "OR" else combined & mask
        return combined
    kind = model.get("type", "contains")
    blank = series.isna() | (series.astype("string").str.strip() == "")
    if kind == "blank":
        return blank.fillna(True).astype(bool)
    if kind == "notBlank":
        return (~blank).fillna(False).astype(bool)
    filter_type = model.get("filterType", "text")
    if filter_type == "number":
        values = pd.to_numeric(series, errors="coerce")
        mask = _compare_mask(values, kind, model.get("filter"), model.get("filterTo"))
    elif filter_type == "date":
        values = pd.to_datetime(series, errors="coerce")
        mask = _compare_mask(values, kind, _day(model.get("dateFrom")), _day(model.get("dateTo")))
    else:
        mask = _text_mask(series, kind, model.get("filter"))
    return mask.fillna(False).astype(bool)


def apply_grid_request(frame: pd.DataFrame, request: Mapping[str, Any]) -> tuple[pd.DataFrame, int]:
    """One page of ``frame`` for an AG Grid ``getRowsRequest``: filters, sort, then the slice."""
    view = frame
    for col_id, model in (request.get("filterModel") or {}).items():
        if col_id in view.columns:
            view = view[_condition_mask(view[col_id], model).to_numpy()]
    sort = [s for s in (request.get("sortModel") or []) if s.get("colId") in view.columns]
    if sort:
        view = view.sort_values(
            by=[s["colId"] for s in sort],
            ascending=[s.get("sort") != "desc" for s in sort],
            kind="stable",
            na_position="last",
        )
    start = max(0, int(request.get("startRow") or 0))
    end = max(start, int(request.get("endRow") or start + PAGE_SIZE))
    return view.iloc[start:end], len(view)


def serve_rows(request: Mapping[str, Any] | None) -> Any:
    """The ``getRowsResponse`` for one request of a server-paged grid."""
    if not request:
        return dash.no_update
    context = request.get("context") or {}
    start = max(0, int(request.get("startRow") or 0))
    end = max(start, int(request.get("endRow") or start + PAGE_SIZE))
    if context.get("source"):
        try:
            page = page_rows(
                context["source"],
                start,
                end,
                params=context.get("params") or {},
                sort_model=request.get("sortModel") or [],
                filter_model=request.get("filterModel") or {},
            )
        except CmkpiError as exc:
            return {"rowData": [], "rowCount": 0, "error": str(exc)}
        return {"rowData": to_records(page.rows), "rowCount": page.total}
    frame = STORE.get(context.get("frame") or "")
    if frame is None:
        # Expired, or held by another worker without a shared cache: an empty, honest answer;
        # reloading the page builds the frame again.
        return {"rowData": [], "rowCount": 0}
    try:
        rows, total = apply_grid_request(frame, request)
    except (ValueError, TypeError):
        return {"rowData": [], "rowCount": 0}
    return {"rowData": to_records(rows), "rowCount": total}


def register_server_paging(grid_id: str) -> None:
    """Register the callback answering the page requests of one grid (once per app build)."""
    if f"{grid_id}.getRowsResponse" in dash._callback.GLOBAL_CALLBACK_MAP:
        return
    dash.callback(
        Output(grid_id, "getRowsResponse"),
        Input(grid_id, "getRowsRequest"),
        prevent_initial_call=True,
    )(serve_rows)


# -- the grid -------------------------------------------------------------------------------------

DEFAULT_COL_DEF: dict[str, Any] = {
    "sortable": True,
    "filter": True,
    "resizable": True,
    "floatingFilter": True,
    "minWidth": 110,
    "wrapHeaderText": True,
    "filterParams": {"buttons": ["reset"], "maxNumConditions": 1},
}


#: A grid's pinned columns scroll with the others when the grid is narrow (a phone):
#: ``cmkpiFitPins`` in assets/cmkpi-grid-pins.js. Listeners are added once the grid is ready,
#: and which events still come after that depends on timing (the grid fitting its columns, the
#: columns drawn, the rows shown): the function runs on each, cheaply, so one of them always
#: does; ``gridSizeChanged`` follows a turned phone or a resized window.
PIN_LISTENERS: dict[str, list[str]] = {
    event: ["cmkpiFitPins(params)"]
    for event in ("gridSizeChanged", "columnResized", "virtualColumnsChanged", "modelUpdated")
}


def _grid_options(page_size: int, extra: Mapping[str, Any]) -> dict[str, Any]:
    return {
        **fmt.TRUNCATED_TOOLTIPS,
        "pagination": True,
        "paginationPageSize": page_size,
        "paginationPageSizeSelector": False,
        "animateRows": False,
        "domLayout": "autoHeight",
        "enableCellTextSelection": True,
        "theme": {"function": "vizroTheme(themeQuartz, agGrid)"},
        "localeText": {"noRowsToShow": "No rows for this selection."},
        **extra,
    }


@capture("ag_grid")
def paged_grid(
    data_frame: pd.DataFrame,
    columnDefs: list[dict[str, Any]] | None = None,
    client_row_limit: int = CLIENT_ROW_LIMIT,
    page_size: int = PAGE_SIZE,
    **kwargs: Any,
) -> dag.AgGrid:
    """An AG Grid over the filtered frame: every row in the browser when small, else paged here.

    Declared columns the frame lacks are dropped; a frame with none of them (a query chosen in
    the explorer) gets columns by dtype. A database error shows as a one-row message grid.
    """
    frame = data_frame
    options = _grid_options(page_size, kwargs.pop("dashGridOptions", {}))
    common: dict[str, Any] = {
        "className": "ag-theme-vizro",
        "defaultColDef": {**DEFAULT_COL_DEF, **kwargs.pop("defaultColDef", {})},
        "columnSize": "responsiveSizeToFit",
        "style": {"width": "100%"},
        "eventListeners": PIN_LISTENERS,
        **kwargs,
    }
    error = data_error(frame)
    if error is not None or is_placeholder(frame):
        text = f"Database error: {error}" if error else "Loading…"
        return dag.AgGrid(
            columnDefs=[column("message", "Message", wrapText=True, autoHeight=True)],
            rowData=[{"message": text}],
            dashGridOptions=options,
            **common,
        )
    known = [c for c in (columnDefs or []) if c.get("field") in frame.columns]
    defs = fmt.fit_text_columns(
        known or declared_columns(frame) or frame_columns(frame),
        frame,
        DEFAULT_COL_DEF["minWidth"],
    )
    defs, header_height = fmt.fit_headers(defs, DEFAULT_COL_DEF["minWidth"])
    options.setdefault("headerHeight", header_height)
    source, total = frame.attrs.get(SOURCE_ATTR), frame.attrs.get(TOTAL_ATTR)
    if source and total is not None and total > len(frame):
        context: dict[str, Any] = {"source": source, "rows": total}
    elif len(frame) > client_row_limit:
        context = {"frame": STORE.put(frame), "rows": len(frame)}
    else:
        return dag.AgGrid(
            columnDefs=defs, rowData=to_records(frame), dashGridOptions=options, **common
        )
    options.update(
        {
            "cacheBlockSize": page_size,
            "maxBlocksInCache": 20,
            "infiniteInitialRowCount": page_size,
            "context": context,
        }
    )
    return dag.AgGrid(rowModelType="infinite", columnDefs=defs, dashGridOptions=options, **common)


def grid(
    id: str,
    data_frame: str,
    columns: Iterable[dict[str, Any]],
    *,
    title: str = "",
    header: str = "",
    footer: str = "",
    description: str | None = None,
    actions: Any = None,
    client_row_limit: int = CLIENT_ROW_LIMIT,
    **grid_kwargs: Any,
) -> vm.Table:
    """A Vizro table holding :func:`paged_grid`; its inner AG Grid's id is ``<id>_grid``."""
    inner = f"{id}_grid"
    register_server_paging(inner)
    table_kwargs: dict[str, Any] = {"id": id, "title": title, "header": header, "footer": footer}
    if description:
        table_kwargs["description"] = description
    if actions is not None:
        table_kwargs["actions"] = actions
    return vm.Table(
        figure=paged_grid(
            data_frame=data_frame,
            id=inner,
            columnDefs=list(columns),
            client_row_limit=client_row_limit,
            **grid_kwargs,
        ),
        **table_kwargs,
    )


class export_data(va.export_data):
    """Vizro's ``export_data`` with its callback inputs worked out once.

    Vizro rebuilds a page's layout on every visit and asks every action for its inputs, which
    walks the whole dashboard's model tree: tens of milliseconds per download button, two
    thirds of the Risks page's layout time. The controls on a page never change after the
    dashboard is built, so the answer is kept.
    """

    @cached_property
    def _transformed_inputs(self) -> dict[str, Any]:
        return super()._transformed_inputs

    def function(self, _controls: Any) -> dict[str, Any]:
        """Vizro's export, with the files written by :mod:`classicmodels_kpi.output`: text
        never becomes a live formula in the user's spreadsheet, in XLSX or in CSV."""
        from dash import ctx, dcc
        from vizro.actions._actions_utils import _apply_filter_controls, _get_unfiltered_data

        from classicmodels_kpi.output import spreadsheet_csv, write_xlsx

        controls = ctx.args_grouping["external"]["_controls"]
        outputs: dict[str, Any] = {}
        for target, frame in _get_unfiltered_data(controls["parameters"], self.targets).items():
            filtered = _apply_filter_controls(
                data_frame=frame, ctds_filter=controls["filters"], target=target
            )
            key = f"download_dataframe_{target}"
            if self.file_format == "xlsx":
                outputs[key] = dcc.send_bytes(
                    lambda buffer, f=filtered: write_xlsx(f, buffer), filename=f"{target}.xlsx"
                )
            else:
                outputs[key] = dcc.send_string(spreadsheet_csv(filtered), f"{target}.csv")
        return outputs


def export_buttons(target: str) -> list[vm.Button]:
    """CSV and XLSX downloads of one figure's data, as the page's controls filter it."""
    return [
        vm.Button(
            id=f"{target}_export_{file_format}",
            text=f"Download {file_format.upper()}",
            icon="download",
            variant="outlined",
            actions=export_data(targets=[target], file_format=file_format),
        )
        for file_format in ("csv", "xlsx")
    ]


def with_export(table: vm.Table) -> vm.Container:
    """A table with its two download buttons under it, as one container."""
    return vm.Container(
        id=f"{table.id}_box",
        layout=vm.Flex(direction="column", gap="4px"),
        components=[
            table,
            vm.Container(
                id=f"{table.id}_downloads",
                layout=vm.Flex(direction="row", gap="8px", wrap=True),
                components=export_buttons(table.id),
            ),
        ],
    )
