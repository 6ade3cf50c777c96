"""A confirmed booking moved by an amendment frees its old slot (docs/amendments.md "Date, room and window"): a 2nd
option that waited behind it is promoted at once, as when a hold moves (docs/design.md §4.13); one still overlapped
by the moved booking keeps waiting, and the sweep finds nothing left to do."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from confirmed_booking import confirm_held, hold_room_b
from holds_helpers import PROMOTED_EN, count, event_id, options, queued_behind
from venuedesk.clock import FrozenClock
from venuedesk.domain.amendment import AmendmentRequest
from venuedesk.jobs import option_promotion
from venuedesk.jobs.base import JobDeps
from venuedesk.workflow.desk import Desk


def confirmed_with_option_behind(desk: Desk) -> tuple[str, str]:
    """Room B held for a workshop on 10 March 2026, 09:00–17:00; another client takes the 2nd option on it; the
    first booking is then confirmed (the option keeps waiting behind it). The two thread ids."""
    first = desk.open_thread().thread_id
    review = hold_room_b(desk, first)
    second = queued_behind(desk)
    confirm_held(desk, first, review)
    assert options_of(desk, second) == "waiting"
    return first, second


def options_of(desk: Desk, thread_id: str) -> str:
    """The status of the thread's queued option."""
    return dict(options(desk.engine))[event_id(thread_id)]


def test_moving_the_booking_to_another_day_promotes_the_option_waiting_for_the_old_slot(
    desk: Desk, engine: Engine
) -> None:
    first, second = confirmed_with_option_behind(desk)
    desk.amend_booking(event_id(first), AmendmentRequest(day=date(2026, 3, 11)), idempotency_key="k-1")
    assert options(engine) == [(event_id(second), "promoted")]
    event = desk.event_view(second) or {}
    assert (event["status"], event["locked_room_id"], event["chosen_date"]) == ("Option", "room-b", "2026-03-10")
    assert count(engine, second, PROMOTED_EN) == 1


def test_moving_the_booking_to_another_room_promotes_the_option_too(desk: Desk, engine: Engine) -> None:
    first, second = confirmed_with_option_behind(desk)
    desk.amend_booking(event_id(first), AmendmentRequest(room_id="room-c"), idempotency_key="k-1")
    assert options(engine) == [(event_id(second), "promoted")]


def test_a_window_that_still_overlaps_the_old_slot_keeps_the_option_waiting(
    desk: Desk, engine: Engine, deps: JobDeps, clock: FrozenClock
) -> None:
    first, second = confirmed_with_option_behind(desk)
    desk.amend_booking(event_id(first), AmendmentRequest(start_time="10:00", end_time="18:00"),
                       idempotency_key="k-1")
    assert options(engine) == [(event_id(second), "waiting")]
    assert option_promotion.count_due(deps, clock) == 0
    assert count(engine, second, PROMOTED_EN) == 0


def test_the_promotion_is_told_once_and_the_sweep_has_nothing_left(
    desk: Desk, engine: Engine, deps: JobDeps, clock: FrozenClock
) -> None:
    first, second = confirmed_with_option_behind(desk)
    request = AmendmentRequest(day=date(2026, 3, 11))
    desk.amend_booking(event_id(first), request, idempotency_key="k-1")
    desk.amend_booking(event_id(first), request, idempotency_key="k-1")  # a retry
    assert option_promotion.promote_due(deps, clock).done == 0
    assert count(engine, second, PROMOTED_EN) == 1
