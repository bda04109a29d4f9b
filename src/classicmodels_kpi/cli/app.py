"""The ``cmkpi`` Typer application and what every command shares: --db, errors, output.

Start-up is kept light: this module and the command modules import only typer, rich and the
standard library at module level, and a command module is imported only when its command runs
(:class:`LazyGroup`). pandas, SQLAlchemy, sqlglot, plotly and jinja2 load inside the commands
that use them, so ``cmkpi --version`` answers without any of them.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from collections.abc import Iterator, MutableMapping
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
import typer.core
import typer.main

from classicmodels_kpi.errors import CmkpiError

if TYPE_CHECKING:
    # Typer carries its own copy of Click; importing the click package would cost ~50 ms more.
    from rich.console import Console
    from typer._click import Command, Context

    from classicmodels_kpi.database import Database

#: Same value as ``classicmodels_kpi.database.ENV_VAR`` (a test holds them equal); spelt out here
#: because importing the database package loads SQLAlchemy, which ``--help`` does not need.
ENV_VAR = "CMKPI_DATABASE_URL"

#: Which module registers each command, in the order ``cmkpi --help`` lists them.
COMMAND_MODULES: dict[str, str] = {
    "catalogue": "classicmodels_kpi.cli.catalogue",
    "query": "classicmodels_kpi.cli.catalogue",
    "check": "classicmodels_kpi.cli.catalogue",
    "info": "classicmodels_kpi.cli.info",
    "kpis": "classicmodels_kpi.cli.kpis",
    "insights": "classicmodels_kpi.cli.kpis",
    "report": "classicmodels_kpi.cli.kpis",
    "import": "classicmodels_kpi.cli.sampledata",
    "generate": "classicmodels_kpi.cli.sampledata",
    "serve": "classicmodels_kpi.cli.serve",
}


class _AllCommands(MutableMapping[str, "Command"]):
    """The group's ``commands``: reading them all (help, suggestions, tests) loads every module."""

    def __init__(self, group: LazyGroup) -> None:
        self._group = group

    def __getitem__(self, name: str) -> Command:
        return self._group.loaded(name)[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._group.known[name] = command

    def __delitem__(self, name: str) -> None:
        del self._group.known[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._group.every_name())

    def __len__(self) -> int:
        return len(self._group.every_name())


class LazyGroup(typer.core.TyperGroup):
    """The root group: a command's module is imported when that command is asked for.

    ``cmkpi kpis`` imports only ``cli.kpis`` (and what ``kpis`` itself needs), ``cmkpi --version``
    no command module at all. The commands are still plain Typer commands registered on ``app``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The click commands built so far, by name.
        self.known: dict[str, Command] = dict(self.commands)
        self.commands = _AllCommands(self)

    def loaded(self, name: str) -> dict[str, Command]:
        """Import the module of command ``name`` (if not yet) and add the commands it registers."""
        module = COMMAND_MODULES.get(name)
        if name not in self.known and module is not None:
            importlib.import_module(module)
            for info in app.registered_commands:
                if info.callback is None:
                    continue
                new = info.name or typer.main.get_command_name(info.callback.__name__)
                if new not in self.known:
                    self.known[new] = typer.main.get_command_from_info(
                        info,
                        pretty_exceptions_short=app.pretty_exceptions_short,
                        rich_markup_mode=app.rich_markup_mode,
                    )
        return self.known

    def every_name(self) -> list[str]:
        """Every command, in help order: the table above, then any registered otherwise."""
        for name in COMMAND_MODULES:
            self.loaded(name)
        first = [name for name in COMMAND_MODULES if name in self.known]
        return first + [name for name in self.known if name not in COMMAND_MODULES]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        return self.loaded(cmd_name).get(cmd_name)

    def list_commands(self, ctx: Context) -> list[str]:
        return self.every_name()


app = typer.Typer(
    cls=LazyGroup,
    name="cmkpi",
    help="Executive KPIs, report, data-quality checks and SQL catalogue for a ClassicModels "
    "sales database (SQLite, DuckDB, PostgreSQL, MySQL/MariaDB). Reads only: never writes to "
    "the database it analyses.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@cache
def _consoles() -> dict[str, Console]:
    """Made on first use: ``--version`` need not import rich's console."""
    from rich.console import Console

    return {"out": Console(soft_wrap=True), "err": Console(stderr=True, soft_wrap=True)}


def stdout() -> Console:
    """Normal output: tables go to stdout so they can be piped."""
    return _consoles()["out"]


def stderr() -> Console:
    """Messages, progress and errors."""
    return _consoles()["err"]


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
    """One status line on stderr (keeps stdout clean for data), as plain text: no markup, and
    no rich console to import for it (a report or an import says one line and nothing else)."""
    print(message, file=sys.stderr, flush=True)


def open_db(db: str | None) -> Database:
    from classicmodels_kpi.database.resolve import open_database

    return open_database(db, say=say)


def _version(value: bool) -> None:
    if value:
        from classicmodels_kpi import __version__

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
        stderr().print("interrupted.", highlight=False)
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors: unknown option, bad value, missing argument
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `cmkpi`: the help is the answer
            text = str(getattr(exc, "format_message", lambda: "")()).strip()
            if text:
                stderr().print(text, highlight=False, markup=False)
            sys.exit(2)
        _fail(_usage_message(exc), 2)
    except Exception as exc:  # a bug: keep the traceback for the report, but never a password
        from classicmodels_kpi.database.url import mask

        stderr().print(mask(traceback.format_exc()).rstrip(), highlight=False, markup=False)
        _fail(f"internal error ({type(exc).__name__}); please report it with the lines above.", 70)
    if isinstance(code, int) and code != 0:
        sys.exit(code)


def _fail(message: str, code: int) -> NoReturn:
    # One line whatever the message holds: tracebacks and driver output never reach the user.
    from classicmodels_kpi.database.url import mask

    line = " ".join(mask(message).split())
    stderr().print(f"error: {line}", highlight=False, markup=False)
    sys.exit(code)


def _usage_message(exc: Exception) -> str:
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None) or "cmkpi"
    return f"{message} (see `{path} --help`)"
