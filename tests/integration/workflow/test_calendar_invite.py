"""The booking's `.ics` invite (docs/design.md §4.13): `Desk.calendar_ics` for a confirmed booking, read back with
`icalendar`: Europe/Zurich times, the room, the summary, a UID that stays the same across downloads; refused with
the reason before the venue has confirmed."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from venuedesk.workflow.calendar_invite import NoInvite
from venuedesk.workflow.desk import Desk
from step_seven import confirmed, enter_step_seven, offer_sent

ZURICH = ZoneInfo("Europe/Zurich")


def _event(ics: bytes):
    calendar = Calendar.from_ical(ics)
    assert str(calendar["METHOD"]) == "PUBLISH" and len(calendar.events) == 1
    return calendar.events[0]


def test_a_confirmed_booking_has_an_invite_in_europe_zurich_time_with_the_room(desk: Desk, thread_id: str) -> None:
    confirmed(desk, thread_id)
    event = _event(desk.calendar_ics(thread_id))
    assert event["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert event.start == datetime(2026, 3, 10, 9, 0, tzinfo=ZURICH)
    assert event.end == datetime(2026, 3, 10, 17, 0, tzinfo=ZURICH)
    assert str(event["LOCATION"]) == "Room B, The Atelier, Zurich"
    assert str(event["SUMMARY"]) == "Event – The Atelier"
    assert str(event["STATUS"]) == "CONFIRMED"


def test_the_uid_is_the_same_on_every_download(desk: Desk, thread_id: str) -> None:
    confirmed(desk, thread_id)
    first = _event(desk.calendar_ics(thread_id))
    desk.clock.advance(timedelta(days=3))
    later = _event(desk.calendar_ics(thread_id))
    assert str(first["UID"]) == str(later["UID"]) == "evt_thr-1@the-atelier.venuedesk.invalid"
    assert first["DTSTAMP"].dt < later["DTSTAMP"].dt


def test_the_description_is_in_the_clients_language_from_the_message_catalogue(desk: Desk, thread_id: str) -> None:
    inquiry = "Guten Tag, wir planen einen Workshop für 30 Personen am 10. März 2026 von 9 bis 17 Uhr."
    confirmed(desk, thread_id, products="Mittagessen für alle, bitte.", inquiry=inquiry)
    event = _event(desk.calendar_ics(thread_id))
    assert str(event["DESCRIPTION"]) == (
        "Anlass für 30 Personen\nDienstag, 10. März 2026, 09:00–17:00\nRaum B, The Atelier, Zurich\n"
        "Bestätigte Buchung\nReferenz: evt_thr-1")
    assert str(event["SUMMARY"]) == "Anlass – The Atelier"


def test_a_booking_awaiting_confirmation_has_no_invite_and_says_why(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    enter_step_seven(desk, thread_id)
    with pytest.raises(NoInvite, match="its status is Option") as refused:
        desk.calendar_ics(thread_id)
    assert refused.value.code == "no_invite"


def test_a_thread_without_an_event_has_no_invite(desk: Desk, thread_id: str) -> None:
    with pytest.raises(NoInvite, match="its status is Lead"):
        desk.calendar_ics(thread_id)


def test_a_cancelled_booking_serves_the_same_uid_as_cancelled_with_a_higher_sequence(
    desk: Desk, thread_id: str
) -> None:
    confirmed(desk, thread_id)
    before = _event(desk.calendar_ics(thread_id))
    desk.handle_message(thread_id, "We have to cancel the booking.")
    task = next(t for t in desk.open_tasks(thread_id) if t["type"] == "cancellation")
    desk.decide(task["task_id"], "approve")
    after = _event(desk.calendar_ics(thread_id))
    assert str(after["UID"]) == str(before["UID"])
    assert (str(after["STATUS"]), after["SEQUENCE"]) == ("CANCELLED", 1) and before["SEQUENCE"] == 0
