"""Turn reads: a span of bookings already read serves later reads inside it until the unit of work writes a booking
or rolls back; on PostgreSQL the thread lock brings the thread's task count and open tasks (store/turn_reads.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from store_helpers import MakeUow, NOW, add_thread, postgres_units_of_work

from venuedesk.store.uow import UnitOfWork

DAY = date(2026, 3, 10)
ONE = timedelta(days=1)


def _hold(uow: UnitOfWork, event_id: str, room_id: str = "room-a") -> None:
    uow.bookings.place_hold(event_id, room_id, DAY, 510, 750, "09:00", "12:00", None, NOW)


def test_a_read_inside_a_span_already_read_sends_no_query(make_uow: MakeUow, statements: list[str]) -> None:
    with make_uow() as uow:
        _hold(uow, "e1")
        uow.commit()
    with make_uow() as uow:
        around = uow.bookings.on_dates(DAY - ONE, DAY + ONE)
        statements.clear()
        assert uow.bookings.on_dates(DAY, DAY) == around
        assert [b.event_id for b in uow.bookings.for_room_date("room-a", DAY)] == ["e1"]
        assert statements == []


def test_a_hold_written_in_the_unit_of_work_is_seen_by_the_next_read(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        assert uow.bookings.on_dates(DAY - ONE, DAY + ONE) == []
        _hold(uow, "e1")
        assert [b.event_id for b in uow.bookings.for_room_date("room-a", DAY)] == ["e1"]
        uow.bookings.release("e1")
        assert uow.bookings.on_dates(DAY, DAY) == []


def test_a_span_read_inside_a_rolled_back_savepoint_is_forgotten(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        savepoint = uow.session.begin_nested()
        _hold(uow, "e1")
        assert len(uow.bookings.on_dates(DAY, DAY)) == 1
        savepoint.rollback()
        assert uow.bookings.on_dates(DAY, DAY) == []


@pytest.fixture
def pg_uow(engine: Engine, make_uow: MakeUow) -> MakeUow:
    """Units of work on PostgreSQL on a thread "t1" whose event "e1" exists."""
    return postgres_units_of_work(engine, make_uow, "the lock brings the task digest on PostgreSQL only", with_event=True)


def test_a_locked_thread_without_open_tasks_lists_none_without_a_query(
    pg_uow: MakeUow, statements: list[str]
) -> None:
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        statements.clear()
        assert uow.hil.open_for_thread("t1") == []
        assert statements == []


def test_open_tasks_read_again_in_the_turn_send_no_query_until_a_task_opens_or_closes(
    pg_uow: MakeUow, statements: list[str]
) -> None:
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        first = uow.hil.create("t1", "message_review", NOW)
        uow.commit()
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        assert [task.id for task in uow.hil.open_for_thread("t1")] == [first.id]
        statements.clear()
        assert [task.id for task in uow.hil.open_for_thread("t1")] == [first.id]
        assert statements == []
        second = uow.hil.create("t1", "message_review", NOW)
        assert [task.id for task in uow.hil.open_for_thread("t1")] == [first.id, second.id]
        uow.hil.decide(first.id, "approved", None, "manager", NOW)
        assert [task.id for task in uow.hil.open_for_thread("t1")] == [second.id]


def test_tasks_numbered_from_the_locks_count_follow_those_already_stored(pg_uow: MakeUow) -> None:
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        first = uow.hil.create("t1", "message_review", NOW)
        uow.hil.decide(first.id, "approved", None, "manager", NOW)
        uow.commit()
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        assert uow.hil.open_for_thread("t1") == []
        second = uow.hil.create("t1", "message_review", NOW)
        third = uow.hil.create("t1", "message_review", NOW)
        assert [second.id, third.id] == ["t1-hil-2", "t1-hil-3"]
        assert [task.id for task in uow.hil.open_for_thread("t1")] == ["t1-hil-2", "t1-hil-3"]


def test_a_task_created_in_a_rolled_back_savepoint_leaves_no_gap_in_the_numbers(pg_uow: MakeUow) -> None:
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        savepoint = uow.session.begin_nested()
        uow.hil.create("t1", "message_review", NOW)
        savepoint.rollback()
        assert uow.hil.create("t1", "message_review", NOW).id == "t1-hil-1"


def test_the_open_count_of_a_locked_thread_follows_its_own_creates_and_decisions(
    pg_uow: MakeUow, statements: list[str]
) -> None:
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        first = uow.hil.create("t1", "message_review", NOW)
        uow.hil.create("t1", "message_review", NOW)
        uow.hil.decide(first.id, "approved", None, "manager", NOW)
        statements.clear()
        assert uow.hil.count_open("t1") == 1
        assert statements == []


def test_a_key_naming_the_event_the_turn_created_is_looked_up_without_a_query(
    pg_uow: MakeUow, statements: list[str]
) -> None:
    with pg_uow() as uow:
        add_thread(uow, "t2")
        uow.commit()
    with pg_uow() as uow:
        assert uow.lock_thread("t2")
        uow.ledger.adopt_event("t2", "e2")
        statements.clear()
        assert uow.ledger.lookup("t2", "c1", "room_hold:e2:0:room-b") == (None, None)
        assert statements == []
