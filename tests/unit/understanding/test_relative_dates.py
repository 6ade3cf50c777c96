"""Relative dates resolved against the injected today."""

from __future__ import annotations

from datetime import date

import pytest

from venuedesk.understanding import DateSpan

MONDAY = date(2026, 2, 2)
FRIDAY = date(2026, 2, 6)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("today", MONDAY, date(2026, 2, 2)),
        ("heute", MONDAY, date(2026, 2, 2)),
        ("tomorrow", MONDAY, date(2026, 2, 3)),
        ("morgen", MONDAY, date(2026, 2, 3)),
        ("übermorgen", MONDAY, date(2026, 2, 4)),
        ("the day after tomorrow", MONDAY, date(2026, 2, 4)),
        ("in two weeks", MONDAY, date(2026, 2, 16)),
        ("in zwei Wochen", MONDAY, date(2026, 2, 16)),
        ("in 3 days", MONDAY, date(2026, 2, 5)),
        ("in 3 Tagen", MONDAY, date(2026, 2, 5)),
        ("in a week", MONDAY, date(2026, 2, 9)),
    ],
)
def test_relative_day_is_today_plus_offset(read, text, today, expected):
    assert read(text, today=today).dates == [expected]


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("next Friday", MONDAY, date(2026, 2, 6)),
        ("next Friday", FRIDAY, date(2026, 2, 13)),
        ("nächsten Freitag", FRIDAY, date(2026, 2, 13)),
        ("kommenden Freitag", FRIDAY, date(2026, 2, 13)),
        ("next Monday", MONDAY, date(2026, 2, 9)),
    ],
)
def test_next_weekday_is_first_strictly_after_today(read, text, today, expected):
    assert read(text, today=today).dates == [expected]


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("this Friday", FRIDAY, date(2026, 2, 6)),
        ("diesen Freitag", FRIDAY, date(2026, 2, 6)),
        ("this Friday", MONDAY, date(2026, 2, 6)),
    ],
)
def test_this_weekday_is_first_on_or_after_today(read, text, today, expected):
    assert read(text, today=today).dates == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Friday next week", date(2026, 2, 13)), ("nächste Woche Dienstag", date(2026, 2, 10))],
)
def test_weekday_of_next_week(read, text, expected):
    assert read(text, today=FRIDAY).dates == [expected]


@pytest.mark.parametrize("text", ["next week", "nächste Woche", "sometime next week"])
def test_next_week_is_monday_to_sunday_span(read, text):
    result = read(text, today=date(2026, 2, 4))
    assert result.span == DateSpan(start=date(2026, 2, 9), end=date(2026, 2, 15))
    assert result.dates == []


@pytest.mark.parametrize("text", ["Guten Morgen!", "am Morgen", "good morning"])
def test_morning_greetings_are_not_tomorrow(read, text):
    assert read(text).dates == []


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("übernächsten Freitag", MONDAY, date(2026, 2, 13)),
        ("am übernächsten Dienstag", MONDAY, date(2026, 2, 10)),
        ("the Friday after next", MONDAY, date(2026, 2, 13)),
        ("übernächsten Freitag", FRIDAY, date(2026, 2, 20)),
    ],
)
def test_weekday_after_next_is_one_week_after_next_weekday(read, text, today, expected):
    assert read(text, today=today).dates == [expected]
