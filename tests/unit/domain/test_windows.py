"""Time windows: HH:MM parsing, durations, operating hours, buffers."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest

from venuedesk.domain.windows import (
    MinuteWindow,
    buffered_window,
    format_hhmm,
    hours_between,
    parse_hhmm,
    to_minutes,
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
        (time(7, 30), time(12), "outside_opening_hours"),
        (time(18), time(23, 30), "outside_opening_hours"),
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
