"""Run ``cmkpi`` as users do: a real subprocess, its stdout, stderr and exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Cmkpi = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cmkpi(tmp_path: Path) -> Cmkpi:
    """``cmkpi(*args, env={...})``: the command in a clean environment, run in a temp folder."""

    def run(
        *args: str, env: dict[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("CMKPI_")}
        environment.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "classicmodels_kpi", *args],
            capture_output=True,
            text=True,
            env=environment,
            cwd=tmp_path,
            timeout=timeout,
        )

    return run


@pytest.fixture
def one_error_line() -> Callable[..., str]:
    """``one_error_line(result, *fragments, secret=...)``: the check every bad input must pass."""
    return _one_error_line


def _one_error_line(
    result: subprocess.CompletedProcess[str], *fragments: str, secret: str | None = None
) -> str:
    """Exit 2, nothing on stdout, exactly one ``error: …`` line on stderr naming the fragments."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    shown = f"exit {result.returncode}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
    assert result.returncode == 2, shown
    assert result.stdout == "", shown
    assert len(lines) == 1, shown
    assert lines[0].startswith("error: "), shown
    for fragment in fragments:
        assert fragment in lines[0], shown
    if secret is not None:
        assert secret not in result.stdout + result.stderr, shown
    return lines[0]
