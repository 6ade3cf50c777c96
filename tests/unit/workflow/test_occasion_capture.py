"""Capturing the occasion (docs/understanding.md "Occasions and catering"): the implied layout stands in until
the client names one, and the implied meal stays open until an option is chosen or catering declined."""

from __future__ import annotations

from datetime import date

from venuedesk.domain import ranking
from venuedesk.domain.event import EventState, ProductLine
from venuedesk.understanding.capture import capture
from venuedesk.understanding.model import ProductMention, Understanding
from venuedesk.venue.loader import load_venue

TODAY = date(2026, 2, 2)
VENUE = load_venue()


def _event() -> EventState:
    state = EventState(event_id="e", thread_id="t")
    state.refresh_hash()
    return state


def test_a_dinner_without_a_layout_is_planned_in_banquet_and_reported() -> None:
    state = _event()
    captured = capture(state, Understanding(event_type="dinner", participants=50), TODAY, VENUE)
    assert (state.requirements.layout, state.layout_implied, captured.layout_implied) == ("banquet", True, "banquet")


def test_a_seated_dinner_is_never_fitted_by_standing_capacity() -> None:
    state = _event()
    capture(state, Understanding(event_type="dinner", participants=80), TODAY, VENUE)
    fit = ranking.room_fits(VENUE.room("room-c"), 80, state.requirements.layout)
    assert (fit.fits, fit.layout, fit.capacity) == (False, "banquet", 56)


def test_a_layout_named_in_the_same_message_wins_over_the_occasion() -> None:
    state = _event()
    captured = capture(state, Understanding(event_type="dinner", layout="standing"), TODAY, VENUE)
    assert (state.requirements.layout, state.layout_implied, captured.layout_implied) == ("standing", False, None)


def test_a_layout_named_later_replaces_the_implied_one() -> None:
    state = _event()
    capture(state, Understanding(event_type="apero"), TODAY, VENUE)
    capture(state, Understanding(layout="banquet"), TODAY, VENUE)
    assert (state.requirements.layout, state.layout_implied) == ("banquet", False)


def test_an_occasion_mentioned_once_a_room_is_held_plans_no_layout() -> None:
    state = _event()
    state.current_step, state.locked_room_id = 5, "room-c"
    captured = capture(state, Understanding(event_type="dinner"), TODAY, VENUE)
    assert (state.requirements.layout, captured.layout_implied, captured.requirements_changed) == (None, None, False)


def test_the_first_occasion_stays_the_event_s() -> None:
    state = _event()
    capture(state, Understanding(event_type="dinner"), TODAY, VENUE)
    capture(state, Understanding(event_type="apero"), TODAY, VENUE)
    assert (state.event_type, state.requirements.layout) == ("dinner", "banquet")


def test_an_occasion_without_a_layout_leaves_the_largest_layout() -> None:
    state = _event()
    captured = capture(state, Understanding(event_type="lunch_meeting", catering_implied=["lunch"]), TODAY, VENUE)
    assert (state.requirements.layout, captured.layout_implied) == (None, None)


def test_the_implied_meal_stays_open_until_an_option_is_chosen() -> None:
    state = _event()
    captured = capture(state, Understanding(event_type="lunch_meeting", catering_implied=["lunch"]), TODAY, VENUE)
    assert (state.catering_open, captured.catering_opened) == (["lunch"], ["lunch"])
    capture(state, Understanding(products=[ProductMention(product_id="projector")]), TODAY, VENUE)
    assert state.catering_open == ["lunch"]
    capture(state, Understanding(products=[ProductMention(product_id="lunch-premium")]), TODAY, VENUE)
    assert state.catering_open == []


def test_declining_catering_closes_the_implied_meal() -> None:
    state = _event()
    capture(state, Understanding(event_type="dinner", catering_implied=["dinner"]), TODAY, VENUE)
    capture(state, Understanding(no_products=True), TODAY, VENUE)
    assert state.catering_open == []


def test_a_meal_already_on_the_event_is_not_opened_again() -> None:
    state = _event()
    state.products = [ProductLine(product_id="dinner-3", quantity=1)]
    captured = capture(state, Understanding(event_type="dinner", catering_implied=["dinner"]), TODAY, VENUE)
    assert (state.catering_open, captured.catering_opened) == ([], [])


def test_unknown_items_are_kept_on_the_event_once() -> None:
    state = _event()
    capture(state, Understanding(unknown_items=["Plättli"]), TODAY, VENUE)
    capture(state, Understanding(unknown_items=["Plättli", "Wein"]), TODAY, VENUE)
    assert state.unknown_items == ["Plättli", "Wein"]
