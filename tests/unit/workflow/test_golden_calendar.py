"""The golden transcripts' `calendar:` lines and `task_contains` expectation (docs/golden.md)."""

from __future__ import annotations

from datetime import date

import pytest

from venuedesk.golden.expect import check
from venuedesk.golden.script import CalendarLine, parse_calendar_line


def test_a_busy_line_with_a_window_names_the_room_day_and_times() -> None:
    assert parse_calendar_line("room-a busy 2027-03-16 09:00-17:00") == CalendarLine(
        "room-a", date=date(2027, 3, 16), start="09:00", end="17:00")


def test_an_all_day_line_blocks_the_day() -> None:
    assert parse_calendar_line("room-b busy 2027-03-20 all-day") == CalendarLine(
        "room-b", date=date(2027, 3, 20), all_day=True)


def test_a_down_line_marks_the_rooms_calendar_down() -> None:
    assert parse_calendar_line("room-c down") == CalendarLine("room-c", down=True)


def test_a_malformed_line_names_the_three_forms() -> None:
    with pytest.raises(ValueError, match="ROOM busy YYYY-MM-DD HH:MM-HH:MM"):
        parse_calendar_line("room-c busy tomorrow")


def test_task_contains_fails_when_no_open_task_summary_has_the_text() -> None:
    failures = check({"task_contains": "room-f-calendar"}, None, {}, 1, tasks=["Payment check: ..."])
    assert failures == ["task_contains: 'room-f-calendar' not in the summary of any open task"]
