#!/usr/bin/env bash
# Install everything the tests need, from nothing, then run the whole suite.
#   - as root: the Debian packages (chromium for the browser tests, chromium-headless-shell for
#     the PDF report, postgresql and mariadb-server that the suite starts itself, poppler-utils,
#     python3-venv);
#   - always: a virtualenv in .venv with the package, its test extra and the pinned versions.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k sqlite`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ]; then
  missing=""
  for pkg in chromium chromium-headless-shell postgresql mariadb-server poppler-utils python3-venv; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    echo "== installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
echo "== installing Python packages"
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -c constraints.txt -e ".[test]"
# the package's own bytecode, written now: where PYTHONDONTWRITEBYTECODE is set (this kind of
# machine sets it) every start would compile our 70 modules again (~0.2 s of CPU each time)
.venv/bin/python -m compileall -q src >/dev/null

echo "== ruff"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks

echo "== pytest"
exec .venv/bin/python -m pytest -n 2 "$@"
