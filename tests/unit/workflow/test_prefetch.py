"""A model's availability calls become the calendar spans read in one prefetch: which calls count, which days
each asks about, and that prefetching is done once a turn and never fails it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from venuedesk.clock import VENUE_TZ
from venuedesk.domain.catalogue import CalendarSource, Venue
from venuedesk.providers.base import ProposedToolCall
from venuedesk.venue.loader import load_venue
from venuedesk.workflow.prefetch import PROPOSE_DAYS, availability_spans, prefetch_availability

TODAY = date(2026, 2, 2)


@pytest.fixture(scope="module")
def venue() -> Venue:
    demo = load_venue()
    feed = CalendarSource("room-a-feed", "ics", url="https://calendar.example.com/a.ics")
    return replace(demo, rooms=tuple(replace(room, calendars=(feed,)) if room.id == "room-a" else room
                                     for room in demo.rooms))


def call(name: str, args: dict[str, Any] | str, number: int = 1) -> ProposedToolCall:
    return ProposedToolCall(id=f"call-{number}", name=name, args=args)


def days(spans: list[Any]) -> list[tuple[date, date]]:
    return [(first, last) for _, first, last in spans]


@dataclass
class CountingCalendars:
    prefetched: list[list[Any]] = field(default_factory=list)
    fail: bool = False

    def prefetch(self, requests: list[Any]) -> None:
        if self.fail:
            raise RuntimeError("calendar cache broken")
        self.prefetched.append(list(requests))


def turn(venue: Venue, calendars: CountingCalendars, *proposals: ProposedToolCall) -> Any:
    return SimpleNamespace(proposals=list(proposals), venue=venue, calendars=calendars,
                           now=datetime(2026, 2, 2, 9, tzinfo=VENUE_TZ))


def test_a_dates_check_asks_about_its_first_to_its_last_date(venue: Venue) -> None:
    spans = availability_spans([call("dates_check", {"dates": ["2026-03-12", "2026-03-10", "2026-03-11"]})],
                               venue, TODAY)
    assert days(spans) == [(date(2026, 3, 10), date(2026, 3, 12))]


def test_a_rooms_search_asks_about_its_day(venue: Venue) -> None:
    spans = availability_spans([call("rooms_search", {"date": "2026-03-10", "participants": 30})], venue, TODAY)
    assert days(spans) == [(date(2026, 3, 10), date(2026, 3, 10))]


def test_a_dates_propose_asks_from_its_start_to_its_end_or_the_read_ahead(venue: Venue) -> None:
    bounded = call("dates_propose", {"after": "2026-03-01", "before": "2026-03-20", "count": 3})
    open_ended = call("dates_propose", {"after": "2026-01-01", "count": 3})
    spans = availability_spans([bounded, open_ended], venue, TODAY)
    assert days(spans) == [(date(2026, 3, 1), date(2026, 3, 20)),
                           (TODAY, date.fromordinal(TODAY.toordinal() + PROPOSE_DAYS))]


def test_only_the_rooms_with_calendars_are_asked_about(venue: Venue) -> None:
    (span,) = availability_spans([call("rooms_search", {"date": "2026-03-10", "participants": 30})], venue, TODAY)
    assert [room.id for room in span[0]] == ["room-a"]


def test_arguments_sent_as_a_json_string_are_read(venue: Venue) -> None:
    spans = availability_spans([call("rooms_search", json.dumps({"date": "2026-03-10", "participants": 30}))],
                               venue, TODAY)
    assert days(spans) == [(date(2026, 3, 10), date(2026, 3, 10))]


def test_other_tools_and_arguments_that_do_not_validate_are_left_out(venue: Venue) -> None:
    proposals = [call("room_hold", {"room_id": "room-a", "date": "2026-03-10"}),
                 call("dates_check", {"dates": []}), call("rooms_search", "{not json")]
    assert availability_spans(proposals, venue, TODAY) == []


def test_a_venue_without_calendars_asks_about_nothing() -> None:
    assert availability_spans([call("rooms_search", {"date": "2026-03-10", "participants": 30})], load_venue(),
                              TODAY) == []


def test_several_availability_calls_are_prefetched_once_in_the_models_order(venue: Venue) -> None:
    calendars = CountingCalendars()
    prefetch_availability(turn(venue, calendars,
                               call("rooms_search", {"date": "2026-03-11", "participants": 30}, 1),
                               call("hil_create", {"type": "manual_review"}, 2),
                               call("dates_check", {"dates": ["2026-03-10"]}, 3),
                               call("rooms_search", {"date": "2026-03-12", "participants": 30}, 4)))
    (requests,) = calendars.prefetched
    assert days(requests) == [(date(2026, 3, 11), date(2026, 3, 11)), (date(2026, 3, 10), date(2026, 3, 10)),
                              (date(2026, 3, 12), date(2026, 3, 12))]


def test_a_turn_without_availability_calls_prefetches_nothing(venue: Venue) -> None:
    calendars = CountingCalendars()
    prefetch_availability(turn(venue, calendars, call("room_hold", {"room_id": "room-a", "date": "2026-03-10"})))
    assert calendars.prefetched == []


def test_a_prefetch_that_fails_does_not_fail_the_turn(venue: Venue) -> None:
    calendars = CountingCalendars(fail=True)
    prefetch_availability(turn(venue, calendars, call("dates_check", {"dates": ["2026-03-10"]})))
    assert calendars.prefetched == []
