"""Page filters whose choices come from the data, in a dashboard built without any data.

Vizro works out a filter's choices (a dropdown's options, a slider's bounds) from its targets'
data when the dashboard is built, and takes its default value from them: every option for a
multi-select, ``[min, max]`` for a range slider. The dashboard runs no SQL while it is built
(``data.building()``): the loaders answer with a one-row stub, so Vizro would offer the stub's
values (an empty country, a slider from 0 to 0) and keep them as the default selection. Vizro does
recompute options and bounds from the real data on every page load (a *dynamic* filter), but the
selection stays the build-time default, and an empty value means "no filter" to Vizro: the
country dropdown kept ``""`` beside every choice and never filtered, and sliders stayed at 0–0.

So a filter here has no data-derived default. Its "nothing chosen" state means *every row*:

* **Choices** (:func:`choose`, a multi-select dropdown): the default is the empty selection,
  shown as "All". The options are the data's values, computed on each page load (and on "Reset
  all"), never the stub's. Picking values keeps only the rows holding one of them; clearing the
  dropdown shows everything again.
* **Ranges** (:func:`range_slider`): the default is no value. On page load the slider spans the
  data's real minimum and maximum, with both handles at the ends; moving a handle keeps the rows
  in the range.

Both states survive a database error: the grids show the error and the control keeps the
user's selection. The filtering itself is Vizro's (``_filter_isin``, ``_filter_between``), so
exports and map clicks (``va.set_controls``) narrow the same rows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from functools import cached_property
from typing import Any, Literal, cast

import pandas as pd
import vizro.actions as va
import vizro.models as vm
from dash import dcc, html
from vizro.models._controls._controls_utils import _is_categorical_selector, _is_range_selector

from classicmodels_kpi.dashboard.data import is_placeholder

#: What an empty multi-select shows.
ALL = "All"


def _everything_when_unset(
    filter_function: Callable[[pd.Series, Any], pd.Series],
) -> Callable[[pd.Series, Any], pd.Series]:
    """Vizro's filter function, but an empty selection or a range not yet set keeps every row."""

    @functools.wraps(filter_function)
    def apply(series: pd.Series, value: Any) -> pd.Series:
        if value is None or (isinstance(value, list) and not value):
            return pd.Series(True, index=series.index)
        return filter_function(series, value)

    return apply


class DataRangeSlider(vm.Slider):
    """A range slider whose bounds are the data's, known once the page has loaded its data.

    Its value is ``None`` until then (all rows). Vizro's placeholder for a dynamic slider would
    fill the value with the build-time bounds, which come from the stub; this one stays empty.
    On page load :class:`Filter` rebuilds it with the data's min and max, and both handles at
    the ends.
    """

    type: Literal["data_range_slider"] = "data_range_slider"  # type: ignore[assignment]

    def _build_dynamic_placeholder(self) -> html.Div:
        built = self.__call__(0, 1)
        built[self.id].value = None  # no range yet: every row
        return built


vm.Filter.add_type("selector", DataRangeSlider)


def choose(title: str) -> vm.Dropdown:
    """A multi-select dropdown of the data's values; nothing chosen (the default) = all rows."""
    return vm.Dropdown(title=title, multi=True, extra={"placeholder": ALL})


def range_slider(title: str, step: float | None = None) -> DataRangeSlider:
    """A range slider over the data's min..max; untouched (the default) = all rows."""
    # No browser-side persistence: the placeholder (no value) and the slider built on page load
    # (the data's bounds) differ, so Dash's persisted value would come back on the wrong one.
    return DataRangeSlider(range=True, title=title, step=step, extra={"persistence": False})


class Filter(vm.Filter):
    """Vizro's ``Filter`` for data that only exists once a page loads (see the module's doc).

    Also collects dynamic options column by column: Vizro iterates the values one by one in
    Python (1.1 s for the Risks page's country filter at scale 1000, 220,000 values);
    ``Series.unique()`` per column gives the same sorted options in milliseconds.
    """

    def pre_build(self) -> None:
        super().pre_build()
        if not self._dynamic:
            return  # fixed options or bounds: Vizro's defaults are right
        selector = self.selector
        if _is_categorical_selector(selector) and getattr(selector, "multi", True):
            selector.options = []  # the data's values, on each page load
            selector.value = []
        elif isinstance(selector, DataRangeSlider) and _is_range_selector(selector):
            selector.value = None
            selector.min = selector.max = None  # the data's bounds, on each page load
        else:
            raise TypeError(
                f"filter {self.id!r} takes its choices from the data: use filters.choose() or "
                f"filters.range_slider(), not {type(selector).__name__}."
            )
        self._filter_function = _everything_when_unset(self._filter_function)

    def __call__(self, target_to_data_frame: dict[str, pd.DataFrame], current_value: Any) -> Any:
        """The selector rebuilt over the targets' data; stubs and error frames are not data."""
        frames = {t: f for t, f in target_to_data_frame.items() if not is_placeholder(f)}
        if any(t in frames for t in self.targets):
            return super().__call__(frames, current_value)
        return self._without_data(current_value)

    def _without_data(self, current_value: Any) -> html.Div:
        """No target has data (the database failed): keep the user's selection as it is."""
        selector = cast(Any, self.selector)
        if _is_categorical_selector(selector):
            chosen = current_value if isinstance(current_value, list) else [current_value]
            built = selector(options=[v for v in chosen if v is not None])
        else:
            low, high = current_value if isinstance(current_value, list) else (0, 0)
            built = selector(min=low, max=high)
            built[selector.id].value = current_value
        return html.Div(
            children=[built, dcc.Store(id=f"{selector.id}_guard_actions_chain", data=True)]
        )

    @staticmethod
    def _get_options(targeted_data: pd.DataFrame, current_value: Any = None) -> list[Any]:
        columns = [targeted_data[c] for c in targeted_data.columns]
        if any(pd.api.types.is_datetime64_any_dtype(c.dtype) for c in columns):
            return vm.Filter._get_options(targeted_data, current_value)
        found: set[Any] = set()
        for values in columns:
            found.update(values.dropna().unique().tolist())
        current = current_value if isinstance(current_value, list) else [current_value]
        found.update(v for v in current if v is not None and not pd.isna(v))
        return sorted(found)


class select_country(va.set_controls):
    """``va.set_controls`` without its "Controls updated." notice.

    A map click already shows its effect (the page's views narrow, the dropdown names the
    country); the notice also stayed light on the dark theme and covered the theme toggle for
    seconds. A failure is still announced.
    """

    @cached_property
    def notifications(self):  # type: ignore[override]
        return {k: v for k, v in super().notifications.items() if k != "success"}
