"""Time the whole SQL catalogue: every query once, in a fresh process over one connection.

Run: ``.venv/bin/python benchmarks/bench_catalogue.py [--with-1000] [--repeat N]``

Targets (issue 3): all queries on the canonical SQLite ≤ 0.15 s; on a generated scale-100 DuckDB
≤ 2 s; on scale 1000 DuckDB ≤ 10 s (``--with-1000``); SQLite at 100 and 1000 is reported only.
Generated databases (``cmkpi generate --seed 42``) are kept in ``--data`` (default: a
``bench`` folder in the cache directory) and reused by later runs.

Each measurement is a child process: import, connect (schema check), then every query once, two
ways in separate processes: side by side through ``Catalogue.run_many`` (two at a time, how the
product runs a batch; the goals apply to it), and one by one through ``Catalogue.run`` (parameters
bound, results typed), timed per query. The transpiled SQL is cached
on disk (``CMKPI_CACHE_DIR``); the first run of an engine with an empty cache is reported apart
("first run"), every other figure is with the cache filled, as a user's second command would be.
"SQL alone" runs the same SQL once more through ``Database.fetchall`` and fetches plain rows,
without building typed frames: the engine's share. Times are the best of ``--repeat`` runs
(default 3; 1 at scale 1000). Prints markdown and writes it, with the machine, to
``benchmarks/results/catalogue.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "catalogue.md"
CANONICAL = (REPO / ".." / "shared" / "data" / "classicmodels_canonical.sqlite").resolve()
SEED = 42
GOALS = {("sqlite", 1): 0.15, ("duckdb", 100): 2.0, ("duckdb", 1000): 10.0}


# -- child: one measurement ---------------------------------------------------------------------
def child(url: str, *, side_by_side: bool = False) -> None:
    """One measurement: every query one by one (timed each), or side by side through
    ``Catalogue.run_many`` (two at a time, as ``cmkpi check`` and the report run theirs)."""
    started = time.perf_counter()
    import pandas  # noqa: F401  (a library's import is start-up, not query time)

    from classicmodels_kpi.catalogue import Catalogue, queries
    from classicmodels_kpi.database import connect, parse_db

    imported = time.perf_counter()
    db = connect(parse_db(url))
    catalogue = Catalogue(db)
    connected = time.perf_counter()
    cpu_started = time.process_time()
    if side_by_side:
        frames = catalogue.run_many(queries())
        done = time.perf_counter()
        cpu = time.process_time() - cpu_started
        db.close()
        times = {"import_s": imported - started, "connect_s": connected - imported}
        print(
            json.dumps(
                {**times, "queries_s": done - connected, "cpu_s": cpu, "queries": len(frames)}
            )
        )
        return
    catalogue.latest_order_date()  # the default as_of, looked up once for every query
    per_query: dict[str, float] = {}
    order_lines = 0
    for name in queries():
        t = time.perf_counter()
        frame = catalogue.run(name)
        per_query[name] = time.perf_counter() - t
        if name == "table_row_counts":
            order_lines = int(frame.set_index("table_name").loc["orderdetails", "row_count"])
    done = time.perf_counter()
    cpu = time.process_time() - cpu_started
    # the same SQL again, executed and fetched as plain rows: the engine's share of the time,
    # through Database as the catalogue reads (each engine's own driver, or SQLAlchemy's)
    sql_started = time.perf_counter()
    for query in queries().values():
        if query.python is None:
            sql = db.transpile(query.sql, raw_dates=query.raw_dates)
            db.fetchall(sql, catalogue.bind(query, {}))
    sql_only = time.perf_counter() - sql_started
    db.close()
    print(
        json.dumps(
            {
                "import_s": imported - started,
                "connect_s": connected - imported,
                "queries_s": done - connected,
                "cpu_s": cpu,
                "sql_only_s": sql_only,
                "per_query": per_query,
                "order_lines": order_lines,
            }
        )
    )


def measure(url: str, cache: Path, *, side_by_side: bool = False) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMKPI_")}
    env["CMKPI_CACHE_DIR"] = str(cache)
    out = subprocess.run(
        [sys.executable, __file__, "--side-by-side" if side_by_side else "--child", url],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"measuring {url} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def best(url: str, cache: Path, repeat: int, *, side_by_side: bool = False) -> dict[str, object]:
    runs = [measure(url, cache, side_by_side=side_by_side) for _ in range(repeat)]
    return min(runs, key=lambda r: float(r["queries_s"]))  # type: ignore[arg-type]


# -- data -------------------------------------------------------------------------------------
def default_data_dir() -> Path:
    configured = os.environ.get("CMKPI_CACHE_DIR", "").strip()
    if configured:
        return Path(configured) / "bench"
    import platformdirs

    return Path(platformdirs.user_cache_dir("classicmodels-kpi")) / "bench"


def generated(data: Path, engine: str, scale: int) -> Path:
    """A generated database, made once and reused (named by scale, seed and generator version)."""
    from classicmodels_kpi.sampledata.generator import GENERATOR_VERSION

    path = data / f"s{scale}-seed{SEED}-g{GENERATOR_VERSION}.{engine}"
    if not path.exists():
        data.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".partial.{engine}")
        partial.unlink(missing_ok=True)
        print(f"generating scale {scale} {engine} into {path} …", file=sys.stderr, flush=True)
        subprocess.run(
            [sys.executable, "-m", "classicmodels_kpi", "generate", "--scale", str(scale),
             "--seed", str(SEED), "--to", str(partial)],
            check=True,
        )  # fmt: skip
        partial.rename(path)
    return path


def canonical_duckdb(data: Path) -> Path:
    """The canonical sample copied into DuckDB (for the same data on both engines)."""
    import sqlite3

    import pandas as pd
    from sqlalchemy.engine import make_url

    from classicmodels_kpi.database.schema import TABLE_ORDER
    from classicmodels_kpi.sampledata.writer import write_tables

    path = data / "canonical.duckdb"
    if not path.exists():
        data.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(f"file:{CANONICAL}?mode=ro", uri=True) as conn:
            batches = [(t, pd.read_sql(f"SELECT * FROM {t}", conn)) for t in TABLE_ORDER]
        write_tables(make_url(f"duckdb:///{path}"), batches)
    return path


# -- report -----------------------------------------------------------------------------------
def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average {load:.1f} at the start"
    )


def together_s(result: dict[str, object]) -> float:
    return float(result["together"]["queries_s"])  # type: ignore[index]


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def compile_package() -> None:
    """Our modules' bytecode, as the install scripts write it: where PYTHONDONTWRITEBYTECODE is
    set, each child would otherwise compile them again (~0.2 s of CPU) inside the timings."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with-1000", action="store_true", help="also scale 1000 (minutes)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per target; best is kept")
    parser.add_argument("--data", type=Path, default=None, help="folder for generated databases")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--side-by-side", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if args.side_by_side:
        child(args.side_by_side, side_by_side=True)
        return

    compile_package()
    data = args.data or default_data_dir()
    targets: list[tuple[str, str, int, Path]] = [
        ("canonical sample", "sqlite", 1, CANONICAL),
        ("canonical sample", "duckdb", 1, canonical_duckdb(data)),
        ("generated", "duckdb", 100, generated(data, "duckdb", 100)),
        ("generated", "sqlite", 100, generated(data, "sqlite", 100)),
    ]
    if args.with_1000:
        targets += [
            ("generated", "duckdb", 1000, generated(data, "duckdb", 1000)),
            ("generated", "sqlite", 1000, generated(data, "sqlite", 1000)),
        ]
    started = datetime.now(UTC)
    header = machine()
    cache = Path(tempfile.mkdtemp(prefix="cmkpi-bench-sql-"))
    results: list[tuple[str, str, int, dict[str, object]]] = []
    first_runs: dict[str, tuple[str, dict[str, object]]] = {}
    try:
        for label, engine, scale, path in targets:
            url = f"{engine}:///{path}"
            if engine not in first_runs:  # empty SQL cache: what the very first command pays
                first_runs[engine] = (url, measure(url, cache))
            repeat = 1 if scale >= 1000 else max(1, args.repeat)
            result = best(url, cache, repeat)
            result["together"] = best(url, cache, repeat, side_by_side=True)
            results.append((label, engine, scale, result))
            goal = GOALS.get((engine, scale))
            print(
                f"{engine:6} scale {scale:>4}: {fmt_s(together_s(result))} side by side, "
                f"{fmt_s(float(result['queries_s']))} one by one, for "  # type: ignore[arg-type]
                f"{len(result['per_query'])} queries" + (f" (goal ≤ {goal:g} s)" if goal else ""),  # type: ignore[arg-type]
                file=sys.stderr,
                flush=True,
            )
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    lines = [
        "# Catalogue benchmark",
        "",
        f"Machine: {header}.  ",
        f"Run: {started:%Y-%m-%d %H:%M} UTC, `benchmarks/bench_catalogue.py"
        f"{' --with-1000' if args.with_1000 else ''}`, best of {args.repeat} "
        "(1 at scale 1000); generated data: `cmkpi generate --seed 42`.",
        "",
        "All queries run in one process two ways: **side by side** (`Catalogue.run_many`, two "
        "at a time, as `cmkpi check` and the report run theirs; the goal applies to it) and "
        "**one by one** (`Catalogue.run` in turn, which also gives the per-query times below).",
        "",
        "| data | engine | scale | order lines | all queries, side by side (wall) | goal | "
        "CPU | one by one (wall) | CPU | SQL alone | import | connect | "
        "first run (empty SQL cache) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (label, engine, scale, r), (*_, path) in zip(results, targets, strict=True):
        goal = GOALS.get((engine, scale))
        met = "" if goal is None else (" ✅" if together_s(r) <= goal else " ❌")
        first_url, first_run = first_runs[engine]
        first = first_run if first_url == f"{engine}:///{path}" else None
        lines.append(
            f"| {label} | {engine} | {scale} | {int(r['order_lines']):,} | "
            f"**{fmt_s(together_s(r))}**{met} | "
            f"{'≤ ' + format(goal, 'g') + ' s' if goal else 'report'} | "
            f"{fmt_s(float(r['together']['cpu_s']))} | "  # type: ignore[index]
            f"{fmt_s(float(r['queries_s']))} | "
            f"{fmt_s(float(r['cpu_s']))} | {fmt_s(float(r['sql_only_s']))} | "
            f"{fmt_s(float(r['import_s']))} | {fmt_s(float(r['connect_s']))} | "
            f"{fmt_s(float(first['queries_s'])) if first else ''} |"
        )
    names = list(results[0][3]["per_query"])  # type: ignore[arg-type]
    cols = [f"{e} {s}" for _, e, s, _ in results]
    lines += [
        "",
        "Per query, milliseconds (SQL cache filled):",
        "",
        "| query | " + " | ".join(cols) + " |",
        "|---|" + "---:|" * len(cols),
    ]
    for name in names:
        cells = [f"{1000 * float(r['per_query'][name]):.1f}" for *_, r in results]  # type: ignore[index]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
