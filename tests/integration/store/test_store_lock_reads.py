"""On PostgreSQL the thread lock's round trip also brings the event, the venue settings and the ledger's digest,
and a savepoint nobody used costs nothing: what a turn reads next needs no query of its own."""

from __future__ import annotations


import pytest
from sqlalchemy import Engine
from store_helpers import MakeUow, NOW, postgres_units_of_work, rich_event


@pytest.fixture
def pg_uow(engine: Engine, make_uow: MakeUow) -> MakeUow:
    """Units of work on PostgreSQL on a thread "t1" whose event "e1" exists."""
    return postgres_units_of_work(engine, make_uow, "the lock brings its reads along on PostgreSQL only", with_event=True)


def test_the_first_read_of_the_event_after_the_lock_sends_no_query(pg_uow: MakeUow, statements: list[str]) -> None:
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        statements.clear()
        assert uow.events.for_thread("t1") == rich_event()
        assert statements == []


def test_a_new_call_with_a_key_naming_the_threads_event_is_looked_up_without_a_query(
    pg_uow: MakeUow, statements: list[str]
) -> None:
    with pg_uow() as uow:
        uow.ledger.put("t1", "c1", "room_hold", {}, "h1", "room_hold:e1:1:room-b", "ok", {"status": "held"}, 1, NOW)
        uow.commit()
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        statements.clear()
        assert uow.ledger.lookup("t1", "c2", "room_hold:e1:2:room-b") == (None, None)
        assert statements == []
        call, keyed = uow.ledger.lookup("t1", "c2", "room_hold:e1:1:room-b")
        assert call is None and keyed is not None and keyed.result == {"status": "held"}


def test_the_lock_brings_the_inbox_item_of_a_redelivered_key_and_its_look_sends_no_query(
    pg_uow: MakeUow, statements: list[str]
) -> None:
    with pg_uow() as uow:
        uow.inbox.put("t1", "client:k1", "message", {"text": "hi"}, NOW, {"body": "hello"})
        uow.commit()
    with pg_uow() as uow:
        assert uow.lock_thread("t1", inbox_key="client:k1")
        statements.clear()
        stored = uow.inbox.get("t1", "client:k1")
        assert statements == []
    assert stored is not None and stored.reply == {"body": "hello"}


def test_a_new_key_is_known_new_from_the_lock_query(pg_uow: MakeUow, statements: list[str]) -> None:
    with pg_uow() as uow:
        assert uow.lock_thread("t1", inbox_key="client:new")
        statements.clear()
        assert uow.inbox.get("t1", "client:new") is None
        assert statements == []


def test_a_key_naming_no_event_of_the_thread_is_still_looked_up(pg_uow: MakeUow, statements: list[str]) -> None:
    with pg_uow() as uow:
        uow.ledger.put("t-other", "c1", "payment_record", {}, "h1", "payment_record:REF-1", "ok", {}, 1, NOW)
        uow.commit()
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        _, keyed = uow.ledger.lookup("t1", "c9", "payment_record:REF-1")
    assert keyed is not None


def test_a_savepoint_rolled_back_before_any_statement_sends_nothing(pg_uow: MakeUow, statements: list[str]) -> None:
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        statements.clear()
        savepoint = uow.session.begin_nested()
        savepoint.rollback()
        assert statements == []
        assert uow.events.for_thread("t1") == rich_event()
