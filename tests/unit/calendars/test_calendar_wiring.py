"""The reader a venue gets: none without calendars, a source per calendar with its secrets from the environment,
a calendar whose variables are unset failing as not_configured (never free), settings checked by name."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from venuedesk.calendars.caldav_source import CaldavSource
from venuedesk.calendars.fanout import FanOutReader
from venuedesk.calendars.ics_source import IcsSource
from venuedesk.calendars.ports import NO_CALENDARS
from venuedesk.calendars.wiring import CalendarSettings, CalendarSettingsError, calendar_reader
from venuedesk.domain.catalogue import CalendarSource, Venue
from venuedesk.venue.loader import load_venue

NEXTCLOUD = CalendarSource("room-a-nextcloud", "caldav", url="https://cloud.example.com/dav/calendars/desk/room-a/",
                           username_env="ROOM_A_USER", password_env="ROOM_A_PASSWORD")
GOOGLE = CalendarSource("room-b-google", "ics", url_env="ROOM_B_ICS_URL")


@pytest.fixture(scope="module")
def demo() -> Venue:
    return load_venue()


def with_calendars(venue: Venue, **by_room: CalendarSource) -> Venue:
    rooms = tuple(replace(room, calendars=(by_room[room.id.replace("-", "_")],))
                  if room.id.replace("-", "_") in by_room else room for room in venue.rooms)
    return replace(venue, rooms=rooms)


def test_a_venue_without_calendars_gets_the_reader_that_reads_nothing(demo: Venue) -> None:
    assert calendar_reader(demo, {}) is NO_CALENDARS


def test_each_calendar_gets_a_source_of_its_kind_with_its_secrets(demo: Venue) -> None:
    environ = {"ROOM_A_USER": "desk", "ROOM_A_PASSWORD": "s3cret-pw", "ROOM_B_ICS_URL": "https://g.test/private/basic.ics"}
    reader = calendar_reader(with_calendars(demo, room_a=NEXTCLOUD, room_b=GOOGLE), environ)
    assert isinstance(reader, FanOutReader)
    caldav, ics = reader.sources["room-a-nextcloud"], reader.sources["room-b-google"]
    assert isinstance(caldav, CaldavSource) and (caldav.username, caldav.password) == ("desk", "s3cret-pw")
    assert caldav.credentials_from == "ROOM_A_USER / ROOM_A_PASSWORD"
    assert isinstance(ics, IcsSource) and ics.url == "https://g.test/private/basic.ics"
    assert "s3cret-pw" not in repr(caldav)


def test_a_webcal_address_is_read_over_https(demo: Venue) -> None:
    reader = calendar_reader(with_calendars(demo, room_b=GOOGLE), {"ROOM_B_ICS_URL": "webcal://p01.icloud.test/x.ics"})
    assert isinstance(reader, FanOutReader)
    assert reader.sources["room-b-google"].url == "https://p01.icloud.test/x.ics"  # type: ignore[attr-defined]


def test_a_calendar_whose_variables_are_unset_fails_as_not_configured_naming_them(demo: Venue) -> None:
    venue = with_calendars(demo, room_a=NEXTCLOUD)
    busy = calendar_reader(venue, {}).busy(list(venue.rooms), date(2026, 3, 10), date(2026, 3, 10))
    (failure,) = busy.failures
    assert (failure.source_id, failure.reason) == ("room-a-nextcloud", "not_configured")
    assert "ROOM_A_USER and ROOM_A_PASSWORD are not set" in failure.detail
    assert busy.unconfirmed_rooms == frozenset({"room-a"})


def test_a_secret_address_that_is_not_a_web_address_is_not_configured(demo: Venue) -> None:
    venue = with_calendars(demo, room_b=GOOGLE)
    busy = calendar_reader(venue, {"ROOM_B_ICS_URL": "calendar.google.com/x"}).busy(
        list(venue.rooms), date(2026, 3, 10), date(2026, 3, 10))
    assert [(f.reason, f.detail.split(";")[0]) for f in busy.failures] == [
        ("not_configured", "ROOM_B_ICS_URL does not hold an http(s):// address")]


def test_the_settings_default_to_two_four_sixty_seconds() -> None:
    settings = CalendarSettings.from_env({})
    assert (settings.timeout, settings.budget, settings.ttl) == (2.0, 4.0, 60.0)


def test_the_settings_come_from_the_environment(demo: Venue) -> None:
    environ = {"VENUEDESK_CALENDAR_TIMEOUT": "0.5", "VENUEDESK_CALENDAR_BUDGET": "1.5", "VENUEDESK_CALENDAR_TTL": "0",
               "VENUEDESK_CALENDAR_FAILURE_TTL": "5", "ROOM_B_ICS_URL": "https://g.test/x.ics"}
    reader = calendar_reader(with_calendars(demo, room_b=GOOGLE), environ)
    assert isinstance(reader, FanOutReader)
    assert (reader.timeout, reader.budget, reader.cache.ttl, reader.cache.failure_ttl) == (0.5, 1.5, 0.0, 5.0)


@pytest.mark.parametrize("value", ["two", "0", "-1", "nan", "100000"])
def test_a_timeout_that_is_not_a_positive_number_of_seconds_is_refused_by_name(value: str) -> None:
    with pytest.raises(CalendarSettingsError, match=f"VENUEDESK_CALENDAR_TIMEOUT='{value}' is not a number"):
        CalendarSettings.from_env({"VENUEDESK_CALENDAR_TIMEOUT": value})
