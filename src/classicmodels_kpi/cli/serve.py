"""``cmkpi serve``: the dashboard on a local port, or behind gunicorn with several workers."""

from __future__ import annotations

import ipaddress
import os
import shutil
import signal
import subprocess
import sys
from typing import Annotated

import typer

from classicmodels_kpi.cli.app import DbOption, app, open_db, say
from classicmodels_kpi.errors import CmkpiError, ParameterError

#: The gunicorn entry point (also documented for users who run gunicorn themselves).
WSGI_ENTRY = "classicmodels_kpi.dashboard:create_app()"


def is_loopback(host: str) -> bool:
    """True when only this machine can reach ``host``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_auth(host: str, auth: str | None, no_auth: bool) -> str | None:
    """The credentials to require, or None; refuses to expose the dashboard without a decision."""
    if auth and no_auth:
        raise ParameterError("give either --auth or --no-auth, not both.")
    if auth is not None:
        user, sep, password = auth.partition(":")
        if not sep or not user or not password:
            raise ParameterError("--auth must be user:password (both non-empty).")
        return auth
    if not is_loopback(host) and not no_auth:
        raise ParameterError(
            f"binding {host} lets other machines reach the dashboard: give --auth user:password "
            "(or CMKPI_AUTH), or --no-auth to serve it without a password."
        )
    return None


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to bind. Anything but loopback needs --auth or --no-auth.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8050,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes; more than 1 runs gunicorn.")
    ] = 1,
    auth: Annotated[
        str | None,
        typer.Option(
            envvar="CMKPI_AUTH",
            show_envvar=True,
            help="user:password required by HTTP basic auth. The password is never printed.",
        ),
    ] = None,
    no_auth: Annotated[
        bool, typer.Option("--no-auth", help="Serve a non-loopback address without a password.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Dash debug mode (development only; one worker).")
    ] = False,
    preload: Annotated[
        bool,
        typer.Option(
            envvar="CMKPI_PRELOAD",
            show_envvar=True,
            help="After the first request, load every page's data in the background, so a "
            "page's first visit is answered from the cache.",
        ),
    ] = True,
) -> None:
    """Serve the executive dashboard (five pages) on http://HOST:PORT."""
    credentials = check_auth(host, auth, no_auth)
    if debug and workers > 1:
        raise ParameterError("--debug runs the development server: use it with --workers 1.")
    check_can_listen(host, port)
    # Open once now so a wrong --db fails here with one line, and the demo is created before
    # any worker starts; pages load their data later, on first view.
    with open_db(db) as database:
        url = database.url.render_as_string(hide_password=False)
        shown = database.display_url
    where = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    lock = "basic auth" if credentials else "no auth"
    say(
        f"Serving {shown} on {where} ({workers} worker{'s' * (workers > 1)}, {lock}); "
        "Ctrl+C stops it."
    )
    if workers > 1:
        _run_gunicorn(url, host, port, workers, credentials, preload)
        return
    from classicmodels_kpi.dashboard import build, require_basic_auth

    vizro_app = build(url, preload=preload)
    if credentials:
        require_basic_auth(vizro_app.dash.server, credentials)
    if not debug:
        # One process serves one team on its own machine: Werkzeug's threaded server, without
        # its line per request and its "development server" warning (--workers N is the
        # production server). Its errors are still logged; --debug shows everything.
        import logging

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        logging.getLogger("dash.dash").setLevel(logging.WARNING)  # "Dash is running on", twice
        import flask.cli

        # Flask's own banner (" * Serving Flask app …", " * Debug mode: off") on stdout
        flask.cli.show_server_banner = lambda *args, **kwargs: None
    vizro_app.dash.run(host=host, port=port, debug=debug, use_reloader=False)


def check_can_listen(host: str, port: int) -> None:
    """Fail with one line (exit 2) when the address cannot be served: a port already in use, a
    host name that does not resolve or an address not on this machine. Werkzeug and gunicorn
    would say so later, in several lines and with exit codes of their own."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.bind(address)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        hint = (
            "another server uses it: stop it or choose another --port"
            if getattr(exc, "errno", None) in (98, 48)  # EADDRINUSE (Linux, macOS)
            else "give an address of this machine with --host"
        )
        raise ParameterError(f"cannot serve on {host}:{port}: {reason}; {hint}.") from None


def _run_gunicorn(
    url: str, host: str, port: int, workers: int, credentials: str | None, preload: bool
) -> None:
    """gunicorn with the WSGI entry point; the workers share a FileSystemCache folder."""
    from classicmodels_kpi.dashboard.data import CACHE_DIR_ENV, shared_cache_dir
    from classicmodels_kpi.dashboard.preload import PRELOAD_ENV

    cache_dir = shared_cache_dir()
    env = {
        **os.environ,
        "CMKPI_DATABASE_URL": url,
        CACHE_DIR_ENV: cache_dir,
        PRELOAD_ENV: "1" if preload else "0",
    }
    env.pop("CMKPI_AUTH", None)
    if credentials:
        env["CMKPI_AUTH"] = credentials
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        bind,
        "--timeout",
        "120",
        WSGI_ENTRY,
    ]
    process = subprocess.Popen(command, env=env)

    def forward(signum: int, _frame: object) -> None:
        process.send_signal(signum)

    previous = signal.signal(signal.SIGTERM, forward)
    try:
        code = process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        code = process.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(cache_dir, ignore_errors=True)
    if code not in (0, -signal.SIGINT, -signal.SIGTERM):
        raise CmkpiError(f"gunicorn stopped with exit code {code}.")
