#!/usr/bin/env bash
# Install the product in .venv and start the dashboard on the embedded demo data at
# http://127.0.0.1:8050. Extra arguments go to `cmkpi serve` (e.g. --db my.sqlite --port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  if ! python3 -m venv .venv 2>/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv .venv
    else
      echo "python3 -m venv failed: install python3-venv (sudo apt-get install python3-venv)" >&2
      exit 2
    fi
  fi
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -c constraints.txt -e ".[postgres,mysql]"
# the package's own bytecode, written now: where PYTHONDONTWRITEBYTECODE is set (this kind of
# machine sets it) every start would compile our 70 modules again (~0.2 s of CPU each time)
.venv/bin/python -m compileall -q src >/dev/null
exec .venv/bin/cmkpi serve "$@"
