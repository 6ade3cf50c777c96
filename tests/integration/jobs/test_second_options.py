"""2nd options (docs/design.md §4.13 Holds and ranked options): taking one is not a hold and tells the client
their place; when the hold ahead is released for good (a move, an expiry, a hold without a thread lapsing) the
first waiting option is promoted at once, its client told exactly once, with its own 7 days from then."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine

from holds_helpers import ASK_ROOM_B, EXPIRY, MINUTE, PROMOTED_EN, count, event_id, options, queued_behind
from jobs_helpers import NOW, at_once, desk_messages, waiting_on_manager
from venuedesk.clock import FrozenClock
from venuedesk.domain import availability, windows
from venuedesk.jobs import option_expiry, option_promotion
from venuedesk.jobs.base import JobDeps
from venuedesk.store.models import BookingRow
from venuedesk.store.repositories.bookings import BookingRepository, RoomUnavailable
from venuedesk.store.uow import UnitOfWork
from venuedesk.understanding.model import Understanding
from venuedesk.workflow.actions import ActionError
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.steps import room
from venuedesk.workflow.turn import Turn

WEEK = 7 * 24 * 60 * MINUTE


def _given_option(deps: JobDeps, clock: FrozenClock) -> None:
    """Another client's option on Room B (10 March, 08:00–18:00) placed now, with no thread of ours."""
    room = deps.venue.room("room-b")
    window = windows.buffered_window(room, windows.parse_hhmm("08:00"), windows.parse_end("18:00"))
    with UnitOfWork(deps.sessions, clock) as uow:
        uow.bookings.place_hold(event_id="given-1", room_id="room-b", day=date(2026, 3, 10),
                                start_min=window.start_min, end_min=window.end_min, window_start="08:00",
                                window_end="18:00", expires_at=availability.option_expiry(NOW, deps.venue.policies),
                                now=NOW)
        uow.commit()


def test_taking_the_2nd_option_is_not_a_hold_and_tells_the_client_their_place(
    desk: Desk, engine: Engine, clock: FrozenClock
) -> None:
    waiting_on_manager(desk)
    thread_id = queued_behind(desk)
    event = desk.event_view(thread_id)
    assert (event["status"], event["locked_room_id"], event["current_step"]) == ("Lead", None, 3)
    [told] = [text for text in desk_messages(engine, thread_id) if "option on Room B" in text]
    assert "You now have the 2nd option on Room B for Tuesday, 10 March 2026, 09:00–17:00" in told
    assert "runs until Monday, 9 February 2026 at 09:00" in told


def test_taking_it_twice_keeps_one_place_in_line(desk: Desk, engine: Engine, clock: FrozenClock) -> None:
    waiting_on_manager(desk)
    thread_id = queued_behind(desk)
    again = desk.handle_action(thread_id, "take_second_option", {"room_id": "room-b"})
    assert "You already have the 2nd option on Room B" in again.body_markdown
    assert options(engine) == [(event_id(thread_id), "waiting")]


def test_a_third_client_is_told_they_have_the_3rd_option(desk: Desk, engine: Engine, clock: FrozenClock) -> None:
    waiting_on_manager(desk)
    queued_behind(desk)
    third = desk.open_thread().thread_id
    desk.handle_message(third, ASK_ROOM_B.format(day=10), sender="cleo@example.com")
    reply = desk.handle_action(third, "take_second_option", {"room_id": "room-b"})
    assert "You now have the 3rd option on Room B" in reply.body_markdown


def test_the_room_table_offers_the_next_option_on_a_room_held_by_another_event(
    desk: Desk, engine: Engine, clock: FrozenClock
) -> None:
    waiting_on_manager(desk)
    thread_id = desk.open_thread().thread_id
    reply = desk.handle_message(thread_id, ASK_ROOM_B.format(day=10), sender="ben@example.com")
    [table] = reply.table_blocks
    by_room = {action.args["room_id"]: action.name for action in table.row_actions or []}
    assert by_room["room-b"] == "take_second_option"
    assert {name for room, name in by_room.items() if room != "room-b"} == {"select_room"}
    assert len(table.row_actions or []) == len(table.rows)


def test_taking_the_option_on_a_free_room_simply_holds_it(desk: Desk, engine: Engine, clock: FrozenClock) -> None:
    thread_id = desk.open_thread().thread_id
    desk.handle_message(thread_id, ASK_ROOM_B.format(day=10).replace(", in Room B please", ""),
                        sender="ben@example.com")
    desk.handle_action(thread_id, "take_second_option", {"room_id": "room-b"})
    event = desk.event_view(thread_id)
    assert (event["status"], event["locked_room_id"]) == ("Option", "room-b")
    assert options(engine) == []


def test_an_unknown_room_is_refused_naming_the_rooms(desk: Desk, engine: Engine, clock: FrozenClock) -> None:
    thread_id = desk.open_thread().thread_id
    with pytest.raises(ActionError, match="room_id: unknown room 'room-z'"):
        desk.handle_action(thread_id, "take_second_option", {"room_id": "room-z"})


def test_when_the_first_moves_to_another_room_the_2nd_option_is_promoted_at_once(
    desk: Desk, engine: Engine, clock: FrozenClock
) -> None:
    first = waiting_on_manager(desk)
    second = queued_behind(desk)
    clock.advance(60 * MINUTE)
    desk.handle_action(first, "select_room", {"room_id": "room-f"})
    assert desk.event_view(first)["locked_room_id"] == "room-f"
    event = desk.event_view(second)
    assert (event["status"], event["locked_room_id"]) == ("Option", "room-b")
    assert event["hold_expires_at"] == (clock.now() + WEEK).isoformat()
    assert count(engine, second, PROMOTED_EN) == 1


def test_an_option_whose_event_moved_on_is_voided_and_the_next_one_promoted(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    waiting_on_manager(desk)
    moved_on = queued_behind(desk, sender="ben@example.com")
    next_in_line = queued_behind(desk, sender="cleo@example.com")
    desk.handle_action(moved_on, "select_room", {"room_id": "room-f"})
    clock.set(EXPIRY)
    option_expiry.expire_due(deps, clock)
    assert options(engine) == [(event_id(moved_on), "void"), (event_id(next_in_line), "promoted")]
    assert desk.event_view(next_in_line)["locked_room_id"] == "room-b"
    assert count(engine, moved_on, PROMOTED_EN) == 0


def test_a_hold_without_a_thread_lapses_and_promotes_the_option_behind_it_once(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    _given_option(deps, clock)
    second = queued_behind(desk)
    clock.set(EXPIRY)
    reports = at_once(lambda: option_expiry.expire_due(deps, clock))
    assert sum(report.done for report in reports) == 1
    assert count(engine, second, PROMOTED_EN) == 1
    assert desk.event_view(second)["status"] == "Option"


def test_the_sweep_promotes_a_waiting_option_whose_slot_is_free_exactly_once(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    _given_option(deps, clock)
    second = queued_behind(desk)
    with UnitOfWork(deps.sessions, clock) as uow:  # the hold vanished on a path that promoted nobody
        uow.bookings.release("given-1")
        uow.commit()
    assert option_promotion.count_due(deps, clock) == 1
    reports = at_once(lambda: option_promotion.promote_due(deps, clock))
    assert sum(report.done for report in reports) == 1
    assert count(engine, second, PROMOTED_EN) == 1
    assert option_promotion.count_due(deps, clock) == 0


def test_a_hold_released_for_good_in_a_turn_promotes_the_2nd_option_at_once(
    desk: Desk, engine: Engine, clock: FrozenClock
) -> None:
    first = waiting_on_manager(desk)
    second = queued_behind(desk)
    with desk.uow() as uow:  # what a decline or a cancellation does: release_hold, then Lost / Cancelled
        uow.lock_thread(first)
        state = uow.events.for_thread(first)
        assert state is not None
        turn = Turn(uow=uow, venue=desk.venue, now=clock.now(), state=state,
                    facts=Understanding(language="en"), executor=desk.executor, turn_id="turn-9")
        room.release_hold(turn)
        state.status = "Lost"
        uow.events.save(state, clock.now())
        uow.commit()
    assert desk.event_view(second)["locked_room_id"] == "room-b"
    assert count(engine, second, PROMOTED_EN) == 1


def test_when_the_freed_room_cannot_be_held_after_all_the_waiting_client_is_told_and_the_option_ends(
    desk: Desk, engine: Engine, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = waiting_on_manager(desk)
    second = queued_behind(desk)
    place_hold = BookingRepository.place_hold
    waiting = event_id(second)

    def taken_meanwhile(self: BookingRepository, **kwargs: Any) -> Any:
        if kwargs["event_id"] == waiting:  # another process booked the slot between the check and the hold
            conflict = BookingRow(id=99, event_id="given-9", room_id=kwargs["room_id"], date=kwargs["day"],
                                  start_min=0, end_min=1440, window_start="00:00", window_end="24:00")
            raise RoomUnavailable(kwargs["room_id"], kwargs["day"], conflict)
        return place_hold(self, **kwargs)

    monkeypatch.setattr(BookingRepository, "place_hold", taken_meanwhile)
    desk.handle_action(first, "select_room", {"room_id": "room-f"})
    assert options(engine) == [(event_id(second), "void")]
    [told] = [text for text in desk_messages(engine, second) if "could not hold the room for you" in text]
    assert "Room B for Tuesday, 10 March 2026, 09:00–17:00" in told and "2nd option has therefore ended" in told
    assert "These rooms fit 30 guests on Tuesday, 10 March 2026" in told
    event = desk.event_view(second)
    assert (event["status"], event["locked_room_id"], event["current_step"]) == ("Lead", None, 3)
