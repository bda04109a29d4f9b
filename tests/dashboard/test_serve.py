"""``cmkpi serve``: safe defaults, basic auth, gunicorn workers, plain errors."""

from __future__ import annotations

import base64
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from dashboard_browser import start_server, stop_server

from classicmodels_kpi.cli.serve import check_auth, is_loopback
from classicmodels_kpi.errors import ParameterError


def _cmkpi(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "classicmodels_kpi", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _get(url: str, auth: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url)
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_other_hosts_need_auth_or_an_explicit_no_auth(canonical_path: Path) -> None:
    result = _cmkpi("serve", "--db", str(canonical_path), "--host", "0.0.0.0")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: binding")
    assert "--auth" in lines[0] and "--no-auth" in lines[0]
    assert "Traceback" not in result.stderr


def test_loopback_is_recognised() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.0.0.1")
    for host in ("192.168.1.20", "example.org", "::"):
        with pytest.raises(ParameterError, match="--no-auth"):
            check_auth(host, None, no_auth=False)
    assert check_auth("0.0.0.0", None, no_auth=True) is None
    assert check_auth("0.0.0.0", "ann:pw", no_auth=False) == "ann:pw"
    with pytest.raises(ParameterError, match="user:password"):
        check_auth("127.0.0.1", "no-colon", no_auth=False)


def test_a_bad_database_fails_with_one_line(tmp_path: Path) -> None:
    result = _cmkpi("serve", "--db", str(tmp_path / "missing.sqlite"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        line for line in result.stderr.strip().splitlines() if line.startswith("error:")
    ]
    assert "no such database file" in result.stderr


def test_basic_auth_guards_every_request_and_hides_the_password(canonical_path: Path) -> None:
    server = start_server(canonical_path, "--auth", "ann:s3cr3t-pw")
    try:
        status, _ = _get(server.url + "/")
        assert status == 401
        status, _ = _get(server.url + "/_dash-layout")
        assert status == 401
        status, _ = _get(server.url + "/", auth="ann:wrong")
        assert status == 401
        status, body = _get(server.url + "/", auth="ann:s3cr3t-pw")
        assert status == 200
        assert '"ui":false' in body.replace(" ", "")  # debug off by default
    finally:
        stop_server(server)
    assert "s3cr3t-pw" not in server.log.read_text()


def test_workers_run_gunicorn_with_the_wsgi_entry_point(canonical_path: Path) -> None:
    server = start_server(canonical_path, "--workers", "2")
    try:
        status, body = _get(server.url + "/")
        assert status == 200 and "_dash-config" in body
        status, layout = _get(server.url + "/_dash-layout")
        assert status == 200 and "dashboard" in layout
    finally:
        stop_server(server)
    log = server.log.read_text()
    assert "gunicorn" in log.lower()
    assert log.count("Booting worker") == 2


def test_one_process_server_says_one_line_not_one_per_request(dashboard_server) -> None:
    """The terminal shows where the dashboard is, not a line per request or Werkzeug's warning."""
    for path in ("/", "/regional", "/_dash-layout", "/_dash-dependencies"):
        assert _get(dashboard_server.url + path)[0] == 200
    lines = [line for line in dashboard_server.log.read_text().splitlines() if line.strip()]
    assert lines[0].startswith("Serving ") and f"{dashboard_server.url}/" in lines[0]
    assert "Ctrl+C" in lines[0]
    assert not [line for line in lines if "development server" in line or '"GET ' in line]
    assert not [line for line in lines if "Dash is running" in line]
    assert not [line for line in lines if "Serving Flask app" in line or "Debug mode" in line]
