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
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask
    from vizro import Vizro

ASSETS = Path(__file__).parent / "assets"
#: Use the faster model-tree walks while building (see _faster_model_tree); a test compares.
FAST_BUILD = True
#: ``user:password`` for HTTP basic auth (set by ``cmkpi serve --auth`` or by the user).
AUTH_ENV = "CMKPI_AUTH"


def build(db: str | None = None) -> Vizro:
    """Build the Vizro app for ``db`` (None: CMKPI_DATABASE_URL, else the demo)."""
    from vizro import Vizro
    from vizro.managers import data_manager

    from classicmodels_kpi.dashboard import data
    from classicmodels_kpi.dashboard.pages import dashboard

    Vizro._reset()
    # A request served by an earlier app in this process leaves it as Dash's "current app";
    # building again (tests) must see the new one.
    from dash._get_app import app_context

    app_context.set(None)
    app_db = data.configure(db)
    data_manager.cache = data.make_cache(app_db.identity)
    app = Vizro(assets_folder=str(ASSETS))
    faster = _faster_model_tree() if FAST_BUILD else nullcontext()
    with data.building(), faster:
        app.build(dashboard())
    return app


_SCALARS = (str, int, float, bool, type(None))


@contextmanager
def _faster_model_tree() -> Iterator[None]:
    """Speed up Vizro 1.0's build, which took most of the start-up (seconds on 2 cores).

    Vizro walks the model tree with a recursive generator several hundred times while building
    (every action asks for its page, then for the page's controls), and finds a model's page by
    comparing models by value across every page. While building, this installs (1) the same
    pre-order walk done with a stack, reused until a model is added, and (2) a page index by
    identity, filled on the first lookup on each page; a model added later is not indexed and
    falls back to Vizro's own walk. Vizro's own methods are restored afterwards.
    """
    from collections.abc import Collection, Mapping

    from vizro.managers import model_manager
    from vizro.managers._model_manager import ModelManager
    from vizro.models import VizroBaseModel

    walk_name = "_ModelManager__get_model_children"
    original_walk = getattr(ModelManager, walk_name)
    original = ModelManager._get_model_page
    index: dict[int, Any] = {}

    walked: dict[int, tuple[int, list[Any]]] = {}

    def count() -> int:
        return len(model_manager._ModelManager__models)

    def walk(self: ModelManager, model: Any) -> Iterator[Any]:
        # A subtree only changes when models are added (each new model registers itself), so
        # a walk from a model is reused until the number of models changes.
        known = walked.get(id(model)) if isinstance(model, VizroBaseModel) else None
        if known is not None and known[0] == count():
            return iter(known[1])
        found = []
        stack = [model]
        while stack:
            node = stack.pop()
            if isinstance(node, _SCALARS):
                continue
            if isinstance(node, VizroBaseModel):
                found.append(node)
                stack.extend(getattr(node, f) for f in reversed(node.__class__.model_fields))
            elif isinstance(node, Mapping):
                stack.extend(reversed(list(node.values())))
            elif isinstance(node, Collection):
                stack.extend(reversed(list(node)))
        if isinstance(model, VizroBaseModel):
            walked[id(model)] = (count(), found)
        return iter(found)

    def get_model_page(self: ModelManager, model: Any) -> Any:
        page = index.get(id(model))
        if page is None:
            page = original(self, model)
            if page is not None:
                index.update((id(child), page) for child in self._get_models(root_model=page))
        return page

    setattr(ModelManager, walk_name, walk)
    ModelManager._get_model_page = get_model_page  # type: ignore[method-assign]
    try:
        yield
    finally:
        setattr(ModelManager, walk_name, original_walk)
        ModelManager._get_model_page = original  # type: ignore[method-assign]


def create_app(db: str | None = None) -> Flask:
    """The dashboard as a WSGI app (the Flask server of ``Vizro().build(dashboard)``)."""
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
