"""The entry point's promises, in-process: exit codes pass through, usage errors and bugs end
plainly, and a password never reaches stderr even in a traceback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import typer

from classicmodels_kpi.cli import app, main
from classicmodels_kpi.errors import CmkpiError

SECRET = "Probe-Secret-13"


def _probe(kind: str) -> None:
    if kind == "exit3":
        raise typer.Exit(3)
    if kind == "findings":
        raise CmkpiError(f"2 findings in postgresql://u:{SECRET}@h/db", exit_code=1)
    if kind == "bug":
        raise RuntimeError(f"could not use postgresql://u:{SECRET}@h/db")
    print("fine")


@pytest.fixture
def probe(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A hidden command added to the app for the duration of one test."""
    app.command("zz-probe", hidden=True)(_probe)
    added = app.registered_commands[-1]
    try:
        yield
    finally:
        app.registered_commands.remove(added)


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr("sys.argv", ["cmkpi", *args])
    with pytest.raises(SystemExit) as stopped:
        main()
    return int(stopped.value.code or 0)


@pytest.mark.parametrize(("kind", "code"), [("exit3", 3), ("findings", 1), ("bug", 70)])
def test_exit_codes_reach_the_shell(
    probe: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    code: int,
) -> None:
    assert run_main(monkeypatch, "zz-probe", kind) == code
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err
    last = captured.err.strip().splitlines()[-1] if captured.err.strip() else ""
    if kind == "findings":
        assert captured.err.strip().splitlines() == [last]
        assert last == "error: 2 findings in postgresql://u:***@h/db"
    if kind == "bug":
        assert "Traceback" in captured.err  # a bug keeps its traceback, masked
        assert "postgresql://u:***@h/db" in captured.err
        assert last.startswith("error: internal error (RuntimeError)")


def test_success_exits_0(
    probe: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["cmkpi", "zz-probe", "ok"])
    main()  # returns normally: exit status 0
    assert capsys.readouterr().out == "fine\n"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["no-such-command"], "No such command 'no-such-command'"),
        (["info", "--bogus"], "No such option: --bogus (see `cmkpi info --help`)"),
        (["info", "--format", "xml"], "'xml' is not one of 'table', 'json'"),
        (["zz-probe"], "Missing argument 'kind'"),
    ],
)
def test_usage_errors_are_one_line(
    probe: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    fragment: str,
) -> None:
    assert run_main(monkeypatch, *args) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert fragment in lines[0]


def test_bare_cmkpi_shows_the_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(monkeypatch) == 2
    captured = capsys.readouterr()
    assert "Usage: cmkpi" in captured.out + captured.err
    assert "error:" not in captured.err
