"""Time ``cmkpi report`` (html, md, pdf) and ``cmkpi kpis`` / ``insights`` at scale 1.

Run: ``.venv/bin/python benchmarks/bench_report.py [--runs 3]``

It also times start-up (``cmkpi --version``, ``cmkpi --help``, ``cmkpi info``): what every command
pays before its own work, and what ``--version`` and ``--help`` should answer in (under 0.5 s).

Two databases at scale 1: the canonical sample (SQLite, ../shared/data) and the generator's
scale-1 data written to a temporary DuckDB file. Each command runs ``--runs`` times as a user runs
it, in a fresh process (``python -m classicmodels_kpi``), so the time includes the interpreter's
start-up and imports; the in-process column is the same work inside one warm process (gather the
numbers, render, write), which shows where the time goes. Target: the report in under 3 s.
Prints a markdown table and writes it, with the machine, to ``benchmarks/results/report.md``.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "report.md"
CANONICAL = (REPO / ".." / "shared" / "data" / "classicmodels_canonical.sqlite").resolve()
TARGET_S = 3.0
NAN = float("nan")
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    ram = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs (nproc), {cpu}, {ram} RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def become_subreaper() -> bool:
    """Adopt the orphans of the commands we run, so their CPU time can be counted.

    Chromium's helper processes (renderer, GPU, zygote) are not waited for by the browser: they
    end as orphans, and the CPU of an orphan reaped by init is in nobody's RUSAGE_CHILDREN. As the
    subreaper of its descendants (Linux), this process reaps them and their time counts.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_orphans(deadline_s: float = 10.0) -> None:
    """Wait for the adopted orphans of the last command (they end within a moment)."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.02)


def cli_seconds(args: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (user + system, the command and every process it started)."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "classicmodels_kpi", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        walls.append(time.perf_counter() - started)
        reap_orphans()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"cmkpi {' '.join(args)} failed: {done.stderr.strip()}")
    return walls, cpus


def in_process_seconds(db_arg: str, fmt: str, out: Path, runs: int) -> list[float]:
    """Same work in this (warm) process: open, gather, render, write."""
    from classicmodels_kpi.database.resolve import open_database
    from classicmodels_kpi.report import write_report

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with open_database(db_arg) as db:
            write_report(db, out, fmt=fmt)
        times.append(time.perf_counter() - started)
    return times


def scale1_duckdb(folder: Path) -> Path:
    from sqlalchemy.engine import make_url

    from classicmodels_kpi.sampledata.generator import SyntheticData
    from classicmodels_kpi.sampledata.writer import write_tables

    path = folder / "scale1.duckdb"
    write_tables(make_url(f"duckdb:///{path}"), SyntheticData(1).batches())
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per command (default 3)")
    parser.add_argument(
        "--chromium",
        help="browser for the PDF (sets CMKPI_CHROMIUM); default: what cmkpi finds on the PATH",
    )
    opts = parser.parse_args()
    if opts.chromium:
        os.environ["CMKPI_CHROMIUM"] = opts.chromium
    from classicmodels_kpi.report.pdf import find_chromium

    browser = os.path.realpath(find_chromium())
    counts_orphans = become_subreaper()
    started_load = load()
    rows: list[tuple[str, str, float, float, float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="cmkpi-bench-report-") as tmp:
        folder = Path(tmp)
        for name, args in {"--version": ["--version"], "--help": ["--help"]}.items():
            load_now = os.getloadavg()[0]
            cli, cpu = cli_seconds(args, opts.runs)
            rows.append(
                (
                    "(none)",
                    name,
                    statistics.median(cli),
                    min(cli),
                    statistics.median(cpu),
                    NAN,
                    load_now,
                )
            )
            print(
                f"{'start-up':17} {name:22} median {statistics.median(cli):5.2f} s, "
                f"CPU {statistics.median(cpu):5.2f} s",
                flush=True,
            )
        databases = {"canonical SQLite": str(CANONICAL), "generated DuckDB": ""}
        databases["generated DuckDB"] = str(scale1_duckdb(folder))
        for label, db in databases.items():
            commands = {
                "info": ["info", "--db", db, "--format", "json"],
                "kpis": ["kpis", "--db", db, "--format", "json"],
                "insights": ["insights", "--db", db, "--format", "json"],
                **{
                    f"report --format {fmt}": [
                        "report",
                        "--db",
                        db,
                        "--format",
                        fmt,
                        "-o",
                        str(folder / f"r.{fmt}"),
                    ]
                    for fmt in ("html", "md", "pdf")
                },
            }
            for name, args in commands.items():
                load_now = os.getloadavg()[0]
                cli, cpu = cli_seconds(args, opts.runs)
                warm = NAN
                if name.startswith("report"):
                    fmt = name.rsplit(" ", 1)[1]
                    warm = statistics.median(
                        in_process_seconds(db, fmt, folder / f"w.{fmt}", opts.runs)
                    )
                rows.append(
                    (
                        label,
                        name,
                        statistics.median(cli),
                        min(cli),
                        statistics.median(cpu),
                        warm,
                        load_now,
                    )
                )
                print(
                    f"{label:17} {name:22} median {statistics.median(cli):5.2f} s, "
                    f"CPU {statistics.median(cpu):5.2f} s",
                    flush=True,
                )

    lines = [
        "# cmkpi report: timings at scale 1",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
        f"Load average before the run: {started_load}; after: {load()}. "
        f"{opts.runs} runs per command. Target: the report in under {TARGET_S:g} s. "
        f"PDF browser: `{browser}`.",
        "",
        "| database | command | median (s) | best (s) | CPU (s) | in-process (s) | load |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for label, name, median, best, cpu, warm, load_now in rows:
        warm_text = "" if warm != warm else f"{warm:.2f}"
        lines.append(
            f"| {label} | `cmkpi {name}` | {median:.2f} | {best:.2f} | {cpu:.2f} | {warm_text} "
            f"| {load_now:.1f} |"
        )
    lines += [
        "",
        "median/best: wall-clock seconds of the whole command in a fresh process, as a user runs "
        "it (interpreter start-up and imports included). CPU: median user + system seconds of "
        "the command and every process it started, Chromium's helper processes included"
        + (
            " (this benchmark adopts them as their subreaper; figures measured before it did "
            "missed them, about two thirds of Chromium's CPU)"
            if counts_orphans
            else " (NOT here: this system would not make the benchmark their subreaper, so "
            "Chromium's helper processes are missing from the PDF's CPU)"
        )
        + "; on a busy machine it is the steadier figure, and on an idle one the wall clock is "
        "close to it (the PDF can use both cores). in-process: open the database, gather the "
        "numbers, render and write, in a warm process. The PDF adds a headless Chromium that "
        "loads the HTML (with the basic bundle of plotly.js inline), lets plotly draw and prints; "
        "it is started first and parses plotly.js while the numbers are gathered. load: the "
        "1-minute load average of the machine (2 cores) when the row started; above 2, commands "
        "wait for a core and the wall clock grows while the CPU time stays.",
        "",
    ]
    text = "\n".join(lines)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print()
    print(text)


if __name__ == "__main__":
    main()
