"""A second, separate inquiry in a message (docs/design.md §4.3), never a change of this event."""

from __future__ import annotations

from datetime import date

from venuedesk.domain.catalogue import Venue
from venuedesk.understanding import understand
from venuedesk.understanding.context import MessageContext
from venuedesk.understanding.inquiries import split_new_inquiry

TODAY = date(2026, 2, 2)
MID_THREAD = MessageContext(asked=("offer",), date_in_focus=date(2026, 3, 10))
SECOND = "Thanks, all good. We're also planning a Christmas dinner for 40 people in December."


def test_also_with_another_occasion_and_time_starts_a_new_inquiry() -> None:
    assert split_new_inquiry(SECOND) == ("Thanks, all good.",
                                        "We're also planning a Christmas dinner for 40 people in December.")


def test_zusaetzlich_with_an_occasion_and_a_month_starts_a_new_inquiry() -> None:
    split = split_new_inquiry("Danke! Zusätzlich planen wir ein Sommerfest im Juli für 80 Personen.")
    assert split is not None and split[1].startswith("Zusätzlich")


def test_a_change_of_this_event_is_no_new_inquiry() -> None:
    assert split_new_inquiry("Actually, make it a dinner in May instead.") is None


def test_an_extra_for_this_event_is_no_new_inquiry() -> None:
    assert split_new_inquiry("We'll also need a projector in March.") is None


def test_the_new_inquirys_facts_never_reach_this_event(venue: Venue) -> None:
    reading = understand(SECOND, venue, TODAY, context=MID_THREAD)
    assert reading.has("new_inquiry") and reading.participants is None and reading.vague is None


def test_a_first_message_that_is_only_the_inquiry_is_read_whole(venue: Venue) -> None:
    reading = understand("We're also planning a Christmas dinner for 40 people in December.", venue, TODAY)
    assert not reading.has("new_inquiry") and reading.participants == 40


def test_an_occasion_the_venue_lacks_still_starts_a_new_inquiry() -> None:
    split = split_new_inquiry("Alles klar. Zusätzlich planen wir im August einen Sommerplausch mit 45 Personen.")
    assert split is not None and split[1].startswith("Zusätzlich")


def test_a_planned_occasion_with_its_own_head_count_starts_a_new_inquiry() -> None:
    assert split_new_inquiry("Thanks. We're also planning a summer picnic for 55 people.") is not None


def test_a_weekday_evening_is_no_occasion() -> None:
    assert split_new_inquiry("Zusätzlich hätten wir am Freitagabend im Mai gerne Prosecco.") is None


def test_forgotten_is_no_meal() -> None:
    assert split_new_inquiry("Ausserdem haben wir vergessen: im Mai kommen 3 mehr.") is None


def test_the_venues_own_occasion_words_find_the_inquiry(venue: Venue) -> None:
    reading = understand("Alles gut, danke. Zusätzlich planen wir im September einen Grillplausch für 70 Personen.",
                         venue, TODAY, context=MID_THREAD)
    assert "new_inquiry" in reading.intents and reading.participants is None and reading.vague is None
