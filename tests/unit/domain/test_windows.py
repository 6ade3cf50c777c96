"""Time windows: HH:MM parsing, durations, operating hours, buffers."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest

from dataclasses import replace

from venuedesk.domain.windows import (
    MinuteWindow,
    buffered_window,
    closing_minutes,
    crosses_midnight,
    end_minutes,
    format_end,
    format_hhmm,
    hours_between,
    parse_end,
    parse_hhmm,
    to_minutes,
    window_minutes,
    window_problem,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("09:00", time(9)), ("9:30", time(9, 30)), ("23:59", time(23, 59)), ("14.15", time(14, 15))],
)
def test_parse_hhmm(text, expected):
    assert parse_hhmm(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9", "12:60", "noon", ""])
def test_parse_hhmm_rejects_non_times(text):
    with pytest.raises(ValueError):
        parse_hhmm(text)


def test_format_and_minutes():
    assert format_hhmm(time(9, 5)) == "09:05"
    assert to_minutes(time(12, 30)) == 750
    assert to_minutes("08:00") == 480


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [(time(9), time(17), "8"), (time(8), time(19, 30), "11.5"), (time(9), time(13), "4")],
)
def test_hours_between(start, end, hours):
    assert hours_between(start, end) == Decimal(hours)


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (time(8), time(23), None),
        (time(9), time(17), None),
        (time(7, 30), time(12), "starts_before_opening"),
        (time(18), time(23, 30), "ends_after_closing"),
        (time(18), time(0), "ends_after_closing"),
        (time(20), time(2), "ends_after_closing"),
        (time(17), time(9), "end_not_after_start"),
        (time(12), time(12), "end_not_after_start"),
    ],
)
def test_window_problem(policies, start, end, code):
    problem = window_problem(start, end, policies)
    assert (problem.code if problem else None) == code


def test_buffers_may_extend_past_opening_hours(venue):
    assert buffered_window(venue.room("room-e"), time(8), time(23)) == MinuteWindow(7 * 60, 24 * 60)


def test_touching_windows_do_not_overlap():
    assert not MinuteWindow(510, 750).overlaps(MinuteWindow(750, 1050))
    assert MinuteWindow(510, 750).overlaps(MinuteWindow(749, 1050))


def test_parse_end_reads_24_00_as_midnight():
    assert parse_end("24:00") == time(0)
    assert parse_end("18:30") == time(18, 30)


@pytest.mark.parametrize("text", ["24:30", "25:00", "midnight", ""])
def test_parse_end_rejects_non_end_times(text):
    with pytest.raises(ValueError):
        parse_end(text)


def test_midnight_is_shown_and_stored_as_24_00():
    assert format_end(time(0)) == "24:00"
    assert format_end(time(23)) == "23:00"


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (time(18), time(0), 24 * 60),  # 18:00-24:00 ends at the end of the start's day
        (time(20), time(2), 26 * 60),  # 20:00-02:00 ends on the next day
        (time(22), time(6), 30 * 60),  # up to 06:00 is still the next morning
        (time(17), time(9), 9 * 60),  # a later morning is not: a mistake, not a 16-hour event
        (time(12), time(12), 12 * 60),
    ],
)
def test_end_minutes_counts_from_the_midnight_before_the_start(start, end, minutes):
    assert end_minutes(start, end) == minutes


def test_a_window_until_midnight_lasts_until_24_00():
    assert window_minutes(time(18), time(0)) == 360
    assert hours_between(time(18), time(0)) == Decimal(6)
    assert not crosses_midnight(time(18), time(0))


def test_a_window_past_midnight_is_measured_into_the_next_day():
    assert hours_between(time(20), time(2)) == Decimal(6)
    assert hours_between(time(22, 30), time(1)) == Decimal("2.5")
    assert crosses_midnight(time(20), time(2))


def test_an_end_before_the_start_that_is_not_night_is_not_a_window():
    assert window_minutes(time(17), time(9)) < 0


def test_a_window_past_closing_is_refused_with_the_latest_end_and_the_window_cut_to_it(policies):
    problem = window_problem(time(18), time(0), policies)
    assert problem is not None
    assert (problem.code, problem.end, problem.latest_end) == ("ends_after_closing", "24:00", "23:00")
    assert problem.suggestion == ("18:00", "23:00")


def test_a_window_starting_at_closing_has_nothing_to_suggest(policies):
    problem = window_problem(time(23), time(1), policies)
    assert problem is not None and problem.code == "ends_after_closing"
    assert problem.suggestion is None


def test_a_window_before_opening_suggests_starting_at_opening(policies):
    problem = window_problem(time(7), time(12), policies)
    assert problem is not None and problem.code == "starts_before_opening"
    assert (problem.earliest_start, problem.suggestion) == ("08:00", ("08:00", "12:00"))


@pytest.mark.parametrize(("closes", "minutes"), [(time(23), 23 * 60), (time(0), 24 * 60), (time(2), 26 * 60)])
def test_closing_at_or_after_midnight_counts_into_the_next_day(policies, closes, minutes):
    assert closing_minutes(replace(policies, open_until=closes)) == minutes


@pytest.mark.parametrize(
    ("start", "end"), [(time(18), time(0)), (time(20), time(2)), (time(22), time(1, 30))]
)
def test_a_venue_open_past_midnight_books_windows_up_to_its_closing(policies, start, end):
    late = replace(policies, open_until=time(2))
    assert window_problem(start, end, late) is None


def test_a_venue_open_past_midnight_still_refuses_beyond_its_closing(policies):
    late = replace(policies, open_until=time(2))
    problem = window_problem(time(22), time(3), late)
    assert problem is not None and problem.latest_end == "02:00" and problem.suggestion == ("22:00", "02:00")


def test_buffers_of_a_window_past_midnight_reach_into_the_next_day(venue):
    expected = MinuteWindow(20 * 60 - 45, 26 * 60 + 45)
    assert buffered_window(venue.room("room-c"), time(20), time(2)) == expected
