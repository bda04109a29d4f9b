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
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask
    from vizro import Vizro

ASSETS = Path(__file__).parent / "assets"
#: ``user:password`` for HTTP basic auth (set by ``cmkpi serve --auth`` or by the user).
AUTH_ENV = "CMKPI_AUTH"


def build(db: str | None = None) -> Vizro:
    """Build the Vizro app for ``db`` (None: CMKPI_DATABASE_URL, else the demo)."""
    from vizro import Vizro
    from vizro.managers import data_manager

    from classicmodels_kpi.dashboard import data
    from classicmodels_kpi.dashboard.pages import dashboard

    Vizro._reset()
    app_db = data.configure(db)
    data_manager.cache = data.make_cache(app_db.identity)
    app = Vizro(assets_folder=str(ASSETS))
    with data.building(), _page_lookup_index():
        app.build(dashboard())
    return app


@contextmanager
def _page_lookup_index() -> Iterator[None]:
    """Speed up Vizro 1.0's build: remember which page each model is on.

    ``ModelManager._get_model_page`` walks every page's model tree, comparing models by value,
    for each of the few hundred times the build asks; that alone took most of the start-up. Here
    the first lookup on a page indexes that page's models by identity; a model added later is
    not in the index and falls back to Vizro's own walk. Only while building.
    """
    from vizro.managers._model_manager import ModelManager

    original = ModelManager._get_model_page
    index: dict[int, Any] = {}

    def get_model_page(self: ModelManager, model: Any) -> Any:
        page = index.get(id(model))
        if page is None:
            page = original(self, model)
            if page is not None:
                index.update((id(child), page) for child in self._get_models(root_model=page))
        return page

    ModelManager._get_model_page = get_model_page  # type: ignore[method-assign]
    try:
        yield
    finally:
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
