"""Database URLs in messages never show their password, even when they do not parse; a driver's reason that
repeats the password has it hidden too."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from venuedesk.store.errors import DatabaseUrlError, parse_database_url, safe_url, unreachable


@pytest.mark.parametrize("url,shown", [
    ("postgresql+psycopg://anna:pw@db:5432/x", "postgresql+psycopg://anna:***@db:5432/x"),
    ("//anna:pw@db", "//anna:***@db"),
    ("nonsense://anna:p/w@db/x", "nonsense://anna:***@db/x"),
    ("pg://anna:p@ss@db", "pg://anna:***@db"),
    ("sqlite:///tmp/x.sqlite3", "sqlite:///tmp/x.sqlite3"),
])
def test_safe_url_hides_the_password(url: str, shown: str) -> None:
    assert safe_url(url) == shown


def test_an_unreachable_database_hides_a_password_the_driver_repeats() -> None:
    url = "postgresql+psycopg://anna:hunter22@db/x"
    error = OperationalError("connect", {}, Exception("bad password 'hunter22' for anna\nsecond line"))

    message = str(unreachable(url, error))

    assert "hunter22" not in message and "bad password '***' for anna" in message
    assert "second line" not in message


@pytest.mark.parametrize("url", ["mysql://u@h/x", "oracle://u@h/x", "mssql+pyodbc://u@h/x"])
def test_only_sqlite_and_postgresql_urls_are_accepted(url: str) -> None:
    with pytest.raises(DatabaseUrlError, match="SQLite or PostgreSQL"):
        parse_database_url(url)
