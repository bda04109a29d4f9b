cd "$(dirname "$0")/../.."  # README.md = header + docs/readme/*.md + Development; run from anywhere
{
cat <<'HEAD'
# classicmodels-kpi

```bash
bash scripts/start.sh    # install, then serve the dashboard on the demo data at http://127.0.0.1:8050
bash scripts/test.sh     # install everything the tests need (Debian packages as root), run the whole suite
```

Executive KPIs, a static report, data-quality checks and a layered SQL analytics catalogue over a
sales database with the ClassicModels schema (customers, employees, offices, orders, orderdetails,
payments, productlines, products), on SQLite (the embedded default), DuckDB, PostgreSQL and
MySQL/MariaDB. It only ever reads your database.

Both commands need only Debian with Python 3.11. `scripts/start.sh` creates `.venv`, installs the
package with the versions pinned in `constraints.txt`, and runs `cmkpi serve` (extra arguments are
passed on, e.g. `bash scripts/start.sh --db sales.duckdb`); with no `--db` it uses the embedded demo
database, generated on first use. `scripts/test.sh`, run as root, also installs chromium,
chromium-headless-shell, postgresql, mariadb-server, poppler-utils and python3-venv from Debian;
the suite starts its own PostgreSQL and MariaDB on 127.0.0.1 in a temporary folder and drives a
real headless Chromium.
`.ci/run` calls `bash scripts/test.sh`. Extra arguments go to pytest (`bash scripts/test.sh -k sqlite`).

![The Executive page, dark theme](docs/screenshots/executive-dark-1920.png)

## Contents
- [The command line](#the-command-line)
- [Databases](#databases---db-read-only-access-errors)
- [Sample data](#sample-data-import-the-real-sample-generate-synthetic-data-the-demo-database)
- [The SQL catalogue](#the-sql-catalogue)
- [KPIs, insights and the report](#kpis-insights-and-the-executive-report)
- [The dashboard](#the-dashboard)
- [Development](#development)

## The command line

| command | what it does |
|---|---|
| `cmkpi info` | engine, rows per table, date range of the orders |
| `cmkpi import FILE.sql --to URL` | load the canonical MySQL dump into any engine (no MySQL server needed) |
| `cmkpi generate --scale N --seed S --to URL` | write a deterministic synthetic database |
| `cmkpi catalogue` / `cmkpi query NAME` | list / run the catalogue's SQL queries |
| `cmkpi check` | all data-quality checks; exit 1 on error-severity findings |
| `cmkpi kpis` | the seven KPIs against a like-for-like reference period |
| `cmkpi insights` | findings and recommendations computed from the data |
| `cmkpi report --format html\|md\|pdf -o FILE` | the executive report, one self-contained file |
| `cmkpi serve` | the dashboard |

Every command takes `--db` (or `CMKPI_DATABASE_URL`); `cmkpi COMMAND --help` lists the options.

HEAD
for f in database sampledata catalogue catalogue_b kpis dashboard dashboard-grids; do
  [ -f docs/readme/$f.md ] && { sed -e 's/^## Catalogue: the analytical and predictive layers/### The analytical and predictive layers/' docs/readme/$f.md; echo; }
done
cat <<'TAIL'
## Development

- Layout: `src/classicmodels_kpi/` with `database/` (read-only access, schema check, transpiling),
  `catalogue/<layer>/<name>.sql` (one query per file), `kpis/`, `insights/`, `report/`,
  `dashboard/` (one module per page), `sampledata/` (import, generate, demo: the only writers),
  `cli/` (one module per command area). Data flows one way: database → catalogue →
  KPIs/insights → report or dashboard. Contracts between the parts: `docs/dev/ARCHITECTURE.md`.
- Tests mirror the source tree. Golden numbers are computed in the tests with pandas over the raw
  tables of `../shared/data/classicmodels_canonical.sqlite` (read in place, never copied). The
  suite starts PostgreSQL and MariaDB itself (`tests/conftest.py`; pytest-postgresql's and
  pytest-mysql's process fixtures run `initdb`/`mysqld` as the current user, which fails as root,
  so the fixtures run the Debian binaries as the `postgres`/`mysql` users). With `CI=true` a
  service that cannot start fails the run instead of skipping.
- Benchmarks: `benchmarks/bench_generate.py`, `bench_catalogue.py`, `bench_report.py`,
  `bench_dashboard.py`; each writes `benchmarks/results/<name>.md`. Timings are never asserted in
  tests.
- Style: `ruff check` and `ruff format` (run by `scripts/test.sh`), type hints throughout.
TAIL
} > README.md
