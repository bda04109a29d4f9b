"""Load every page's data, as the page will ask for it, before anyone opens the page.

Why: a page's first visit after start-up runs its catalogue queries (at scale 1000 on DuckDB,
1.5-4.5 s of callbacks per page; on the sample, ~0.1-0.3 s), while the server sits idle in
between. ``cmkpi serve`` therefore loads each page's data in its default state (the controls as
the page opens), page by page in navigation order, in a background thread that starts after the
first request (see ``dashboard._warm_up_after_first_request``). A page opened afterwards finds
its data in the cache; one opened while its data is loading waits for that load instead of
running the same queries again (``data.DashboardCache``: one load per cache key at a time).

What a page asks for is worked out from the models the way Vizro's page-load action does it:
for each figure of the page, its data_manager source with the values of the page's
``vm.Parameter`` controls that target ``<figure>.data_frame.<argument>``. A browser test holds
this to the truth: after preloading, no page visit runs a query.

Decisions: on by default in ``cmkpi serve`` (``--no-preload`` or ``CMKPI_PRELOAD=0`` turn it
off), off for other users of :func:`classicmodels_kpi.dashboard.build` unless
``CMKPI_PRELOAD=1`` (gunicorn workers started by ``cmkpi serve --workers N`` get it set). Of
gunicorn's workers, which share one cache, the first to claim it (:func:`claim`) preloads into
it; the others would run the same queries beside it. The claim lasts as long as cached data
does (``CMKPI_CACHE_TIMEOUT``), so a server restarted on a kept cache folder preloads again
once that data has expired. The first database error stops it (a database that is down
should not be asked again and again); pages then load their data when opened, as without
preloading. It runs once: data that leaves the cache (``CMKPI_CACHE_TIMEOUT``) is loaded again
when a page asks for it.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from classicmodels_kpi.dashboard.data import data_error

log = logging.getLogger(__name__)

#: "1" turns preloading on, "0" off; unset: off, except in ``cmkpi serve`` (on).
PRELOAD_ENV = "CMKPI_PRELOAD"

#: (page title, [(data_manager source, load keyword arguments)]) in navigation order.
PageLoads = list[tuple[str, list[tuple[str, dict[str, Any]]]]]


def preload_wanted(default: bool = False) -> bool:
    """Whether CMKPI_PRELOAD asks for preloading (``default`` when it is unset or empty)."""
    value = os.environ.get(PRELOAD_ENV, "").strip().lower()
    if not value:
        return default
    return value not in ("0", "false", "no", "off")


#: The cache entry naming the process that preloads into the cache.
CLAIM_KEY = "preload-claim"


def claim() -> bool:
    """Whether this process preloads: the first to add the claim to data_manager's cache does.

    ``add`` writes only when the key is absent; two workers starting in the same instant might
    both preload, which costs time, never correctness.
    """
    from vizro.managers import data_manager

    return bool(data_manager.cache.add(CLAIM_KEY, os.getpid()))


def page_loads() -> PageLoads:
    """What each page's load action will ask data_manager for, with the controls as they open."""
    import vizro.models as vm
    from vizro.actions._actions_utils import _validate_selector_value_none
    from vizro.managers import data_manager, model_manager

    dashboard = next(iter(model_manager._get_models(vm.Dashboard)))
    result: PageLoads = []
    for page in dashboard.pages:
        models = list(model_manager._get_models(root_model=page))
        parameters = [m for m in models if isinstance(m, vm.Parameter)]
        loads: list[tuple[str, dict[str, Any]]] = []
        for model in models:
            figure = getattr(model, "figure", None)
            if figure is None or not hasattr(figure, "_arguments"):
                continue
            source = figure._arguments.get("data_frame")
            if not isinstance(source, str):
                continue
            data_manager[source]  # a name data_manager does not know fails here, loudly
            kwargs: dict[str, Any] = {}
            prefix = f"{model.id}.data_frame."
            for parameter in parameters:
                for target in parameter.targets:
                    if target.startswith(prefix):
                        value = _validate_selector_value_none(parameter.selector.value)
                        kwargs[target.removeprefix(prefix)] = value
            if (source, kwargs) not in loads:
                loads.append((source, kwargs))
        result.append((page.title, loads))
    return result


def preload(loads: PageLoads, say: Callable[[str], None] | None = None) -> bool:
    """Load each page's data through data_manager (and so into its cache); True when all loaded.

    ``say`` gets one line at the end: how long it took, or why it stopped.
    """
    from vizro.managers import data_manager

    say = say or _say
    started = time.perf_counter()
    count = 0
    for title, page in loads:
        for source, kwargs in page:
            frame = data_manager[source].load(**kwargs)
            error = data_error(frame)
            if error is not None:
                say(
                    f"Preloading the pages' data stopped at {title}: {error} "
                    "Pages load their data when opened."
                )
                return False
            count += 1
    say(
        f"Preloaded the data of {len(loads)} pages ({count} loads) "
        f"in {time.perf_counter() - started:.1f} s."
    )
    return True


def _say(line: str) -> None:
    # the operator's terminal, as cmkpi serve's own lines (logging is not set up there)
    print(line, file=sys.stderr, flush=True)
