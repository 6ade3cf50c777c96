"""Site visits at any step (docs/design.md §4.13 Site visit): free slots offered, one booked by its button, never
twice at one slot across events, a re-click changes nothing, and the event's hold, step and facts stay untouched."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from venuedesk.store.models import SiteVisitRow
from venuedesk.store.repositories.site_visits import SlotTaken
from venuedesk.workflow.actions import ActionError
from venuedesk.workflow.desk import Desk
from workflow_helpers import at_offer_review, at_room_step, bookings_of

ASK = "Could we come and see the rooms first?"
WEDNESDAY_10 = "2026-02-04T10:00"


def visits(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(select(SiteVisitRow.event_id, SiteVisitRow.slot).order_by(SiteVisitRow.id))
        return [(row.event_id, row.slot.isoformat()) for row in rows]


def slot_args(reply: Any) -> list[str]:
    return [action.args["slot"] for table in reply.table_blocks for action in table.row_actions or []
            if action.name == "select_site_visit"]


def booking_facts(event: dict[str, Any]) -> dict[str, Any]:
    keep = ("current_step", "status", "chosen_date", "locked_room_id", "requirements", "offers", "thread_state",
            "hold_expires_at", "products")
    return copy.deepcopy({key: event[key] for key in keep})


def test_a_site_visit_request_offers_the_free_slots_and_keeps_the_steps_footer(desk: Desk, thread_id: str) -> None:
    at_room_step(desk, thread_id)
    reply = desk.handle_message(thread_id, ASK)
    assert slot_args(reply)[:3] == ["2026-02-04T10:00", "2026-02-04T14:00", "2026-02-04T16:00"]
    assert reply.footer.step == 3 and reply.footer.next == "choose a room"


def test_booking_a_slot_records_it_on_the_event_and_tells_the_date_and_time(desk: Desk, thread_id: str) -> None:
    at_room_step(desk, thread_id)
    reply = desk.handle_action(thread_id, "select_site_visit", {"slot": WEDNESDAY_10})
    assert "Wednesday, 4 February 2026 at 10:00" in reply.body_markdown
    visit = (desk.event_view(thread_id) or {})["site_visit"]
    assert (visit["slot"], visit["end"]) == ("2026-02-04T10:00:00+01:00", "2026-02-04T11:00:00+01:00")


def test_booking_a_visit_never_touches_the_hold_the_step_or_the_booking_facts(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    at_offer_review(desk, thread_id)
    before, holds = booking_facts(desk.event_view(thread_id) or {}), bookings_of(engine, "room-b")
    reply = desk.handle_action(thread_id, "select_site_visit", {"slot": WEDNESDAY_10})
    assert booking_facts(desk.event_view(thread_id) or {}) == before
    assert bookings_of(engine, "room-b") == holds
    assert (reply.footer.step, reply.footer.state, desk.hil_open(thread_id)) == (4, "Waiting on HIL", 1)


def test_a_slot_another_thread_has_is_refused_with_the_free_slots(desk: Desk, engine: Engine) -> None:
    first, second = desk.open_thread().thread_id, desk.open_thread().thread_id
    for thread in (first, second):
        at_room_step(desk, thread)
    desk.handle_action(first, "select_site_visit", {"slot": WEDNESDAY_10})
    reply = desk.handle_action(second, "select_site_visit", {"slot": WEDNESDAY_10})
    assert "has just been taken" in reply.body_markdown
    assert WEDNESDAY_10 not in slot_args(reply) and slot_args(reply)
    assert (desk.event_view(second) or {})["site_visit"] is None
    assert [slot for _, slot in visits(engine)] == ["2026-02-04T10:00:00+01:00"]


def test_a_taken_slot_is_not_offered_to_another_thread(desk: Desk) -> None:
    first, second = desk.open_thread().thread_id, desk.open_thread().thread_id
    for thread in (first, second):
        at_room_step(desk, thread)
    desk.handle_action(first, "select_site_visit", {"slot": WEDNESDAY_10})
    assert WEDNESDAY_10 not in slot_args(desk.handle_message(second, ASK))


def test_a_re_click_on_the_booked_slot_changes_nothing(desk: Desk, engine: Engine, thread_id: str) -> None:
    at_room_step(desk, thread_id)
    desk.handle_action(thread_id, "select_site_visit", {"slot": WEDNESDAY_10})
    booked = (desk.event_view(thread_id) or {})["site_visit"]
    rows = visits(engine)
    reply = desk.handle_action(thread_id, "select_site_visit", {"slot": WEDNESDAY_10})
    assert "already booked" in reply.body_markdown
    assert (desk.event_view(thread_id) or {})["site_visit"] == booked
    assert visits(engine) == rows


def test_the_same_click_redelivered_with_its_key_returns_the_stored_reply(desk: Desk, thread_id: str) -> None:
    at_room_step(desk, thread_id)
    first = desk.handle_action(thread_id, "select_site_visit", {"slot": WEDNESDAY_10}, idempotency_key="click-1")
    again = desk.handle_action(thread_id, "select_site_visit", {"slot": WEDNESDAY_10}, idempotency_key="click-1")
    assert again == first


def test_choosing_another_slot_moves_the_visit_and_frees_the_old_one(desk: Desk, engine: Engine) -> None:
    first, second = desk.open_thread().thread_id, desk.open_thread().thread_id
    for thread in (first, second):
        at_room_step(desk, thread)
    desk.handle_action(first, "select_site_visit", {"slot": WEDNESDAY_10})
    moved = desk.handle_action(first, "select_site_visit", {"slot": "2026-02-04T14:00"})
    assert "moved to Wednesday, 4 February 2026 at 14:00" in moved.body_markdown
    taken_by_other = desk.handle_action(second, "select_site_visit", {"slot": WEDNESDAY_10})
    assert "is booked for Wednesday, 4 February 2026 at 10:00" in taken_by_other.body_markdown
    assert len(visits(engine)) == 2


def test_a_time_that_is_not_a_visit_slot_is_refused_naming_the_slot_times(desk: Desk, thread_id: str) -> None:
    at_room_step(desk, thread_id)
    reply = desk.handle_action(thread_id, "select_site_visit", {"slot": "2026-02-04T11:00"})
    assert "weekdays at 10:00, 14:00, 16:00" in reply.body_markdown
    assert (desk.event_view(thread_id) or {})["site_visit"] is None


def test_a_weekend_slot_is_refused(desk: Desk, thread_id: str) -> None:
    at_room_step(desk, thread_id)
    reply = desk.handle_action(thread_id, "select_site_visit", {"slot": "2026-02-07T10:00"})
    assert "is not one of those slots" in reply.body_markdown


def test_a_slot_less_than_two_days_ahead_is_refused_with_the_first_possible_day(desk: Desk, thread_id: str) -> None:
    at_room_step(desk, thread_id)
    reply = desk.handle_action(thread_id, "select_site_visit", {"slot": "2026-02-03T10:00"})
    assert "the first possible day is Wednesday, 4 February 2026" in reply.body_markdown


def test_a_slot_on_or_after_the_event_date_is_refused(desk: Desk, thread_id: str) -> None:
    at_room_step(desk, thread_id)
    reply = desk.handle_action(thread_id, "select_site_visit", {"slot": "2026-03-10T10:00"})
    assert "has to take place before your event" in reply.body_markdown


def test_a_slot_on_a_public_holiday_is_refused_as_closed(desk: Desk, thread_id: str) -> None:
    desk.handle_message(thread_id, "Workshop for 30 people on 10 June 2026, 9 to 5.", sender="anna@example.com")
    reply = desk.handle_action(thread_id, "select_site_visit", {"slot": "2026-05-25T10:00"})  # Whit Monday
    assert "closed on Monday, 25 May 2026" in reply.body_markdown


def test_a_visit_can_be_booked_on_a_confirmed_booking_at_step_7(desk: Desk, thread_id: str) -> None:
    at_room_step(desk, thread_id)
    with desk.uow() as uow:
        state = uow.events.for_thread(thread_id)
        assert state is not None
        state.current_step, state.status = 7, "Confirmed"
        uow.events.save(state, desk.clock.now())
        uow.commit()
    reply = desk.handle_action(thread_id, "select_site_visit", {"slot": WEDNESDAY_10})
    assert "Your site visit is booked" in reply.body_markdown
    assert (reply.footer.step, (desk.event_view(thread_id) or {})["status"]) == (7, "Confirmed")


def test_a_slot_outside_the_calendar_is_bad_input_naming_an_example(desk: Desk, thread_id: str) -> None:
    with pytest.raises(ActionError, match="2026-02-04T10:00"):
        desk.handle_action(thread_id, "select_site_visit", {"slot": "0001-01-01T10:00"})


def test_two_events_can_never_hold_one_slot_in_the_database(desk: Desk, engine: Engine) -> None:
    with desk.uow() as uow:
        slot = desk.clock.now().replace(day=4, hour=10)
        uow.site_visits.book(event_id="evt-a", thread_id="thr-a", slot=slot, now=desk.clock.now())
        with pytest.raises(SlotTaken):
            uow.site_visits.book(event_id="evt-b", thread_id="thr-b", slot=slot, now=desk.clock.now())
        uow.commit()
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(SiteVisitRow)).scalar_one() == 1
