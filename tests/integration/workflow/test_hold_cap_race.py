"""Two holds at the cap at once on PostgreSQL (issue 13): the client's identity lock makes count-and-place one step,
so only one is placed. The test holds that lock until both turns wait behind it: the widest race on any machine."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from venuedesk.store.hold_counts import lock_identities
from venuedesk.store.models import BookingRow, ThreadRow
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.hold_caps import client_identity

CLIENT = "anna@example.com"
WAIT_SECONDS = 30


def _at_room_table(desk: Desk, day: str) -> str:
    thread = desk.open_thread().thread_id
    desk.handle_message(thread, f"Hi, we'd like a workshop for 30 people on {day} March 2026, 9 to 5.", sender=CLIENT)
    return thread


def _waiting_on_advisory_locks(session: Session) -> int:
    session.execute(text("SELECT pg_stat_clear_snapshot()"))
    return int(session.execute(text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'"
    )).scalar_one())


def test_two_holds_at_the_cap_at_once_place_only_one(desk: Desk, engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the cross-process race needs PostgreSQL (SQLite serialises every writer anyway)")
    for day in ("10", "11"):
        desk.handle_action(_at_room_table(desk, day), "select_room", {"room_id": "room-b"})
    racers = [_at_room_table(desk, day) for day in ("12", "13")]
    with Session(engine) as session:
        token = session.execute(select(ThreadRow.client_token_hash).where(ThreadRow.id == racers[0])).scalar_one()
    identity = client_identity(CLIENT, token)
    with Session(engine) as holder, ThreadPoolExecutor(2) as pool:
        lock_identities(holder, [identity])
        choices = [pool.submit(desk.handle_action, thread, "select_room", {"room_id": "room-b"}) for thread in racers]
        deadline = time.monotonic() + WAIT_SECONDS
        while _waiting_on_advisory_locks(holder) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _waiting_on_advisory_locks(holder) == 2, "the two holds did not both wait at the cap"
        holder.rollback()
        replies = [choice.result() for choice in choices]
    with engine.connect() as connection:
        holds = connection.execute(select(func.count()).select_from(BookingRow)).scalar_one()
    told = sorted("personally" in reply.body_markdown for reply in replies)
    assert (holds, told) == (3, [False, True])
