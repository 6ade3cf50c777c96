"""The booking's `.ics` invite (RFC 5545; docs/design.md §4.13), read back with icalendar field by field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, UTC
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from venuedesk.domain.invite import Invite, InviteWords, invite_ics, invite_uid, invite_window

ZURICH = ZoneInfo("Europe/Zurich")
STAMP = datetime(2026, 2, 2, 9, 0, tzinfo=ZURICH)
WORDS = InviteWords(event="Event", what="Workshop for 30 guests", when="Tuesday, 10 March 2026, 09:00–17:00",
                    status="Confirmed booking", reference="Reference: evt-8c1f")
WORKSHOP = Invite(
    event_id="evt-8c1f", venue_host="atelier.venuedesk.ch", venue_name="The Atelier", venue_city="Zurich",
    room_name="Room B", day=date(2026, 3, 10), start=time(9), end=time(17), status="Confirmed", sequence=0,
    stamp=STAMP, words=WORDS, event_type="Workshop",
)


def parsed(invite: Invite) -> tuple[Calendar, object]:
    calendar = Calendar.from_ical(invite_ics(invite))
    assert len(calendar.events) == 1
    return calendar, calendar.events[0]


def test_the_calendar_is_version_2_with_prodid_and_method_publish():
    calendar, _ = parsed(WORKSHOP)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"]), str(calendar["METHOD"])) == (
        "2.0", "-//venuedesk//venuedesk booking desk//EN", "PUBLISH"
    )


def test_lines_end_with_crlf():
    raw = invite_ics(WORKSHOP)
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_the_uid_is_the_event_id_at_the_venue_host():
    _, event = parsed(WORKSHOP)
    assert str(event["UID"]) == "evt-8c1f@atelier.venuedesk.ch"


def test_the_uid_stays_the_same_when_the_invite_is_updated():
    _, first = parsed(WORKSHOP)
    _, update = parsed(replace(WORKSHOP, sequence=3, start=time(10), status="Cancelled"))
    assert str(first["UID"]) == str(update["UID"])
    assert update["SEQUENCE"] == 3


def test_start_and_end_carry_the_europe_zurich_tzid():
    _, event = parsed(WORKSHOP)
    assert event["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert event["DTEND"].params["TZID"] == "Europe/Zurich"
    assert b"DTSTART;TZID=Europe/Zurich:20260310T090000" in invite_ics(WORKSHOP)
    assert b"DTEND;TZID=Europe/Zurich:20260310T170000" in invite_ics(WORKSHOP)


def test_the_calendar_has_the_vtimezone_the_event_refers_to():
    calendar, _ = parsed(WORKSHOP)
    assert [str(zone["TZID"]) for zone in calendar.timezones] == ["Europe/Zurich"]
    assert calendar.get_missing_tzids() == set()


def test_a_winter_event_is_at_utc_plus_1():
    _, event = parsed(WORKSHOP)
    assert event.start == datetime(2026, 3, 10, 9, 0, tzinfo=ZURICH)
    assert event.start.utcoffset() == timedelta(hours=1)
    assert event.start.astimezone(UTC) == datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def test_a_summer_event_is_at_utc_plus_2():
    _, event = parsed(replace(WORKSHOP, day=date(2026, 7, 7)))
    assert event.start.utcoffset() == timedelta(hours=2)
    assert event.end.astimezone(UTC) == datetime(2026, 7, 7, 15, 0, tzinfo=UTC)


def test_the_vtimezone_offsets_read_back_through_a_tz_from_the_file_itself():
    calendar, _ = parsed(replace(WORKSHOP, day=date(2026, 7, 7)))
    zone = calendar.timezones[0].to_tz()  # built from the file's VTIMEZONE, not the system's zoneinfo
    assert datetime(2026, 7, 7, 9, 0, tzinfo=zone).utcoffset() == timedelta(hours=2)
    assert datetime(2026, 12, 7, 9, 0, tzinfo=zone).utcoffset() == timedelta(hours=1)


def test_summary_is_the_event_type_and_the_venue():
    _, event = parsed(WORKSHOP)
    assert str(event["SUMMARY"]) == "Workshop – The Atelier"


def test_summary_without_an_event_type_uses_the_words_for_event():
    _, event = parsed(replace(WORKSHOP, event_type=None, words=replace(WORDS, event="Anlass")))
    assert str(event["SUMMARY"]) == "Anlass – The Atelier"


def test_location_is_the_room_and_the_venue():
    _, event = parsed(WORKSHOP)
    assert str(event["LOCATION"]) == "Room B, The Atelier, Zurich"


def test_the_description_is_what_when_where_status_and_reference_one_per_line():
    _, event = parsed(WORKSHOP)
    assert str(event["DESCRIPTION"]) == (
        "Workshop for 30 guests\nTuesday, 10 March 2026, 09:00–17:00\nRoom B, The Atelier, Zurich\n"
        "Confirmed booking\nReference: evt-8c1f"
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [("Confirmed", "CONFIRMED"), ("Option", "TENTATIVE"), ("Cancelled", "CANCELLED"), ("Lost", "CANCELLED")],
)
def test_status_follows_the_event(status, expected):
    _, event = parsed(replace(WORKSHOP, status=status))
    assert str(event["STATUS"]) == expected


def test_a_lead_has_no_invite():
    with pytest.raises(ValueError, match="has no room booked"):
        invite_ics(replace(WORKSHOP, status="Lead"))


def test_dtstamp_is_the_given_moment_in_utc():
    _, event = parsed(WORKSHOP)
    assert event["DTSTAMP"].dt == datetime(2026, 2, 2, 8, 0, tzinfo=UTC)
    assert b"DTSTAMP:20260202T080000Z" in invite_ics(WORKSHOP)


def test_the_same_invite_gives_the_same_bytes():
    assert invite_ics(WORKSHOP) == invite_ics(replace(WORKSHOP))


def test_a_window_until_24_00_ends_at_midnight_of_the_next_day():
    _, event = parsed(replace(WORKSHOP, start=time(18), end=time(0)))
    assert event.end == datetime(2026, 3, 11, 0, 0, tzinfo=ZURICH)
    assert event.end - event.start == timedelta(hours=6)


def test_a_window_past_midnight_ends_the_next_morning():
    _, event = parsed(replace(WORKSHOP, start=time(20), end=time(2)))
    assert (event.start, event.end) == (
        datetime(2026, 3, 10, 20, 0, tzinfo=ZURICH), datetime(2026, 3, 11, 2, 0, tzinfo=ZURICH)
    )


def test_a_window_past_midnight_into_the_october_dst_change_lasts_its_real_hours():
    # 24.10.2026 22:00 CEST to 25.10. 04:00 CET: clocks go back at 03:00, so the night has 7 real hours.
    _, event = parsed(replace(WORKSHOP, day=date(2026, 10, 24), start=time(22), end=time(4)))
    assert event.start.utcoffset() == timedelta(hours=2)
    assert event.end.utcoffset() == timedelta(hours=1)
    assert event.end.astimezone(UTC) - event.start.astimezone(UTC) == timedelta(hours=7)


def test_an_empty_window_is_refused():
    with pytest.raises(ValueError, match="does not end after it starts"):
        invite_window(date(2026, 3, 10), time(17), time(9))


@pytest.mark.parametrize(
    ("event_id", "host"), [("", "atelier.ch"), ("evt 1", "atelier.ch"), ("evt-1", "a@b")]
)
def test_a_uid_needs_a_clean_event_id_and_host(event_id, host):
    with pytest.raises(ValueError, match="to make a UID"):
        invite_uid(event_id, host)


def test_a_negative_sequence_is_refused():
    with pytest.raises(ValueError, match="sequence -1 is negative"):
        invite_ics(replace(WORKSHOP, sequence=-1))


def test_a_naive_stamp_is_refused():
    with pytest.raises(ValueError, match="has no time zone"):
        invite_ics(replace(WORKSHOP, stamp=datetime(2026, 2, 2, 9, 0)))
