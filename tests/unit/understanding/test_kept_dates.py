"""The event's own date mentioned, not wished for (docs/understanding.md "Dates said to stay")."""

from __future__ import annotations

from datetime import date

from venuedesk.domain.catalogue import Venue
from venuedesk.understanding import understand
from venuedesk.understanding.context import MessageContext

TODAY = date(2026, 2, 2)
IN_MAY = MessageContext(asked=("offer",), date_in_focus=date(2026, 5, 7))  # a Thursday


def _read(text: str, venue: Venue, context: MessageContext = IN_MAY):
    return understand(text, venue, TODAY, context=context)


def test_a_date_said_to_stay_is_no_date_wish(venue: Venue) -> None:
    reading = _read("Our date in May stays as it is. Is the terrace open in June?", venue)
    assert reading.vague is None and not reading.dates


def test_a_german_date_said_to_stay_is_no_date_wish(venue: Venue) -> None:
    assert _read("Unser Anlass im Mai bleibt wie besprochen.", venue).vague is None


def test_the_month_of_the_date_in_focus_is_no_date_wish(venue: Venue) -> None:
    assert _read("Für Mai ist alles klar, danke.", venue).vague is None


def test_the_weekday_of_the_date_in_focus_is_no_date_wish(venue: Venue) -> None:
    assert _read("Am Donnerstagabend hätten wir gerne noch Prosecco.", venue).vague is None


def test_another_month_is_still_a_date_wish(venue: Venue) -> None:
    assert _read("Could we do it in June?", venue).vague.months == [6]  # type: ignore[union-attr]


def test_the_month_in_focus_answers_a_date_question(venue: Venue) -> None:
    context = MessageContext(asked=("date",), date_in_focus=date(2026, 5, 7))
    assert _read("In May would be fine.", venue, context).vague.months == [5]  # type: ignore[union-attr]


def test_a_date_that_does_not_stay_moves_to_the_new_one(venue: Venue) -> None:
    reading = _read("Our date on 7 May can't stay as it is - could we move to Thursday 21 May?", venue)
    assert reading.dates == [date(2026, 5, 21)]


def test_without_a_date_in_focus_a_date_said_to_stay_is_the_date(venue: Venue) -> None:
    reading = _read("We are now 35, still on Thursday 12 March, all day.", venue, MessageContext())
    assert reading.dates == [date(2026, 3, 12)]


def test_staying_late_is_no_kept_date(venue: Venue) -> None:
    reading = _read("40 people for dinner on Friday 12 June, and we'd love to stay from 7pm until 11pm.", venue)
    assert reading.dates == [date(2026, 6, 12)] and reading.window is not None


def test_no_change_there_is_no_change(venue: Venue) -> None:
    assert "change" not in _read("Our event remains as agreed, no change there.", venue).intents


def test_as_agreed_accepts_nothing(venue: Venue) -> None:
    assert "acceptance" not in _read("Our event remains as agreed.", venue).intents


def test_a_budget_approval_date_is_not_the_events(venue: Venue) -> None:
    reading = _read("Bis wann müssen wir zusagen? Unser Budget wird erst im März freigegeben.", venue, MessageContext())
    assert reading.vague is None
