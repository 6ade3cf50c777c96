"""The venue scope of a unit of work (store/tenancy.py), on SQLite and PostgreSQL: what a venue's unit of work writes
carries its venue, and it neither reads nor updates another venue's rows, whichever way the statement was built."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine, select, update

from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.store.db import ensure_ready
from venuedesk.store.models import HilTaskRow, InboxRow, MessageRow, ThreadRow
from venuedesk.store.uow import UnitOfWork, make_session_factory
from venuedesk.store.venues import add_venue

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = ensure_ready(database_url)
    add_venue(engine, "beta", "Beta Hall", NOW)
    yield engine
    engine.dispose()


def _uow(engine: Engine, venue_id: str) -> UnitOfWork:
    return UnitOfWork(make_session_factory(engine, venue_id), FrozenClock(NOW))


def _thread_with_a_task(engine: Engine, venue_id: str, thread_id: str) -> None:
    with _uow(engine, venue_id) as uow:
        uow.lock_thread(thread_id)
        uow.threads.create(thread_id, client_token_hash=f"h-{thread_id}", channel="chat", created_at=NOW)
        uow.messages.append(thread_id, "client", "hello", "turn-1", NOW)
        uow.inbox.put(thread_id, "key-1", "message", {"text": "hello"}, NOW)
        uow.hil.create(thread_id, "manual_review", NOW, summary="check")
        uow.commit()


def test_every_row_a_unit_of_work_writes_carries_its_venue(engine: Engine) -> None:
    _thread_with_a_task(engine, "beta", "thr_b")
    with engine.connect() as connection:
        for model in (ThreadRow, MessageRow, InboxRow, HilTaskRow):
            assert set(connection.execute(select(model.venue_id)).scalars()) == {"beta"}, model.__tablename__


def test_a_unit_of_work_reads_nothing_of_another_venue(engine: Engine) -> None:
    _thread_with_a_task(engine, "beta", "thr_b")
    with _uow(engine, "default") as uow:
        assert uow.threads.get("thr_b") is None and uow.threads.by_token("h-thr_b") is None
        assert uow.messages.history("thr_b") == [] and uow.inbox.get("thr_b", "key-1") is None
        assert uow.hil.list() == [] and uow.hil.count_open() == 0
        assert uow.session.scalars(select(ThreadRow)).all() == []


def test_an_update_of_another_venues_row_changes_nothing(engine: Engine) -> None:
    _thread_with_a_task(engine, "beta", "thr_b")
    with _uow(engine, "beta") as uow:
        task_id = uow.hil.list()[0].id
    with _uow(engine, "default") as uow:
        assert not uow.hil.decide(task_id, "approved", None, "intruder", NOW)
        uow.session.execute(update(ThreadRow).values(channel="stolen"))
        uow.commit()
    with _uow(engine, "beta") as uow:
        assert uow.hil.is_open(uow.hil.get(task_id))  # type: ignore[arg-type]
        assert uow.threads.get("thr_b").channel == "chat"  # type: ignore[union-attr]


def test_the_same_thread_id_cannot_be_taken_over_by_another_venue(engine: Engine) -> None:
    _thread_with_a_task(engine, "beta", "thr_b")
    with _uow(engine, "default") as uow:
        assert not uow.lock_thread("thr_b")
