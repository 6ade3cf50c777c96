"""Holding a room whose venue calendar could not be read (issue 11): the hold is placed, one `manual_review` task
names the calendar and why, the offer waits for the manager; and a 2nd option is never promoted into a room that
is busy in the venue's calendar."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import Engine

from venuedesk.calendars.memory import MemoryCalendars
from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.domain.busy import BusyBlock
from venuedesk.golden.runner import with_calendars
from venuedesk.golden.script import parse_calendar_line
from venuedesk.workflow.desk import Desk

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
DAY = date(2026, 3, 10)
ASK = "Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5."


def _desk(engine: Engine, *lines: str) -> tuple[Desk, MemoryCalendars]:
    desk = Desk(engine, FrozenClock(NOW), id_seed=0)
    calendars = with_calendars(desk, [parse_calendar_line(line) for line in lines])
    return desk, calendars


def _hold_room_f(desk: Desk, thread_id: str = "thr-1", key: str | None = "m2") -> None:
    desk.open_thread(thread_id=thread_id)
    desk.handle_message(thread_id, ASK, sender="anna@example.com")
    desk.handle_message(thread_id, "Room F please, no catering", idempotency_key=key)


@pytest.fixture
def down_desk(seeded_sqlite_engine: Engine) -> Desk:
    return _desk(seeded_sqlite_engine, "room-f down")[0]


def _reviews(desk: Desk, thread_id: str = "thr-1") -> list[dict]:
    return [task for task in desk.open_tasks(thread_id) if task["type"] == "manual_review"]


def test_holding_an_unconfirmed_room_places_the_hold(down_desk: Desk) -> None:
    _hold_room_f(down_desk)
    event = down_desk.event_view("thr-1") or {}
    assert (event["locked_room_id"], event["status"]) == ("room-f", "Option")


def test_holding_an_unconfirmed_room_opens_a_manual_review_naming_the_calendar_and_why(down_desk: Desk) -> None:
    _hold_room_f(down_desk)
    [task] = _reviews(down_desk)
    assert "room-f-calendar answered with an error (set down by the test)" in task["summary"]
    assert "2026-03-10" in task["summary"]


def test_a_redelivered_message_opens_no_second_calendar_check(down_desk: Desk) -> None:
    _hold_room_f(down_desk)
    down_desk.handle_message("thr-1", "Room F please, no catering", idempotency_key="m2")
    assert len(_reviews(down_desk)) == 1


def test_the_offer_waits_for_the_manager_while_the_calendar_check_is_open(seeded_sqlite_engine: Engine) -> None:
    desk, _ = _desk(seeded_sqlite_engine, "room-f down")
    desk.set_autonomy({"offer": "auto"}, manager_id="test")
    _hold_room_f(desk)
    event = desk.event_view("thr-1") or {}
    assert (event["current_step"], event["offer"]["status"]) == (4, "Draft")
    assert {task["type"] for task in desk.open_tasks("thr-1")} == {"manual_review", "offer_approval"}


def test_approving_the_calendar_check_tells_the_client_the_room_is_confirmed(down_desk: Desk) -> None:
    _hold_room_f(down_desk)
    [task] = _reviews(down_desk)
    reply = down_desk.decide(task["task_id"], "approve", text=None, note=None, manager_id="m", idempotency_key=None)
    assert "the venue has checked its calendar, and Room F is confirmed" in reply.body_markdown


def test_a_room_with_readable_calendars_opens_no_calendar_check(seeded_sqlite_engine: Engine) -> None:
    desk, _ = _desk(seeded_sqlite_engine, "room-b busy 2026-03-11 all-day")
    desk.open_thread(thread_id="thr-1")
    desk.handle_message("thr-1", ASK.replace("Room F", "Room B"), sender="anna@example.com")
    desk.handle_message("thr-1", "Room B please, no catering")
    assert _reviews(desk) == []


def test_a_second_option_is_not_promoted_into_a_room_busy_in_the_calendar(seeded_sqlite_engine: Engine) -> None:
    desk, calendars = _desk(seeded_sqlite_engine, "room-b busy 2026-03-11 all-day")
    desk.open_thread(thread_id="thr-a")
    desk.handle_message("thr-a", ASK, sender="anna@example.com")
    desk.handle_message("thr-a", "Room B please, no catering")
    desk.open_thread(thread_id="thr-b")
    desk.handle_message("thr-b", ASK, sender="ben@example.com")
    desk.handle_action("thr-b", "take_second_option", {"room_id": "room-b"})
    calendars.add(BusyBlock("room-b-calendar", "late", datetime.combine(DAY, time(12), VENUE_TZ),
                            datetime.combine(DAY, time(13), VENUE_TZ)))
    desk.handle_message("thr-a", "Actually Room C please")  # frees Room B for the 2nd option
    waiting = desk.event_view("thr-b") or {}
    assert waiting["locked_room_id"] is None and waiting["status"] == "Lead"
    assert (desk.event_view("thr-a") or {})["locked_room_id"] == "room-c"


def test_rejecting_the_calendar_check_releases_the_hold_and_shows_the_rooms_again(down_desk: Desk) -> None:
    _hold_room_f(down_desk)
    [task] = _reviews(down_desk)
    notice = down_desk.decide(task["task_id"], "reject", text=None, note="busy in our calendar", manager_id="m",
                              idempotency_key=None)
    event = down_desk.event_view("thr-1") or {}
    assert (event["current_step"], event["locked_room_id"], event["status"]) == (3, None, "Lead")
    assert event["offer"] is None and down_desk.open_tasks("thr-1") == []
    assert "The hold on Room F is released" in notice.body_markdown


def test_a_hold_moved_to_another_room_closes_the_calendar_check_of_the_old_one(down_desk: Desk) -> None:
    _hold_room_f(down_desk)
    down_desk.handle_message("thr-1", "Actually Room B please")
    assert (down_desk.event_view("thr-1") or {})["locked_room_id"] == "room-b"
    assert _reviews(down_desk) == []


def test_no_second_option_is_queued_on_a_room_busy_in_the_calendar(seeded_sqlite_engine: Engine) -> None:
    desk, calendars = _desk(seeded_sqlite_engine, "room-b busy 2026-03-11 all-day")
    desk.open_thread(thread_id="thr-a")
    desk.handle_message("thr-a", ASK, sender="anna@example.com")
    desk.handle_message("thr-a", "Room B please, no catering")
    calendars.add(BusyBlock("room-b-calendar", "late", datetime.combine(DAY, time(12), VENUE_TZ),
                            datetime.combine(DAY, time(13), VENUE_TZ)))
    desk.open_thread(thread_id="thr-b")
    desk.handle_message("thr-b", ASK, sender="ben@example.com")
    reply = desk.handle_action("thr-b", "take_second_option", {"room_id": "room-b"})
    assert "2nd option" not in reply.body_markdown and "Room B is already booked" in reply.body_markdown
