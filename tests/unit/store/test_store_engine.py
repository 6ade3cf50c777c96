"""Database URL selection, SQLite engine settings and the tz-aware column type."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Column, DateTime, MetaData, Table, event, insert, select
from sqlalchemy.engine import make_url

from venuedesk.clock import VENUE_TZ
from venuedesk.store.db import database_url_from_env, make_engine
from venuedesk.store.types import TZDateTime


def test_the_database_url_comes_from_the_environment_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("VENUEDESK_DATABASE_URL", "postgresql+psycopg://db/venue")
    assert database_url_from_env(tmp_path) == "postgresql+psycopg://db/venue"


def test_without_a_url_a_sqlite_file_lives_in_venuedesk_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("VENUEDESK_DATABASE_URL", raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("VENUEDESK_HOME", str(home))
    assert database_url_from_env() == f"sqlite:///{home / 'venuedesk.sqlite3'}"
    assert home.is_dir()
    other = tmp_path / "explicit"
    assert database_url_from_env(other) == f"sqlite:///{other / 'venuedesk.sqlite3'}"


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    engine = make_engine("postgresql://postgres@127.0.0.1:5432/test")
    assert engine.dialect.driver == "psycopg"
    assert make_url(str(engine.url)).drivername == "postgresql+psycopg"
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") == 30000
        assert pragma("foreign_keys") == 1
    engine.dispose()


def test_a_sqlite_transaction_takes_the_write_lock_up_front(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with engine.begin() as connection:
        connection.exec_driver_sql("SELECT 1")
        with connection.begin_nested():
            connection.exec_driver_sql("SELECT 2")
    assert statements[0] == "BEGIN IMMEDIATE"
    assert any(s.startswith("SAVEPOINT") for s in statements)
    engine.dispose()


def test_moments_are_stored_in_utc_and_read_back_in_venue_time() -> None:
    engine = make_engine("sqlite://")
    table = Table("moments", MetaData(), Column("at", TZDateTime()), Column("raw", DateTime()))
    table.metadata.create_all(engine)
    moment = datetime(2026, 3, 10, 9, 0, tzinfo=VENUE_TZ)
    with engine.begin() as connection:
        connection.execute(insert(table).values(at=moment, raw=datetime(2026, 1, 1)))
        stored = connection.execute(select(table.c.at)).scalar_one()
        raw = connection.exec_driver_sql("SELECT at FROM moments").scalar_one()
    assert stored == moment and stored.tzinfo == VENUE_TZ
    assert raw.startswith("2026-03-10 08:00:00")
    with pytest.raises(Exception, match="naive"), engine.begin() as connection:
        connection.execute(insert(table).values(at=datetime(2026, 3, 10, 9, 0)))
    assert moment.astimezone(UTC).hour == 8
    engine.dispose()
