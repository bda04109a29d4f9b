"""Controls Vizro does not have: an as-of date picker whose empty value means "latest".

``vm.Parameter`` needs a DatePicker's min and max and fills an empty value with the min, also on
"Reset all". The default as-of date is the latest order date *in the data*, unknown until the
first query runs, and the dashboard runs no SQL at start-up. So the picker stays empty (the
loaders then use the catalogue's default) and keeps its value empty on reset.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import vizro.models as vm

#: Wide bounds Vizro requires for a Parameter's DatePicker; the data decides the real ones.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


class AsOfPicker(vm.DatePicker):
    """A single-date picker for as_of: empty means the latest order date in the data."""

    type: Literal["as_of_picker"] = "as_of_picker"  # type: ignore[assignment]

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "value":  # Vizro's default (the min) would mean "as of 1900-01-01"
            value = None
        super().__setattr__(name, value)


vm.Parameter.add_type("selector", AsOfPicker)


def as_of_picker(title: str = "As of", id: str | None = None) -> AsOfPicker:
    return AsOfPicker(
        **({"id": id} if id else {}),
        range=False,
        min=EARLIEST,
        max=LATEST,
        title=title,
        description="Empty: the latest order date in the data (as cmkpi kpis).",
        extra={
            "value": None,
            "clearable": True,
            "placeholder": "Latest order date",
            "valueFormat": "YYYY-MM-DD",
        },
    )


def as_of_parameter(
    targets: list[str], id: str = "as_of", *, dates_from: tuple[str, dict[str, Any]] | None = None
) -> vm.Parameter:
    """A page control passing the picked date to every target's ``data_frame.as_of``.

    ``dates_from``: a data source holding the resolved ``as_of`` column and the parameters the
    page loads it with; the picker's calendar then opens on that date (see
    :func:`register_calendar_on_the_data`).
    """
    picker = f"{id}_picker"
    if dates_from is not None:
        register_calendar_on_the_data(picker, *dates_from)
    return vm.Parameter(id=id, targets=targets, selector=as_of_picker(id=picker))


def register_calendar_on_the_data(picker: str, source: str, params: dict[str, Any]) -> None:
    """Open the picker's calendar on the latest order date, and allow no later day.

    Its bounds are unknown when the dashboard is built (no SQL at start-up), and the wide ones
    opened the calendar on today's month, years away from the data (six clicks to reach it).
    Once in the browser, the picker takes the date from ``source`` loaded as the page loads it
    by default: the same cached frame, so it costs no database call of its own. A database
    error leaves the picker as it was.
    """
    import dash
    import pandas as pd

    from classicmodels_kpi.dashboard import data

    if f"{picker}.defaultDate" in dash._callback.GLOBAL_CALLBACK_MAP:
        return

    def bounds(_: str) -> tuple[Any, Any]:
        frame = data.load(source, **params)
        if data.data_error(frame) or data.is_placeholder(frame) or frame.empty:
            return dash.no_update, dash.no_update
        latest = pd.Timestamp(frame["as_of"].iloc[0]).date().isoformat()
        return latest, latest

    dash.callback(
        dash.Output(picker, "defaultDate"),
        dash.Output(picker, "maxDate"),
        dash.Input(picker, "id"),
    )(bounds)
