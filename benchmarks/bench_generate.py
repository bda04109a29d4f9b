"""Time ``cmkpi generate`` at scales 1, 10 and 100 (and 1000 with --with-1000) into SQLite and
DuckDB.

Run: ``.venv/bin/python benchmarks/bench_generate.py [--with-1000]``

Each run happens in a fresh child process (so peak memory is that run's own) and times
generating plus writing the whole database, as ``cmkpi generate`` does, without the interpreter's
start-up. Prints a markdown table and writes it, with the machine, to
``benchmarks/results/generate.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "generate.md"
ENGINES = ("sqlite", "duckdb")


def one_run(scale: float, engine: str, folder: str) -> dict[str, object]:
    """Generate one database; runs inside the child process."""
    import resource

    from sqlalchemy.engine import make_url

    from classicmodels_kpi.sampledata.generator import SyntheticData
    from classicmodels_kpi.sampledata.writer import write_tables

    path = Path(folder) / f"bench-{scale:g}.{engine}"
    started = time.perf_counter()
    counts = write_tables(make_url(f"{engine}:///{path}"), SyntheticData(scale).batches())
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "scale": scale,
        "engine": engine,
        "seconds": seconds,
        "order_lines": counts["orderdetails"],
        "rows": sum(counts.values()),
        "peak_mib": peak_kib / 1024,
        "file_mib": path.stat().st_size / 2**20,
    }


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs (nproc), {cpu}, {ram} RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}; load average before the "
        f"run {load}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with-1000", action="store_true", help="also scale 1000 (~3M lines)")
    parser.add_argument(
        "--one", nargs=3, metavar=("SCALE", "ENGINE", "FOLDER"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.one:
        scale, engine, folder = args.one
        print(json.dumps(one_run(float(scale), engine, folder)))
        return

    scales = [1, 10, 100] + ([1000] if args.with_1000 else [])
    where = machine()
    rows = []
    with tempfile.TemporaryDirectory(prefix="cmkpi-bench-") as folder:
        for scale in scales:
            for engine in ENGINES:
                child = subprocess.run(
                    [sys.executable, __file__, "--one", str(scale), engine, folder],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                result = json.loads(child.stdout.strip().splitlines()[-1])
                rows.append(result)
                print(
                    f"scale {scale:>4} {engine:<6} {result['seconds']:7.2f} s",
                    file=sys.stderr,
                    flush=True,
                )
                for leftover in Path(folder).iterdir():
                    leftover.unlink()

    table = [
        "| scale | engine | order lines | all rows | seconds | rows/s | peak memory | file size |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        table.append(
            f"| {r['scale']:g} | {r['engine']} | {r['order_lines']:,} | {r['rows']:,} | "
            f"{r['seconds']:.2f} | {r['rows'] / r['seconds']:,.0f} | {r['peak_mib']:.0f} MiB | "
            f"{r['file_mib']:.1f} MiB |"
        )
    text = "\n".join(table)
    print(text)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        "# cmkpi generate: time to generate and write\n\n"
        f"Measured {stamp} by `benchmarks/bench_generate.py"
        f"{' --with-1000' if args.with_1000 else ''}` on: {where}.\n\n"
        "Seconds are generating plus writing the whole database (seed 42) in one fresh process, "
        "without the interpreter's start-up; peak memory is that process's maximum RSS.\n\n"
        f"{text}\n"
    )
    print(f"\nwritten to {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
