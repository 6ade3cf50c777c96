"""Actions are validated like tool arguments before they run as facts."""

from __future__ import annotations

from datetime import date

import pytest

from venuedesk.venue.loader import load_venue
from venuedesk.workflow.actions import ActionError, action_facts, parse_action

VENUE = load_venue()


def test_select_date_becomes_an_explicit_date() -> None:
    facts = action_facts("select_date", parse_action("select_date", {"date": "2026-03-10"}), VENUE, "en")
    assert facts.dates == [date(2026, 3, 10)]


def test_select_room_is_a_room_choice() -> None:
    facts = action_facts("select_room", parse_action("select_room", {"room_id": "room-b"}), VENUE, "en")
    assert facts.rooms == ["room-b"] and facts.has("room_choice")


def test_use_default_window_takes_the_venue_default() -> None:
    facts = action_facts("use_default_window", parse_action("use_default_window", {}), VENUE, "en")
    assert facts.window is not None and (facts.window.start, facts.window.end) == ("14:00", "18:00")


def test_unknown_action_names_the_known_ones() -> None:
    with pytest.raises(ActionError, match="unknown action 'book_now'.*select_date"):
        parse_action("book_now", {})


def test_wrong_arguments_name_the_field() -> None:
    with pytest.raises(ActionError, match="date"):
        parse_action("select_date", {"date": "31.02.2026"})


def test_extra_arguments_are_refused() -> None:
    with pytest.raises(ActionError, match="price"):
        parse_action("select_room", {"room_id": "room-b", "price": 0})


def test_unknown_room_is_refused() -> None:
    with pytest.raises(ActionError, match="room-z"):
        action_facts("select_room", parse_action("select_room", {"room_id": "room-z"}), VENUE, "en")
