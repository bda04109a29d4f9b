"""The ``cmkpi`` Typer application and what every command shares: --db, errors, output."""

from __future__ import annotations

import sys
import traceback
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from classicmodels_kpi import __version__
from classicmodels_kpi.database import ENV_VAR, Database
from classicmodels_kpi.database.resolve import open_database
from classicmodels_kpi.database.url import mask
from classicmodels_kpi.errors import CmkpiError

app = typer.Typer(
    name="cmkpi",
    help="Executive KPIs, report, data-quality checks and SQL catalogue for a ClassicModels "
    "sales database (SQLite, DuckDB, PostgreSQL, MySQL/MariaDB). Reads only: never writes to "
    "the database it analyses.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

#: Normal output (stdout) and messages (stderr); tables go to stdout so they can be piped.
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar=ENV_VAR,
        show_envvar=True,
        show_default=False,
        help="Database: a SQLAlchemy URL (sqlite:///f.sqlite, duckdb:///f.duckdb, "
        "postgresql+psycopg://user@host/db, mysql+pymysql://user@host/db) or a .sqlite/.db/"
        ".duckdb file path. Default: the embedded demo database.",
    ),
]


def say(message: str) -> None:
    """One status line on stderr (keeps stdout clean for data)."""
    err.print(message, highlight=False)


def open_db(db: str | None) -> Database:
    return open_database(db, say=say)


def _version(value: bool) -> None:
    if value:
        print(f"cmkpi {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Executive KPIs over a ClassicModels sales database."""


def main() -> None:
    """Entry point: runs the app and turns every user-fixable error into one line + exit code."""
    try:
        # Outside standalone mode Click returns the code of a `typer.Exit` instead of exiting.
        code = app(prog_name="cmkpi", standalone_mode=False)
    except CmkpiError as exc:
        _fail(str(exc), exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("interrupted.", highlight=False)
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors: unknown option, bad value, missing argument
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `cmkpi`: the help is the answer
            text = str(getattr(exc, "format_message", lambda: "")()).strip()
            if text:
                err.print(text, highlight=False, markup=False)
            sys.exit(2)
        _fail(_usage_message(exc), 2)
    except Exception as exc:  # a bug: keep the traceback for the report, but never a password
        err.print(mask(traceback.format_exc()).rstrip(), highlight=False, markup=False)
        _fail(f"internal error ({type(exc).__name__}); please report it with the lines above.", 70)
    if isinstance(code, int) and code != 0:
        sys.exit(code)


def _fail(message: str, code: int) -> NoReturn:
    # One line whatever the message holds: tracebacks and driver output never reach the user.
    line = " ".join(mask(message).split())
    err.print(f"error: {line}", highlight=False, markup=False)
    sys.exit(code)


def _usage_message(exc: Exception) -> str:
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None) or "cmkpi"
    return f"{message} (see `{path} --help`)"
