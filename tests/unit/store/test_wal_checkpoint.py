"""The WAL is checkpointed by a background thread after writers commit, not inside a writer's COMMIT."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from venuedesk.store import sqlite_writes, wal_checkpoint
from venuedesk.store.db import make_engine
from venuedesk.store.wal_checkpoint import SAFETY_NET_PAGES, checkpoint, checkpoints


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    yield engine
    engine.dispose()


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int] | None]:
    """The results of the background checkpoints, every second committed write asking for one."""
    results: list[tuple[int, int, int] | None] = []
    original = wal_checkpoint.checkpoint
    monkeypatch.setattr(sqlite_writes, "CHECKPOINT_EVERY_COMMITS", 2)
    monkeypatch.setattr(wal_checkpoint, "checkpoint", lambda database: results.append(original(database)))
    return results


def test_sqlites_own_checkpoint_is_only_a_safety_net(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == SAFETY_NET_PAGES


def test_committed_writes_have_the_wal_checkpointed_in_the_background(
    engine: Engine, ran: list[tuple[int, int, int] | None]
) -> None:
    ran.clear()  # the CREATE TABLE of the fixture counted too
    for value in range(4):
        with engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO t VALUES (?)", (value,))
    assert checkpoints.drain(30)
    assert ran and all(result is not None and result[0] == 0 and result[1] == result[2] for result in ran)


def test_a_transaction_that_changed_nothing_asks_for_no_checkpoint(
    engine: Engine, ran: list[tuple[int, int, int] | None]
) -> None:
    assert checkpoints.drain(30)
    ran.clear()
    for _ in range(4):
        with engine.begin() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM t")
    assert checkpoints.drain(30)
    assert ran == []


def test_a_checkpoint_of_a_missing_file_creates_none(tmp_path: Path) -> None:
    missing = tmp_path / "gone.sqlite3"
    assert checkpoint(missing) is None
    assert not missing.exists()
