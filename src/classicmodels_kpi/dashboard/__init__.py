"""The executive dashboard: five Vizro pages over the catalogue.

``create_app(db)`` builds it and returns the Flask server, a WSGI app; it is also the gunicorn
entry point ``classicmodels_kpi.dashboard:create_app()`` (the database then comes from
``CMKPI_DATABASE_URL``, else the demo). Building runs no SQL: pages load their data on first
view (see ``data.py``), so start-up takes the same time at every scale.
"""

from __future__ import annotations

import base64
import hmac
import os
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classicmodels_kpi.dashboard import lazy_imports

if TYPE_CHECKING:
    from flask import Flask, Response
    from vizro import Vizro

ASSETS = Path(__file__).parent / "assets"
#: plotly.js with the dashboard's trace types only (see _serve_dashboard_plotly).
PLOTLY_BUNDLE = Path(__file__).parent / "plotlyjs" / "plotly-dashboard.min.js"
PLOTLY_TRACES = frozenset({"bar", "pie", "scatter", "scattergeo", "choropleth"})
#: Where in the plotly package Dash's renderer asks for plotly.js.
PLOTLY_PATH = "package_data/plotly.min.js"
#: Use the faster model-tree look-ups (see _ModelTree); a test compares with Vizro's own.
FAST_BUILD = True
#: The speed-ups of this module replace private parts of Vizro 1.0 and Dash (model-tree walks,
#: validators, page filtering, serving unchanged scripts). They are written and tested for
#: Vizro 1.0.x only: with another Vizro, or with CMKPI_VIZRO_PATCHES=0, the dashboard runs on
#: Vizro's and Dash's own code (slower, the same pages).
PATCHES_ENV = "CMKPI_VIZRO_PATCHES"
PATCHED_VIZRO = "1.0."
#: ``user:password`` for HTTP basic auth (set by ``cmkpi serve --auth`` or by the user).
AUTH_ENV = "CMKPI_AUTH"


def _patches_wanted() -> bool:
    """False when the user turned the speed-ups off (``CMKPI_VIZRO_PATCHES=0``)."""
    return os.environ.get(PATCHES_ENV, "1").strip() != "0"


if _patches_wanted():
    # before Vizro is imported: see lazy_imports
    lazy_imports.import_on_use("black", "autoflake")
    lazy_imports.components_on_use("dash_mantine_components", "dash.html", "dash.dcc")


def build(db: str | None = None, *, preload: bool | None = None) -> Vizro:
    """Build the Vizro app for ``db`` (None: CMKPI_DATABASE_URL, else the demo).

    ``preload``: load every page's data in the background after the first request
    (:mod:`~classicmodels_kpi.dashboard.preload`); None: as CMKPI_PRELOAD says (default off).
    """
    from vizro import Vizro
    from vizro.managers import data_manager

    from classicmodels_kpi.dashboard import data
    from classicmodels_kpi.dashboard.pages import dashboard

    _one_malloc_arena()
    _finish_warm_up()
    Vizro._reset()
    # A request served by an earlier app in this process leaves it as Dash's "current app";
    # building again (tests) must see the new one.
    from dash._get_app import app_context

    app_context.set(None)
    app_db = data.configure(db)
    data_manager.cache = data.make_cache(app_db.identity)
    # A name, else Dash finds its caller's module with inspect.stack(): ~0.1 s of start-up.
    # compress: Flask-Compress (zstd, brotli or gzip, as the browser accepts) on every answer.
    app = Vizro(name=__name__, assets_folder=str(ASSETS), compress=True)
    patched = _patches_apply()
    _use_fast_model_tree(FAST_BUILD and patched)
    if patched:
        _reuse_vizro_validators()
    with data.building():
        app.build(dashboard())
    _build_page_layouts_once()
    _serve_dashboard_plotly(app)
    if patched:
        _answer_unchanged_scripts(app)
    if preload is None:
        from classicmodels_kpi.dashboard.preload import preload_wanted

        preload = preload_wanted()
    _warm_up_after_first_request(app, preload=preload)
    _report_server_timing(app.dash.server)
    _trim_after_large_answers(app.dash.server)
    return app


def _report_server_timing(server: Flask) -> None:
    """Say in each answer how long the server worked on it: ``Server-Timing: app;dur=…,
    cpu;dur=…, db;dur=…;desc="N"`` (milliseconds of wall clock, of the serving thread's CPU, and
    waiting for and in the database over its N calls: 0 when the data came from the cache).

    Browsers show it beside each request (developer tools, Timing), and the dashboard
    benchmark adds up the CPU of a page's callbacks: the figure of "a page's callbacks take
    ≤ 100 ms on the server", apart from the network, the browser and other requests. It says
    no more than the answer's own timing already shows.
    """
    import time

    from flask import g

    from classicmodels_kpi.dashboard.data import DB_TIMING

    @server.before_request
    def _start_clock() -> None:
        g.cmkpi_started = (time.perf_counter(), time.thread_time())

    @server.after_request
    def _add_timing(response: Response) -> Response:
        started = g.get("cmkpi_started")
        if started is not None:
            wall = (time.perf_counter() - started[0]) * 1000
            cpu = (time.thread_time() - started[1]) * 1000
            calls, db = g.get(DB_TIMING, (0, 0.0))
            response.headers.add(
                "Server-Timing",
                f'app;dur={wall:.1f}, cpu;dur={cpu:.1f}, db;dur={db * 1000:.1f};desc="{calls}"',
            )
        return response


def _patches_apply() -> bool:
    """Whether this Vizro is the one the speed-ups were written for (see PATCHES_ENV)."""
    if not _patches_wanted():
        return False
    import vizro

    return str(getattr(vizro, "__version__", "")).startswith(PATCHED_VIZRO)


_SCALARS = (str, int, float, bool, type(None))


class _ModelTree:
    """Faster model-tree look-ups for Vizro 1.0, installed by :func:`_use_fast_model_tree`.

    Vizro walks the model tree with a recursive generator several hundred times while building
    (every action asks for its page, then for the page's controls) and again in every page's
    callbacks (each filter and parameter looks for its control among all models), and finds a
    model's page by comparing models by value across every page. This installs (1) the same
    pre-order walk done with a stack, (2) the same lists of models by type and root, both reused
    until a model is added or removed (the model manager is frozen once the dashboard is built),
    and (3) a page index by identity, filled on the first lookup on each page; a model not found
    falls back to Vizro's own lookup. The caches are emptied at every build.
    """

    WALK = "_ModelManager__get_model_children"
    METHODS = (WALK, "_get_models", "_get_model_page", "__setitem__", "__delitem__")

    def __init__(self) -> None:
        from vizro.managers._model_manager import ModelManager

        self.original = {name: getattr(ModelManager, name) for name in self.METHODS}
        self.version = 0
        self.walked: dict[int, tuple[int, list[Any]]] = {}
        self.listed: dict[tuple[Any, int], tuple[int, list[Any]]] = {}
        self.pages: dict[int, Any] = {}

    def install(self) -> None:
        from vizro.managers._model_manager import ModelManager

        self.walked.clear()
        self.listed.clear()
        self.pages.clear()
        self.version += 1
        for name, method in self._methods().items():
            setattr(ModelManager, name, method)

    def uninstall(self) -> None:
        from vizro.managers._model_manager import ModelManager

        for name, method in self.original.items():
            setattr(ModelManager, name, method)

    def _methods(self) -> dict[str, Any]:
        from collections.abc import Collection, Mapping

        import vizro.models as vm
        from vizro.managers._model_manager import FIGURE_MODELS

        tree, original = self, self.original
        fields: dict[type, tuple[str, ...]] = {}
        plain = set(_SCALARS)

        def setitem(manager: Any, model_id: Any, model: Any) -> None:
            tree.version += 1  # a model added: every cached walk and list may change
            original["__setitem__"](manager, model_id, model)

        def delitem(manager: Any, model_id: Any) -> None:
            tree.version += 1
            original["__delitem__"](manager, model_id)

        def walk(manager: Any, model: Any) -> Iterator[Any]:
            known = tree.walked.get(id(model)) if isinstance(model, vm.VizroBaseModel) else None
            if known is not None and known[0] == tree.version:
                return iter(known[1])
            found = []
            stack = [model]
            while stack:
                node = stack.pop()
                if isinstance(node, _SCALARS):
                    continue
                if isinstance(node, vm.VizroBaseModel):
                    found.append(node)
                    names = fields.get(type(node))
                    if names is None:
                        names = fields[type(node)] = tuple(reversed(type(node).model_fields))
                    for name in names:
                        value = getattr(node, name)
                        if type(value) not in plain:  # plain values hold no models
                            stack.append(value)
                elif isinstance(node, Mapping):
                    stack.extend(reversed(list(node.values())))
                elif isinstance(node, Collection):
                    stack.extend(reversed(list(node)))
            if isinstance(model, vm.VizroBaseModel):
                tree.walked[id(model)] = (tree.version, found)
            return iter(found)

        def get_models(manager: Any, model_type: Any = None, root_model: Any = None) -> Any:
            if model_type is FIGURE_MODELS:
                model_type = (vm.Graph, vm.Table, vm.Figure)
            cacheable = root_model is None or isinstance(root_model, vm.VizroBaseModel)
            key = (model_type, id(root_model))
            known = tree.listed.get(key) if cacheable else None
            if known is not None and known[0] == tree.version:
                return iter(known[1])
            if root_model is None:
                models = list(manager._ModelManager__models.values())
            else:
                models = list(walk(manager, root_model))
            found = [m for m in models if model_type is None or isinstance(m, model_type)]
            if cacheable:
                tree.listed[key] = (tree.version, found)
            return iter(found)

        def get_model_page(manager: Any, model: Any) -> Any:
            page = tree.pages.get(id(model))
            if page is None:
                page = original["_get_model_page"](manager, model)
                if page is not None:
                    tree.pages.update((id(c), page) for c in get_models(manager, root_model=page))
            return page

        return {
            self.WALK: walk,
            "_get_models": get_models,
            "_get_model_page": get_model_page,
            "__setitem__": setitem,
            "__delitem__": delitem,
        }


def _one_malloc_arena() -> None:
    """Let the server's threads share one glibc malloc arena (as ``MALLOC_ARENA_MAX=1``).

    Werkzeug serves each request in a thread, and glibc gives threads arenas of their own that
    keep freed memory: ~15 MB more resident memory after a few pages. Python allocates while
    holding the GIL anyway, so one arena costs no speed. Elsewhere than glibc, nothing changes.
    """
    libc = _libc()
    if libc is not None:
        libc.mallopt(-8, 1)  # M_ARENA_MAX


_TYPE_ADAPTERS: dict[Any, Any] = {}
_PARAMETERS: dict[tuple[Any, bool], frozenset[str]] = {}


def _reuse_vizro_validators() -> None:
    """Make Vizro reuse what it rebuilds each time it checks a value (a fifth of the build).

    Vizro creates a pydantic ``TypeAdapter`` (a validator compiled for a type) for every option
    and action output it checks, and reads an action function's signature once per model
    field of the action. Both depend only on the type or the function: this keeps them.
    """
    import inspect

    from pydantic import TypeAdapter
    from vizro.actions import _abstract_action
    from vizro.models._components.form import _form_utils

    def type_adapter(kind: Any, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:
            return TypeAdapter(kind, *args, **kwargs)
        try:
            adapter = _TYPE_ADAPTERS.get(kind)
        except TypeError:  # not hashable
            return TypeAdapter(kind)
        if adapter is None:
            adapter = _TYPE_ADAPTERS[kind] = TypeAdapter(kind)
        return adapter

    def parameters(action: Any) -> set[str]:
        function = action.function
        key = (getattr(function, "__func__", function), hasattr(function, "__func__"))
        names = _PARAMETERS.get(key)
        if names is None:
            names = _PARAMETERS[key] = frozenset(inspect.signature(function).parameters)
        return set(names)

    _abstract_action.TypeAdapter = type_adapter  # type: ignore[attr-defined]
    _form_utils.TypeAdapter = type_adapter  # type: ignore[attr-defined]
    _abstract_action._AbstractAction._parameters = property(parameters)  # type: ignore[method-assign]
    _keep_unfiltered_frames()


def _keep_unfiltered_frames() -> None:
    """Vizro's filtering, except that a filter keeping every row leaves the frame as it is.

    Vizro applies each page filter as ``frame[mask]``, which copies the frame even when the
    mask keeps every row (a filter with nothing chosen): at scale 1000, 100,000-row frames
    copied for every filter of every figure on each page visit. As it is, the frame stays a
    shallow copy of the cached one and shares its memory (with the grids' paging store too).
    """
    from typing import cast

    import pandas as pd
    from vizro.actions import _actions_utils, _export_data
    from vizro.managers import model_manager
    from vizro.models import Filter
    from vizro.models._controls._controls_utils import get_selector_parent_control

    def apply_filter_controls(data_frame: Any, ctds_filter: Any, target: Any) -> Any:
        for ctd in ctds_filter:
            selector = model_manager[ctd["id"]]
            parent_filter = cast(Filter, get_selector_parent_control(selector=selector))
            if target not in parent_filter.targets:
                continue
            column = data_frame[parent_filter._filter_column]
            mask = parent_filter._filter_function(column, ctd["value"])
            if isinstance(mask, pd.Series) and mask.dtype == bool and bool(mask.all()):
                continue  # every row kept
            data_frame = data_frame[mask]
        return data_frame

    _actions_utils._apply_filter_controls = apply_filter_controls
    _export_data._apply_filter_controls = apply_filter_controls  # type: ignore[attr-defined]


_model_tree: _ModelTree | None = None


def _use_fast_model_tree(enabled: bool) -> None:
    """Install the faster model-tree look-ups (see :class:`_ModelTree`), or Vizro's own."""
    global _model_tree
    if _model_tree is None:
        _model_tree = _ModelTree()
    if enabled:
        _model_tree.install()
    else:
        _model_tree.uninstall()


def _build_page_layouts_once() -> None:
    """Keep each page's layout after its first visit instead of building it on every visit.

    Vizro builds the whole page again (components, controls, navigation: ~50 ms of server CPU)
    each time the browser opens it, whatever the data. A page's layout depends only on the
    models, which do not change once the dashboard is built; the data arrives afterwards
    through the page's own callbacks. Dash only serialises the returned components.
    """
    import threading

    import dash

    for entry in dash.page_registry.values():
        make = entry.get("layout")
        if callable(make) and not isinstance(make, _LayoutBuiltOnce):
            entry["layout"] = _LayoutBuiltOnce(make, threading.Lock())


#: The warm-up threads started by the apps built in this process (see below).
_WARM_UPS: list[Any] = []


def _finish_warm_up() -> None:
    """Wait for an earlier app's warm-up before building another app in the same process.

    Warming up builds page layouts, which registers Dash callbacks in Dash's global lists and
    reads Vizro's global model manager; building the next app resets both. Left running, an old
    app's warm-up would put its callbacks into the new app (seen as duplicated callbacks).
    """
    while _WARM_UPS:
        _WARM_UPS.pop().join(timeout=60)


def _warm_up_after_first_request(app: Vizro, *, preload: bool = False) -> None:
    """After the first request, build every page's layout and a figure of each kind in a thread,
    then, with ``preload``, load every page's data (:mod:`.preload`).

    The browser spends the second after it gets the first page loading scripts; meanwhile the
    server would sit idle, then build each page's layout (and import what drawing a figure
    needs) when the page is first opened. This does that work in that idle time. Without
    ``preload`` no SQL runs. Any failure only means the work is done on the first visit
    instead, as before.
    """
    import threading

    started = threading.Event()

    def warm_up() -> None:
        import dash
        from plotly.io.json import to_json_plotly

        from classicmodels_kpi.dashboard import charts

        try:
            with app.dash.server.app_context():
                for entry in dash.page_registry.values():
                    layout = entry.get("layout")
                    if isinstance(layout, _LayoutBuiltOnce):
                        to_json_plotly(layout())
                kinds = ("bar", "pie", "scatter", "choropleth")
                to_json_plotly(charts.figure([{"type": kind} for kind in kinds], {}))
            if preload:
                from classicmodels_kpi.dashboard import preload as data_preload

                with app.dash.server.app_context():
                    if data_preload.claim():
                        data_preload.preload(data_preload.page_loads())
        except Exception as exc:  # the first visit of a page does it instead
            import logging

            logger = logging.getLogger(__name__)
            logger.warning("warming up stopped (pages do it when opened): %s", exc)
            logger.debug("warming up failed", exc_info=True)

    @app.dash.server.before_request
    def _start_warm_up() -> None:
        if not started.is_set():
            started.set()
            thread = threading.Thread(target=warm_up, name="cmkpi-warm-up", daemon=True)
            thread.start()
            _WARM_UPS.append(thread)


def _serve_dashboard_plotly(app: Vizro) -> None:
    """Serve plotly.js with only the dashboard's trace types in place of the full bundle.

    dcc.Graph loads plotly.js on first use from Dash's route for the plotly package's 4.8 MB
    bundle (every trace type); the browser parses all of it on every page load. The dashboard's
    charts are bar, pie, scatter, scattergeo and choropleth traces: its own bundle of those
    (``plotlyjs/``, 1.4 MB, the same plotly.js version, built by ``scripts/vendor_plotly_js.py``)
    is answered at that address instead. Runs in Dash's route, after any authentication check.
    """
    from dash.fingerprint import check_fingerprint
    from flask import Response, request

    backend = app.dash.backend
    serve = backend.serve_component_suites

    def serve_component_suites(dash_app: Any, package_name: str, fingerprinted_path: str) -> Any:
        path, fingerprinted = check_fingerprint(fingerprinted_path)
        if package_name != "plotly" or path != PLOTLY_PATH:
            return serve(dash_app, package_name, fingerprinted_path)
        # answered from memory, as Dash answers its scripts (not streamed from the file, so
        # it is compressed for every browser, gzip-only ones too)
        response = Response(_plotly_bundle(), mimetype="text/javascript")
        if fingerprinted:
            response.cache_control.max_age = 31536000  # a year, as Dash's own scripts
        response.add_etag()
        return response.make_conditional(request)

    backend.serve_component_suites = serve_component_suites


@cache
def _plotly_bundle() -> bytes:
    return PLOTLY_BUNDLE.read_bytes()


def _answer_unchanged_scripts(app: Vizro) -> None:
    """Answer "not modified" to a browser that already has a library script, without reading it.

    The scripts Dash loads on demand (Plotly's 4.6 MB bundle, AG Grid's, the dropdown's…) are
    asked for again on every page visit with their ETag; Dash reads and hashes the whole file
    each time to answer 304 (~20 ms of CPU per visit). The files do not change while the server
    runs, so their ETags are kept. Runs in Dash's route, after any authentication check.
    """
    from flask import Response, request

    backend = app.dash.backend
    serve = backend.serve_component_suites
    etags: dict[tuple[str, str], str] = {}

    def serve_component_suites(dash_app: Any, package_name: str, fingerprinted_path: str) -> Any:
        key = (package_name, fingerprinted_path)
        known = etags.get(key)
        if known is not None and _etag_of(request.headers.get("If-None-Match")) == known:
            return Response(None, status=304)
        response = serve(dash_app, package_name, fingerprinted_path)
        tag = response.get_etag()[0] if response.status_code in (200, 304) else None
        if tag:
            etags[key] = tag
        return response

    backend.serve_component_suites = serve_component_suites


#: An answer from this size up gives the memory it freed back to the system once sent.
LARGE_ANSWER = 128 * 1024


def _trim_after_large_answers(server: Flask) -> None:
    @server.after_request
    def _trim_when_sent(response: Response) -> Response:
        if (response.content_length or 0) >= LARGE_ANSWER:
            response.call_on_close(_give_back_freed_memory)
        return response


def _give_back_freed_memory() -> None:
    """glibc's ``malloc_trim(0)``: hand freed heap pages back to the system.

    A first visit reads, compresses and sends ~7 MB of scripts in buffers of up to a few
    megabytes, and every page's data in answers of 60-400 KB; freed, they stayed resident as
    holes in the heap (~8-10 MB more after visiting every page, measured, which put the server
    over 200 MB on the sample). A trim after a large answer costs ~1-3 ms.
    """
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@cache
def _libc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt, libc.malloc_trim  # noqa: B018  (glibc only)
    except (OSError, AttributeError):
        return None
    return libc


def _etag_of(header: str | None) -> str | None:
    """The file's ETag in an If-None-Match header: the tag as sent, or as the compression
    marked it (``"abc:br"``: Flask-Compress tags the encoded answer by its encoding)."""
    if not header:
        return None
    tag = header.strip().removeprefix("W/").strip('"')
    base, _, encoding = tag.rpartition(":")
    return base if base and encoding in ("zstd", "br", "gzip", "deflate") else tag


class _LayoutBuiltOnce:
    def __init__(self, make: Any, lock: Any) -> None:
        self.make, self.lock, self.layout = make, lock, None

    def __call__(self, **_query: Any) -> Any:  # Vizro ignores the query string too
        if self.layout is None:
            with self.lock:
                if self.layout is None:
                    self.layout = self.make()
        return self.layout


def create_app(db: str | None = None) -> Flask:
    """The dashboard as a WSGI app (the Flask server of ``Vizro().build(dashboard)``); it
    preloads the pages' data when CMKPI_PRELOAD=1 (``cmkpi serve --workers N`` sets it)."""
    server = build(db).dash.server
    auth = os.environ.get(AUTH_ENV)
    if auth:
        require_basic_auth(server, auth)
    return server


def require_basic_auth(server: Flask, credentials: str) -> None:
    """Answer 401 to every request without the right ``user:password`` (HTTP basic auth)."""
    from flask import Response, request

    user, sep, password = credentials.partition(":")
    if not sep or not user or not password:
        from classicmodels_kpi.errors import ParameterError

        raise ParameterError("authentication must be given as user:password.")
    expected = base64.b64encode(f"{user}:{password}".encode()).decode()

    @server.before_request
    def _check_auth() -> Response | None:
        header = request.headers.get("Authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() == "basic" and hmac.compare_digest(given.strip(), expected):
            return None
        return Response(
            "Authentication required.\n",
            401,
            {"WWW-Authenticate": 'Basic realm="ClassicModels KPIs", charset="UTF-8"'},
        )


__all__ = ["build", "create_app", "require_basic_auth"]
