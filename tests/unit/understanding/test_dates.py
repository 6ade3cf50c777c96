"""Explicit dates, ranges, a bare day of month and invalid dates (today is Monday 2026-02-02)."""

from __future__ import annotations

from datetime import date

import pytest

from venuedesk.understanding import DateSpan


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 March 2026", date(2026, 3, 10)),
        ("March 10, 2026", date(2026, 3, 10)),
        ("10.03.2026", date(2026, 3, 10)),
        ("10.3.26", date(2026, 3, 10)),
        ("2026-03-10", date(2026, 3, 10)),
        ("10/03/2026", date(2026, 3, 10)),
        ("12. Februar", date(2026, 2, 12)),
        ("12. Februar 2027", date(2027, 2, 12)),
        ("Tuesday 10 March", date(2026, 3, 10)),
        ("Dienstag, 10. März", date(2026, 3, 10)),
        ("Dienstag, den 10. März 2026", date(2026, 3, 10)),
        ("10th of March", date(2026, 3, 10)),
        ("the 10th of March", date(2026, 3, 10)),
        ("on March 10th", date(2026, 3, 10)),
        ("am 10. Mrz.", date(2026, 3, 10)),
        ("3 Sept", date(2026, 9, 3)),
        ("am 10.3.", date(2026, 3, 10)),
    ],
)
def test_reads_absolute_date(read, text, expected):
    result = read(text)
    assert result.dates == [expected]
    assert result.problems == []
    assert result.vague is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 February", date(2027, 2, 1)),
        ("2 February", date(2026, 2, 2)),
        ("am 15. Januar", date(2027, 1, 15)),
        ("December 31", date(2026, 12, 31)),
    ],
)
def test_date_without_year_is_next_occurrence_on_or_after_today(read, text, expected):
    assert read(text).dates == [expected]


@pytest.mark.parametrize(
    "text",
    ["Monday 10 March 2026", "Montag, 10. März 2026", "Fri 10.03.2026"],
)
def test_weekday_contradicting_date_is_a_problem_but_keeps_date(read, text):
    result = read(text)
    assert result.dates == [date(2026, 3, 10)]
    assert [(p.field, p.code) for p in result.problems] == [("date", "weekday_mismatch")]


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("31 February", "invalid_date", "31 February"),
        ("31. Februar", "invalid_date", "31. Februar"),
        ("on 32.13.2026", "invalid_date", "32.13.2026"),
        ("10 March 2020", "past_date", "10 March 2020"),
        ("am 1.1.2025", "past_date", "1.1.2025"),
    ],
)
def test_impossible_or_past_date_is_a_problem_not_a_date(read, text, code, words):
    result = read(text)
    assert result.dates == []
    assert [(p.field, p.code, p.text) for p in result.problems] == [("date", code, words)]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("10-11 March", date(2026, 3, 10), date(2026, 3, 11)),
        ("10.–12. März", date(2026, 3, 10), date(2026, 3, 12)),
        ("from 10 to 12 March", date(2026, 3, 10), date(2026, 3, 12)),
        ("between 3 and 7 May", date(2026, 5, 3), date(2026, 5, 7)),
        ("vom 3. bis 7. Mai", date(2026, 5, 3), date(2026, 5, 7)),
        ("March 10-12, 2027", date(2027, 3, 10), date(2027, 3, 12)),
        ("from 30 March to 2 April", date(2026, 3, 30), date(2026, 4, 2)),
        ("zwischen dem 3. und dem 7. Mai", date(2026, 5, 3), date(2026, 5, 7)),
        ("10.-12.03.2026", date(2026, 3, 10), date(2026, 3, 12)),
    ],
)
def test_reads_date_range_as_span(read, text, start, end):
    result = read(text)
    assert result.span == DateSpan(start=start, end=end)
    assert result.dates == []
    assert result.window is None


def test_two_days_joined_by_and_without_between_are_two_dates(read):
    assert read("3 and 7 May").dates == [date(2026, 5, 3), date(2026, 5, 7)]


def test_several_dates_keep_written_order(read):
    assert read("either 12 March or 10 March").dates == [date(2026, 3, 12), date(2026, 3, 10)]


@pytest.mark.parametrize(
    ("text", "day"),
    [("the 10th works", 10), ("am 10. passt es", 10), ("on the 3rd", 3), ("Wie wäre es am 21.?", 21)],
)
def test_day_without_month_is_day_of_month(read, text, day):
    result = read(text)
    assert result.day_of_month == day
    assert result.dates == []


def test_explicit_date_does_not_add_vague_months(read):
    assert read("We'd like 10 March 2026 for our workshop").vague is None
