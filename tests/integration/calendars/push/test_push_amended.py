"""Pushing back an amended booking (docs/amendments.md "Date, room and window", docs/calendars.md "Pushing back"): a
confirmed booking moved to another day or window is the same entry rewritten in place (same UID, higher SEQUENCE,
never a second entry); moved to another room it leaves the old room's calendar and appears in the new one's; on a
real Radicale, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

from push_fixtures import CountingWriter, entries, push
from step_seven import confirmed
from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.domain.amendment import AmendmentRequest
from venuedesk.jobs.base import JobDeps
from venuedesk.workflow.desk import Desk


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
