"""The pushed calendar entry and the writer's configuration, without a server: UID, summary, content hash, the
VEVENT's window and time zone, the resource it is written to, and a calendar whose variable is unset."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time

from icalendar import Calendar

from venuedesk.calendars.caldav_push import CalDAVWriter, push_writer, resource_url
from venuedesk.calendars.push_event import PushItem, push_uid, summary
from venuedesk.clock import VENUE_TZ
from venuedesk.domain.catalogue import CalendarSource
from venuedesk.venue.loader import load_venue

STAMP = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
ITEM = PushItem(source_id="room-b-cal", uid=push_uid("evt_1", "room-b", "the-atelier.venuedesk.invalid"),
                event_id="evt_1", room_id="room-b", day=date(2026, 3, 10), start=time(9, 0), end=time(17, 0),
                state="tentative", summary="Option: Workshop (30 guests) – venuedesk", location="Room B",
                description="Booked through venuedesk: event evt_1.")


def test_the_uid_starts_with_the_prefix_the_reading_side_skips_and_names_event_and_room() -> None:
    assert ITEM.uid == "venuedesk-evt_1-room-b@the-atelier.venuedesk.invalid"


def test_the_summary_leaves_out_what_is_unknown() -> None:
    assert summary("tentative", "workshop", 30) == "Option: Workshop (30 guests) – venuedesk"
    assert summary("confirmed", None, None) == "Confirmed: Event – venuedesk"


def test_the_content_hash_changes_with_what_the_entry_says_and_only_then() -> None:
    assert ITEM.content_hash == dataclasses.replace(ITEM).content_hash
    assert ITEM.content_hash != dataclasses.replace(ITEM, state="confirmed").content_hash
    assert ITEM.content_hash != dataclasses.replace(ITEM, end=time(18, 0)).content_hash


def test_the_vevent_is_in_venue_time_with_its_vtimezone_and_sequence() -> None:
    calendar = Calendar.from_ical(ITEM.to_ics(3, STAMP))
    [event] = calendar.walk("VEVENT")
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Zurich"]
    assert event.decoded("DTSTART") == datetime(2026, 3, 10, 9, 0, tzinfo=VENUE_TZ)
    assert event["DTEND"].params["TZID"] == "Europe/Zurich"
    assert (str(event["STATUS"]), event["SEQUENCE"]) == ("TENTATIVE", 3)


def test_a_window_ending_at_midnight_ends_on_the_next_day() -> None:
    late = dataclasses.replace(ITEM, start=time(18, 0), end=time(0, 0))
    [event] = Calendar.from_ical(late.to_ics(0, STAMP)).walk("VEVENT")
    assert event.decoded("DTEND") == datetime(2026, 3, 11, 0, 0, tzinfo=VENUE_TZ)


def test_the_resource_is_named_by_the_uid_percent_encoded() -> None:
    assert resource_url("http://cal.example/venue/room-b", ITEM.uid) == (
        "http://cal.example/venue/room-b/venuedesk-evt_1-room-b%40the-atelier.venuedesk.invalid.ics")


def test_a_calendar_whose_variable_is_unset_names_it_without_any_request() -> None:
    source = CalendarSource(id="room-b-cal", kind="caldav", url_env="ROOM_B_URL", password_env="ROOM_B_PASSWORD",
                            push=True)
    assert "set ROOM_B_URL" in (CalDAVWriter({}).problem(source) or "")
    assert "set ROOM_B_PASSWORD" in (CalDAVWriter({"ROOM_B_URL": "https://cal.example/b/"}).problem(source) or "")
    assert CalDAVWriter({"ROOM_B_URL": "https://cal.example/b/", "ROOM_B_PASSWORD": "pw"}).problem(source) is None


def test_a_venue_without_a_push_calendar_gets_no_writer() -> None:
    assert push_writer(load_venue(), {}) is None
