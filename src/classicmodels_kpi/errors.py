"""Errors the user can act on, each with the exit code the CLI documents.

Exit codes (also in the README):
    0  success
    1  the command ran and found problems (e.g. `cmkpi check` found error-severity findings)
    2  bad input: wrong path, not a database, missing table/column, bad parameter,
       server unreachable, wrong credentials, timeout
    3  the target of a write (import/generate) is not empty and --replace was not given
   70  an internal error (a bug): traceback printed with passwords masked, then one error line
  130  interrupted
"""

from __future__ import annotations


class CmkpiError(Exception):
    """A problem the user can fix; the CLI prints the message on one line, no traceback."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class DatabaseError(CmkpiError):
    """The database cannot be opened, reached or read as a ClassicModels database."""


class SchemaError(DatabaseError):
    """A table or column the catalogue needs is missing."""


class ParameterError(CmkpiError):
    """A query name, parameter name or value is not valid."""


class TargetNotEmptyError(CmkpiError):
    """import/generate would overwrite data; the user must say --replace."""

    exit_code = 3
