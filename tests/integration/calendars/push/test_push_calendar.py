"""Pushing back (issue 11): a room's hold appears in its CalDAV calendar as TENTATIVE with the booked window, the
confirmation turns the same entry CONFIRMED, a release, lapse or cancellation removes it, a move takes it to the
other room's calendar; written exactly once per change, on a real Radicale, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from push_fixtures import (
    INQUIRY,
    MINUTE,
    NOW,
    SENDER,
    CountingWriter,
    Crash,
    at_once,
    entries,
    push,
)
from step_seven import confirmed, enter_step_seven, offer_sent
from venuedesk.calendars.local_server import LocalCalDAV
from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.jobs import calendar_push, option_expiry
from venuedesk.jobs.base import JobDeps, deps_for_engine
from venuedesk.jobs.scheduler import run_due
from venuedesk.store.models import CalendarPushRow
from venuedesk.workflow.desk import Desk


def hold_room_b(desk: Desk) -> str:
    """A client's workshop for 30 on 10 March 2026, 09:00-17:00, held on Room B (Option); the thread id."""
    thread_id = desk.open_thread().thread_id
    desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    held = desk.handle_action(thread_id, "select_room", {"room_id": "room-b"})
    assert desk.event_view(thread_id)["locked_room_id"] == "room-b", held.body_markdown
    return thread_id


def pushes(engine: Engine) -> list[CalendarPushRow]:
    with engine.connect() as connection:
        return list(connection.execute(select(CalendarPushRow.__table__).order_by(CalendarPushRow.id)))


def test_a_hold_appears_in_its_rooms_calendar_as_tentative_with_the_window_without_buffers(
    desk: Desk, deps: JobDeps, clock: FrozenClock, calendars: dict[str, str]
) -> None:
    hold_room_b(desk)
    assert push(deps, clock).done == 1
    [entry] = entries(calendars["room-b"])
    assert str(entry["UID"]).startswith("venuedesk-evt_") and str(entry["UID"]).endswith("-room-b@the-atelier.venuedesk.invalid")
    assert str(entry["STATUS"]) == "TENTATIVE"
    assert entry.decoded("DTSTART") == datetime(2026, 3, 10, 9, 0, tzinfo=VENUE_TZ)
    assert entry.decoded("DTEND") == datetime(2026, 3, 10, 17, 0, tzinfo=VENUE_TZ)
    assert entry["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert str(entry["SUMMARY"]) == "Option: Workshop (30 guests) – venuedesk"
    assert entries(calendars["room-c"]) == []


def test_the_entry_carries_no_client_data(
    desk: Desk, deps: JobDeps, clock: FrozenClock, calendars: dict[str, str]
) -> None:
    hold_room_b(desk)
    push(deps, clock)
    [entry] = entries(calendars["room-b"])
    text = entry.to_ical().decode().lower()
    assert "anna" not in text and "keller" not in text and "example.com" not in text


def test_confirming_turns_the_same_entry_confirmed_in_place(
    desk: Desk, deps: JobDeps, clock: FrozenClock, calendars: dict[str, str]
) -> None:
    thread_id = desk.open_thread().thread_id
    offer_sent(desk, thread_id)
    push(deps, clock)
    [held] = entries(calendars["room-b"])
    waiting = enter_step_seven(desk, thread_id)
    assert waiting.hil is not None
    desk.decide(waiting.hil.task_id, "approve")
    assert desk.event_view(thread_id)["status"] == "Confirmed"
    push(deps, clock)
    [booked] = entries(calendars["room-b"])
    assert str(booked["UID"]) == str(held["UID"])
    assert str(booked["STATUS"]) == "CONFIRMED" and str(booked["SUMMARY"]).startswith("Confirmed: Workshop")
    assert booked["SEQUENCE"] > held["SEQUENCE"]


def test_a_confirmed_booking_cancelled_is_removed(
    desk: Desk, deps: JobDeps, clock: FrozenClock, calendars: dict[str, str], engine: Engine
) -> None:
    thread_id = desk.open_thread().thread_id
    confirmed(desk, thread_id)
    push(deps, clock)
    assert len(entries(calendars["room-b"])) == 1
    desk.set_autonomy({"cancellation": "auto"})
    desk.handle_message(thread_id, "Unfortunately we have to cancel the booking.")
    assert desk.event_view(thread_id)["status"] == "Cancelled"
    assert push(deps, clock).done == 1
    assert entries(calendars["room-b"]) == []
    assert [row.state for row in pushes(engine)] == ["removed"]


def test_a_declined_offer_removes_the_hold(
    desk: Desk, deps: JobDeps, clock: FrozenClock, calendars: dict[str, str]
) -> None:
    thread_id = desk.open_thread().thread_id
    offer_sent(desk, thread_id)
    push(deps, clock)
    offer_id = desk.event_view(thread_id)["offer"]["offer_id"]
    desk.handle_action(thread_id, "decline_offer", {"offer_id": offer_id})
    assert desk.event_view(thread_id)["status"] == "Lost"
    push(deps, clock)
    assert entries(calendars["room-b"]) == []


def test_a_lapsed_option_is_removed_once_the_expiry_job_released_it(
    desk: Desk, deps: JobDeps, clock: FrozenClock, calendars: dict[str, str]
) -> None:
    hold_room_b(desk)
    push(deps, clock)
    clock.set(NOW + timedelta(days=7))
    option_expiry.expire_due(deps, clock)
    push(deps, clock)
    assert entries(calendars["room-b"]) == []


def test_moving_the_hold_to_another_room_moves_the_entry_to_that_rooms_calendar(
    desk: Desk, deps: JobDeps, clock: FrozenClock, calendars: dict[str, str]
) -> None:
    thread_id = hold_room_b(desk)
    push(deps, clock)
    desk.handle_message(thread_id, "Actually we'd prefer Room C please.")
    assert desk.event_view(thread_id)["locked_room_id"] == "room-c"
    assert push(deps, clock).done == 2
    assert entries(calendars["room-b"]) == []
    [moved] = entries(calendars["room-c"])
    assert str(moved["STATUS"]) == "TENTATIVE" and str(moved["UID"]).endswith("-room-c@the-atelier.venuedesk.invalid")


def test_running_the_job_again_writes_nothing(
    desk: Desk, deps: JobDeps, clock: FrozenClock, writer: CountingWriter, calendars: dict[str, str]
) -> None:
    hold_room_b(desk)
    push(deps, clock)
    again = push(deps, clock)
    assert (again.done, again.failed) == (0, 0)
    assert len(writer.puts) == 1 and writer.deletes == []
    assert len(entries(calendars["room-b"])) == 1


def test_two_workers_at_once_write_each_entry_once(
    desk: Desk, deps: JobDeps, clock: FrozenClock, writer: CountingWriter, calendars: dict[str, str]
) -> None:
    hold_room_b(desk)
    clock.advance(MINUTE)
    reports = at_once(lambda: calendar_push.push_all(deps, clock))
    assert sum(report.done for report in reports) == 1
    assert len(writer.puts) == 1 and len(entries(calendars["room-b"])) == 1


def test_a_down_calendar_leaves_the_entry_pending_and_the_next_run_after_recovery_writes_it(
    desk: Desk, deps: JobDeps, clock: FrozenClock, server: LocalCalDAV, calendars: dict[str, str], engine: Engine
) -> None:
    hold_room_b(desk)
    server.set_latency(fail=True)
    report = push(deps, clock)
    assert (report.done, report.failed) == (0, 1)
    [row] = pushes(engine)
    assert (row.state, row.attempts) == ("new", 1) and "HTTP 503" in row.last_error
    assert row.next_attempt_at is not None and row.lease_until is None
    server.set_latency()
    clock.set(row.next_attempt_at)
    assert push(deps, clock).done == 1
    [row] = pushes(engine)
    assert (row.state, row.attempts, row.last_error) == ("tentative", 0, None)
    assert len(entries(calendars["room-b"])) == 1


def test_a_failed_write_waits_out_its_backoff(
    desk: Desk, deps: JobDeps, clock: FrozenClock, server: LocalCalDAV, writer: CountingWriter, engine: Engine
) -> None:
    hold_room_b(desk)
    server.set_latency(fail=True)
    push(deps, clock)
    server.set_latency()
    [row] = pushes(engine)
    clock.set(row.next_attempt_at - timedelta(seconds=1))
    assert calendar_push.push_all(deps, clock).done == 0
    assert writer.puts == []


def test_a_worker_dying_between_the_write_and_its_record_leaves_one_entry_after_the_rerun(
    desk: Desk, deps: JobDeps, clock: FrozenClock, writer: CountingWriter, calendars: dict[str, str],
    engine: Engine,
) -> None:
    hold_room_b(desk)
    writer.crash_after_put = True
    with pytest.raises(Crash):
        push(deps, clock)
    [row] = pushes(engine)
    assert row.state == "new" and row.lease_until is not None
    assert push(deps, clock).done == 0  # the lease still holds the row
    clock.set(row.lease_until)
    assert push(deps, clock).done == 1
    assert len(writer.puts) == 2
    [entry] = entries(calendars["room-b"])
    assert str(entry["STATUS"]) == "TENTATIVE"
    assert [(row.state, row.lease_until) for row in pushes(engine)] == [("tentative", None)]


def test_a_calendar_whose_variable_is_unset_is_not_configured_and_nothing_is_written(
    desk: Desk, engine: Engine, clock: FrozenClock, calendars: dict[str, str]
) -> None:
    venue = deps_for_engine(engine).venue
    room_b = venue.room("room-b")
    hidden = dataclasses.replace(room_b.calendars[0], url="", url_env="VENUEDESK_TEST_ROOM_B_CALDAV_URL")
    rooms = tuple(dataclasses.replace(room, calendars=(hidden,)) if room.id == "room-b" else room
                  for room in venue.rooms)
    writer = CountingWriter()
    deps = dataclasses.replace(deps_for_engine(engine), venue=dataclasses.replace(venue, rooms=rooms),
                               calendar_writer=writer)
    hold_room_b(desk)
    report = push(deps, clock)
    assert (report.done, report.failed, writer.puts) == (0, 0, [])
    [row] = pushes(engine)
    assert row.state == "new" and "VENUEDESK_TEST_ROOM_B_CALDAV_URL" in row.last_error
    assert entries(calendars["room-b"]) == []


def test_the_job_sweeps_at_most_once_a_minute(
    desk: Desk, deps: JobDeps, clock: FrozenClock, writer: CountingWriter
) -> None:
    hold_room_b(desk)
    assert calendar_push.count_due(deps, clock) == 1
    reports = {report.name: report for report in run_due(deps, clock)}
    assert reports[calendar_push.NAME].done == 1
    assert calendar_push.count_due(deps, clock) == 0
    assert calendar_push.run_sweep(deps, clock).done == 0
    clock.advance(MINUTE)
    assert calendar_push.count_due(deps, clock) == 1


def test_without_a_writer_the_job_is_never_due(engine: Engine, clock: FrozenClock, desk: Desk) -> None:
    hold_room_b(desk)
    deps = deps_for_engine(engine)
    assert calendar_push.count_due(deps, clock) == 0
    assert calendar_push.NAME not in {report.name for report in run_due(deps, clock)}
    assert pushes(engine) == []
