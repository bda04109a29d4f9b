"""--db values to URLs, and passwords masked: plain input/expected pairs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from classicmodels_kpi.database import ENV_VAR, display, mask, parse_db
from classicmodels_kpi.database.resolve import open_database
from classicmodels_kpi.errors import DatabaseError


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("data/cm.sqlite", "sqlite:///data/cm.sqlite"),
        ("data/cm.sqlite3", "sqlite:///data/cm.sqlite3"),
        ("data/cm.db", "sqlite:///data/cm.db"),
        ("/abs/CM.SQLITE", "sqlite:////abs/CM.SQLITE"),
        ("data/cm.duckdb", "duckdb:///data/cm.duckdb"),
        ("data/cm.ddb", "duckdb:///data/cm.ddb"),
        ("  cm.db  ", "sqlite:///cm.db"),
        ("sqlite:///cm.sqlite", "sqlite:///cm.sqlite"),
        ("sqlite+pysqlite:////abs/cm.sqlite", "sqlite:////abs/cm.sqlite"),
        ("duckdb:///cm.duckdb", "duckdb:///cm.duckdb"),
        ("postgresql://u@db.example/sales", "postgresql+psycopg://u@db.example/sales"),
        ("postgres://u@db.example/sales", "postgresql+psycopg://u@db.example/sales"),
        ("postgresql+psycopg2://u@h:5433/sales", "postgresql+psycopg://u@h:5433/sales"),
        ("postgresql+psycopg://u@h/sales", "postgresql+psycopg://u@h/sales"),
        ("mysql://u@h/sales", "mysql+pymysql://u@h/sales"),
        ("mysql+mysqldb://u@h:3307/sales", "mysql+pymysql://u@h:3307/sales"),
        ("mariadb://u@h/sales", "mysql+pymysql://u@h/sales"),
        ("mariadb+pymysql://u@h/sales", "mysql+pymysql://u@h/sales"),
    ],
)
def test_parse_db(given: str, expected: str) -> None:
    assert parse_db(given).render_as_string(hide_password=False) == expected


def test_parse_db_expands_the_home_folder() -> None:
    assert parse_db("~/cm.sqlite").database == str(Path.home() / "cm.sqlite")


def test_parse_db_keeps_a_password_with_an_unencoded_at_sign() -> None:
    # libpq reads up to the last @; SQLAlchemy alone would take "ss@h" for the host.
    url = parse_db("postgresql://u:p@ss@db.example:5432/sales")
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "u",
        "p@ss",
        "db.example",
        5432,
        "sales",
    )
    assert parse_db("postgresql://u:p%40ss@h/db").password == "p@ss"


@pytest.mark.parametrize(
    ("given", "names"),
    [
        ("", "--db is empty"),
        ("   ", "--db is empty"),
        ("sales.csv", "'sales.csv'"),
        ("sales", "'sales'"),
        ("oracle://u:pw@h/db", "'oracle'"),
        ("mssql+pyodbc://u@h/db", "'mssql'"),
    ],
)
def test_parse_db_refuses(given: str, names: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        parse_db(given)
    assert names in str(caught.value)
    assert ":pw@" not in str(caught.value)


def test_parse_db_names_a_folder(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        parse_db(str(tmp_path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postgresql://u:secret@h/db", "postgresql://u:***@h/db"),
        ("postgresql+psycopg://u:secret@h:5432/db?x=1", "postgresql+psycopg://u:***@h:5432/db?x=1"),
        ("mysql+pymysql://u:p@ss@h/db", "mysql+pymysql://u:***@h/db"),
        ("cannot reach mysql://u:pw@h/db (refused)", "cannot reach mysql://u:***@h/db (refused)"),
        (
            "a postgres://a:1@h/x and mysql://b:2@h/y",
            "a postgres://a:***@h/x and mysql://b:***@h/y",
        ),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("postgresql://h:5432/db", "postgresql://h:5432/db"),
        ("sqlite:////tmp/a:b.sqlite", "sqlite:////tmp/a:b.sqlite"),
        ("no url here: x@y", "no url here: x@y"),
        ("", ""),
    ],
)
def test_mask(text: str, expected: str) -> None:
    assert mask(text) == expected


def test_mask_hides_a_password_seen_in_db_anywhere() -> None:
    # A driver may echo the password outside any URL; once parsed from --db it is masked anywhere.
    parse_db("postgresql://u:Tr0ub4dor@h/db")
    assert mask("server said: bad password Tr0ub4dor.") == "server said: bad password ***."


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+psycopg://u:secret@h:5432/db", "postgresql+psycopg://u:***@h:5432/db"),
        ("mysql+pymysql://u:p%40ss@h/db", "mysql+pymysql://u:***@h/db"),
        ("mysql+pymysql://u@h/db", "mysql+pymysql://u@h/db"),
        ("sqlite:////data/cm.sqlite", "sqlite:////data/cm.sqlite"),
        ("duckdb:///cm.duckdb", "duckdb:///cm.duckdb"),
    ],
)
def test_display(url: str, expected: str) -> None:
    assert display(make_url(url)) == expected


def test_environment_variable_is_used_when_db_is_absent(
    monkeypatch: pytest.MonkeyPatch, canonical_path: Path
) -> None:
    monkeypatch.setenv(ENV_VAR, str(canonical_path))
    with open_database(None) as database:
        assert database.url.database == str(canonical_path)
        assert database.kind == "sqlite"


def test_db_wins_over_the_environment_variable(
    monkeypatch: pytest.MonkeyPatch, canonical_path: Path, tmp_path: Path
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere.sqlite"))
    with open_database(str(canonical_path)) as database:
        assert database.url.database == str(canonical_path)


def test_an_empty_db_is_an_error_not_the_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(DatabaseError, match="--db is empty"):
        open_database("")


@pytest.mark.parametrize(
    "given",
    [
        "sqlite:///cm.sqlite",
        "sqlite:////abs/dir with space/cm.sqlite",
        "sqlite:////abs/x%20y.sqlite",
        "sqlite:////tmp/a%3Fb%25c.sqlite",
        "sqlite:///x#y.sqlite",
        "sqlite:////données/ventes.db",
        "sqlite+pysqlite:////abs/cm.sqlite",
        "sqlite://",
        "sqlite:///",
        "duckdb:///cm.duckdb",
        "duckdb+duckdb:////abs/a+b.duckdb",
    ],
)
def test_a_file_url_reads_as_sqlalchemy_reads_it(given: str) -> None:
    # File URLs are parsed without SQLAlchemy; they must mean and print exactly what SQLAlchemy's
    # make_url makes of them (the driver named in the URL aside: ours is always used).
    ours = parse_db(given)
    theirs = make_url(given)
    theirs = theirs.set(drivername=theirs.get_backend_name())
    assert ours.database == theirs.database
    assert ours.get_backend_name() == theirs.get_backend_name()
    assert ours.render_as_string(hide_password=False) == theirs.render_as_string(
        hide_password=False
    )
    assert display(ours) == display(theirs)


@pytest.mark.parametrize(
    "given", ["sqlite:///cm.sqlite?mode=ro", "duckdb://host/cm.duckdb", "sqlite://u@h/x"]
)
def test_a_file_url_with_more_parts_goes_to_sqlalchemy(given: str) -> None:
    # a query string or a host: read by SQLAlchemy, as before
    assert parse_db(given).render_as_string(hide_password=False) == make_url(
        given
    ).render_as_string(hide_password=False)
