"""Pushing back an amended booking (docs/amendments.md "Date, room and window", docs/calendars.md "Pushing back"): a
confirmed booking moved to another day or window is the same entry rewritten in place (same UID, higher SEQUENCE,
never a second entry); moved to another room it leaves the old room's calendar and appears in the new one's; on a
real Radicale, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from push_fixtures import NOW, CountingWriter, entries, make_calendars, with_push_calendars
from step_seven import confirmed
from venuedesk.calendars.local_server import LocalCalDAV
from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.domain.amendment import AmendmentRequest
from venuedesk.jobs import calendar_push
from venuedesk.jobs.base import JobDeps, JobReport, deps_for_engine
from venuedesk.store.db import make_engine, seed, upgrade
from venuedesk.venue.loader import load_catalogue_documents
from venuedesk.workflow.desk import Desk

MINUTE = timedelta(minutes=1)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LocalCalDAV]:
    with LocalCalDAV(tmp_path / "caldav") as running:
        yield running


@pytest.fixture
def calendars(server: LocalCalDAV) -> dict[str, str]:
    return make_calendars(server)


@pytest.fixture
def engine(database_url: str, calendars: dict[str, str]) -> Iterator[Engine]:
    """The demo venue whose rooms B and C push into their calendars on the local server."""
    engine = make_engine(database_url)
    upgrade(engine)
    seed(engine, with_push_calendars(load_catalogue_documents(), calendars))
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def desk(engine: Engine, clock: FrozenClock) -> Desk:
    return Desk(engine, clock, id_seed=0)


@pytest.fixture
def writer() -> CountingWriter:
    return CountingWriter()


@pytest.fixture
def deps(engine: Engine, writer: CountingWriter) -> JobDeps:
    return dataclasses.replace(deps_for_engine(engine), calendar_writer=writer)


def push(deps: JobDeps, clock: FrozenClock) -> JobReport:
    """One sweep, a minute after the last one (as the scheduler runs it)."""
    clock.advance(MINUTE)
    return calendar_push.push_all(deps, clock)


def confirmed_and_pushed(desk: Desk, deps: JobDeps, clock: FrozenClock) -> str:
    """Room B confirmed for a workshop on 10 March 2026, 09:00–17:00, and in its calendar; the event id."""
    thread_id = desk.open_thread().thread_id
    confirmed(desk, thread_id)
    assert push(deps, clock).done == 1
    return "evt_" + thread_id.removeprefix("thr_")


def test_a_booking_moved_to_another_day_is_the_same_entry_rewritten(
    desk: Desk, deps: JobDeps, clock: FrozenClock, writer: CountingWriter, calendars: dict[str, str]
) -> None:
    event_id = confirmed_and_pushed(desk, deps, clock)
    [before] = entries(calendars["room-b"])
    desk.amend_booking(event_id, AmendmentRequest(day=date(2026, 3, 11)), idempotency_key="k-1")
    assert push(deps, clock).done == 1
    [after] = entries(calendars["room-b"])
    assert str(after["UID"]) == str(before["UID"]) and after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("DTSTART") == datetime(2026, 3, 11, 9, 0, tzinfo=VENUE_TZ)
    assert str(after["STATUS"]) == "CONFIRMED" and writer.deletes == []


def test_a_new_window_moves_the_entry_in_place(
    desk: Desk, deps: JobDeps, clock: FrozenClock, calendars: dict[str, str]
) -> None:
    event_id = confirmed_and_pushed(desk, deps, clock)
    desk.amend_booking(event_id, AmendmentRequest(start_time="10:00", end_time="18:00"), idempotency_key="k-1")
    push(deps, clock)
    [after] = entries(calendars["room-b"])
    assert (after.decoded("DTSTART"), after.decoded("DTEND")) == (
        datetime(2026, 3, 10, 10, 0, tzinfo=VENUE_TZ), datetime(2026, 3, 10, 18, 0, tzinfo=VENUE_TZ))


def test_a_booking_moved_to_another_room_leaves_the_old_calendar_for_the_new_one(
    desk: Desk, deps: JobDeps, clock: FrozenClock, calendars: dict[str, str]
) -> None:
    event_id = confirmed_and_pushed(desk, deps, clock)
    desk.amend_booking(event_id, AmendmentRequest(room_id="room-c"), idempotency_key="k-1")
    assert push(deps, clock).done == 2
    assert entries(calendars["room-b"]) == []
    [moved] = entries(calendars["room-c"])
    assert str(moved["STATUS"]) == "CONFIRMED" and str(moved["UID"]).endswith("-room-c@the-atelier.venuedesk.invalid")


def test_a_change_the_calendar_does_not_show_writes_nothing(
    desk: Desk, deps: JobDeps, clock: FrozenClock, writer: CountingWriter
) -> None:
    event_id = confirmed_and_pushed(desk, deps, clock)
    desk.amend_booking(event_id, AmendmentRequest(notes="Four vegan lunches"), idempotency_key="k-1")
    assert push(deps, clock).done == 0 and len(writer.puts) == 1
