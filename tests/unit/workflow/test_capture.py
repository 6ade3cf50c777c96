"""Capturing facts into the event: what counts as a change, and how partial dates resolve."""

from __future__ import annotations

from datetime import date

import pytest

from venuedesk.domain.event import DateRequest, EventState
from venuedesk.understanding.capture import capture, date_request_from, explicit_date, resolve_day_of_month
from venuedesk.understanding.model import DateSpan, TimeWindow, Understanding, VagueDates

TODAY = date(2026, 2, 2)


def _event(**values: object) -> EventState:
    state = EventState(event_id="e", thread_id="t", **values)
    state.refresh_hash()
    return state


def test_day_of_month_prefers_a_proposed_date() -> None:
    state = _event(proposed_dates=[date(2026, 3, 3), date(2026, 3, 10)])
    assert resolve_day_of_month(10, state, TODAY) == date(2026, 3, 10)


def test_day_of_month_falls_back_to_the_requested_month() -> None:
    state = _event(date_request=DateRequest(months=[5]))
    assert resolve_day_of_month(15, state, TODAY) == date(2026, 5, 15)


def test_day_of_month_without_context_is_the_next_such_day() -> None:
    assert resolve_day_of_month(1, _event(), TODAY) == date(2026, 3, 1)


def test_day_of_month_skips_months_too_short() -> None:
    assert resolve_day_of_month(31, _event(), date(2026, 2, 2)) == date(2026, 3, 31)


def test_two_dates_are_not_one_explicit_date() -> None:
    facts = Understanding(dates=[date(2026, 3, 3), date(2026, 3, 10)])
    assert explicit_date(facts, _event(), TODAY) is None
    request = date_request_from(facts, TODAY)
    assert request is not None and (request.first, request.last) == (date(2026, 3, 3), date(2026, 3, 10))


def test_a_span_becomes_a_bounded_request() -> None:
    facts = Understanding(span=DateSpan(start=date(2026, 3, 10), end=date(2026, 3, 11)))
    request = date_request_from(facts, TODAY)
    assert request is not None and (request.first, request.last) == (date(2026, 3, 10), date(2026, 3, 11))


@pytest.mark.parametrize(("month", "year"), [(5, 2026), (1, 2027)])
def test_a_vague_month_starts_at_its_next_occurrence(month: int, year: int) -> None:
    request = date_request_from(Understanding(vague=VagueDates(months=[month])), TODAY)
    assert request is not None and request.first == date(year, month, 1)


def test_restated_count_is_not_a_requirements_change() -> None:
    state = _event()
    capture(state, Understanding(participants=30), TODAY)
    assert capture(state, Understanding(participants=30), TODAY).requirements_changed is False


def test_new_count_is_a_requirements_change() -> None:
    state = _event()
    capture(state, Understanding(participants=30), TODAY)
    assert capture(state, Understanding(participants=38), TODAY).requirements_changed is True


def test_new_window_changes_the_requirements_hash() -> None:
    state = _event()
    before = state.requirements_hash
    capture(state, Understanding(window=TimeWindow(start="09:00", end="17:00")), TODAY)
    assert state.requirements_hash != before


def test_a_new_date_after_confirmation_is_a_date_change() -> None:
    state = _event(chosen_date=date(2026, 3, 10), date_confirmed=True)
    result = capture(state, Understanding(dates=[date(2026, 3, 17)]), TODAY)
    assert result.date_changed and state.pending_date == date(2026, 3, 17)


def test_restating_the_confirmed_date_is_no_change() -> None:
    state = _event(chosen_date=date(2026, 3, 10), date_confirmed=True)
    result = capture(state, Understanding(dates=[date(2026, 3, 10)]), TODAY)
    assert not result.date_changed and state.pending_date is None


def test_a_room_named_before_the_room_step_is_the_preferred_room() -> None:
    state = _event()
    capture(state, Understanding(rooms=["room-a"], intents=["room_choice"]), TODAY)
    assert state.requirements.preferred_room == "room-a"


def test_a_room_named_in_a_question_before_the_room_step_is_kept_as_preferred() -> None:
    state = _event()
    capture(state, Understanding(rooms=["room-a"], intents=["question"]), TODAY)
    assert state.requirements.preferred_room == "room-a"


def test_a_room_named_only_in_a_question_once_rooms_are_shown_is_not_chosen() -> None:
    state = _event(current_step=3)
    result = capture(state, Understanding(rooms=["room-a"], intents=["question"]), TODAY)
    assert state.requirements.preferred_room is None and result.chosen_room is None


def test_another_room_after_a_hold_is_a_room_change() -> None:
    state = _event(locked_room_id="room-b")
    result = capture(state, Understanding(rooms=["room-c"], intents=["room_choice"]), TODAY)
    assert result.room_changed and result.chosen_room == "room-c"


def test_the_email_is_captured() -> None:
    state = _event()
    capture(state, Understanding(email="anna@example.com"), TODAY)
    assert state.client_email == "anna@example.com"
