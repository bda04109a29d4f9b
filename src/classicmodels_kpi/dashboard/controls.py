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


def as_of_picker(title: str = "As of") -> AsOfPicker:
    return AsOfPicker(
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


def as_of_parameter(targets: list[str], id: str = "as_of") -> vm.Parameter:
    """A page control passing the picked date to every target's ``data_frame.as_of``."""
    return vm.Parameter(id=id, targets=targets, selector=as_of_picker())
