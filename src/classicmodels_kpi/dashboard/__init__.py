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
from pathlib import Path
from typing import TYPE_CHECKING

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
    with data.building():
        app.build(dashboard())
    return app


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
