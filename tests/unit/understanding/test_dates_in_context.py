"""Partial and relative dates read against today and what the desk last said (docs/design.md §4.4)."""

from __future__ import annotations

from datetime import date

import pytest

from venuedesk.understanding import understand
from venuedesk.understanding.context import NO_CONTEXT, MessageContext
from venuedesk.understanding.model import CONFIRM_BELOW

MONDAY = date(2026, 2, 2)
JUNE_SHOWN = MessageContext(dates_shown=(date(2026, 6, 9), date(2026, 6, 11), date(2026, 6, 16)))
MARCH_SHOWN = MessageContext(dates_shown=(date(2026, 3, 5), date(2026, 3, 6), date(2026, 3, 12)))


def _read(venue, text, context=NO_CONTEXT, today=MONDAY):
    return understand(text, venue, today, context=context)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the 9th, 10th or 16th of April", [date(2026, 4, 9), date(2026, 4, 10), date(2026, 4, 16)]),
        ("12 or 16 June", [date(2026, 6, 12), date(2026, 6, 16)]),
        ("am 3., 4. oder 10. Juli", [date(2026, 7, 3), date(2026, 7, 4), date(2026, 7, 10)]),
        ("March 3rd or the 5th", [date(2026, 3, 3), date(2026, 3, 5)]),
        ("June 12, 15 and 19", [date(2026, 6, 12), date(2026, 6, 15), date(2026, 6, 19)]),
    ],
)
def test_days_listed_before_or_after_a_month_all_belong_to_it(venue, text, expected):
    assert _read(venue, text).dates == expected


def test_a_month_first_list_never_takes_the_year_as_a_day(venue):
    assert _read(venue, "June 12, 2026").dates == [date(2026, 6, 12)]


def test_a_day_shown_by_the_desk_is_that_date(venue):
    reading = _read(venue, "The 16th works best for us!", JUNE_SHOWN)
    assert reading.dates == [date(2026, 6, 16)]
    assert reading.day_of_month is None


def test_another_day_is_in_the_month_under_discussion(venue):
    assert _read(venue, "Would the 23rd be possible instead?", JUNE_SHOWN).dates == [date(2026, 6, 23)]
    assert _read(venue, "Wäre auch der 25. möglich?", JUNE_SHOWN).dates == [date(2026, 6, 25)]


def test_a_day_in_the_month_of_the_date_in_focus(venue):
    context = MessageContext(date_in_focus=date(2026, 3, 12))
    assert _read(venue, "Could we move to the 19th?", context).dates == [date(2026, 3, 19)]


def test_a_day_is_left_to_the_engine_when_two_months_were_shown(venue):
    context = MessageContext(dates_shown=(date(2026, 5, 28), date(2026, 6, 2)))
    reading = _read(venue, "the 20th please", context)
    assert reading.dates == []
    assert reading.day_of_month == 20


def test_a_day_without_context_stays_a_day_of_month(venue):
    reading = _read(venue, "The 16th works best for us!")
    assert reading.dates == []
    assert reading.day_of_month == 16


@pytest.mark.parametrize(
    "text",
    ["in two weeks on Tuesday", "in 2 weeks, Tuesday", "Tuesday in two weeks", "in zwei Wochen am Dienstag",
     "am Dienstag in zwei Wochen"],
)
def test_in_n_weeks_on_a_weekday_is_that_weekday_in_the_week_of_today_plus_n_weeks(venue, text):
    assert _read(venue, text).dates == [date(2026, 2, 17)]


def test_in_n_weeks_on_a_weekday_before_today_s_weekday_stays_in_that_week(venue):
    wednesday = date(2026, 2, 4)
    assert _read(venue, "in two weeks on Monday", today=wednesday).dates == [date(2026, 2, 16)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is the Friday after free?", date(2026, 3, 13)),
        ("the following Friday then", date(2026, 3, 13)),
        ("Ginge den Donnerstag danach?", date(2026, 3, 19)),
        ("am darauffolgenden Montag", date(2026, 3, 16)),
        ("am Freitag darauf", date(2026, 3, 13)),
    ],
)
def test_a_weekday_after_is_the_first_one_after_the_date_in_focus(venue, text, expected):
    context = MessageContext(date_in_focus=date(2026, 3, 12))
    assert _read(venue, text, context).dates == [expected]


def test_a_weekday_after_without_a_date_in_focus_stays_a_weekday_wish(venue):
    reading = _read(venue, "is the Friday after free?")
    assert reading.dates == []
    assert reading.vague is not None and reading.vague.weekdays == [4]


def test_friday_after_next_is_not_the_friday_after_the_focus(venue):
    context = MessageContext(date_in_focus=date(2026, 3, 12))
    assert date(2026, 3, 13) not in _read(venue, "the Friday after next", context).dates


@pytest.mark.parametrize(("text", "expected"), [("next Friday", date(2026, 2, 6)),
                                                ("nächsten Freitag", date(2026, 2, 6)),
                                                ("übermorgen", date(2026, 2, 4))])
def test_next_weekday_and_day_after_tomorrow_count_from_today(venue, text, expected):
    assert _read(venue, text).dates == [expected]


@pytest.mark.parametrize("text", ["7.4.26", "07.04.2026", "am 7.4.", "7. April", "7. Apr.", "on 7 Apr"])
def test_swiss_date_formats(venue, text):
    assert _read(venue, text).dates == [date(2026, 4, 7)]


def test_a_weekday_alone_is_the_one_shown_date_on_that_weekday(venue):
    context = MessageContext(dates_shown=(date(2026, 3, 5), date(2026, 3, 6), date(2026, 3, 9)))
    reading = _read(venue, "Let's go for Thursday then.", context)
    assert reading.dates == [date(2026, 3, 5)]
    assert not reading.unsure("dates")


def test_a_weekday_alone_with_two_shown_dates_on_it_is_unsure(venue):
    reading = _read(venue, "Thursday would suit us best.", MARCH_SHOWN)
    assert reading.dates == [date(2026, 3, 5), date(2026, 3, 12)]
    assert reading.confidence_of("dates") < CONFIRM_BELOW
    assert "2026-03-05" in (reading.confidence[0].reason or "")


def test_a_weekday_with_a_month_is_not_read_against_the_dates_shown(venue):
    reading = _read(venue, "a Thursday in April", MARCH_SHOWN)
    assert reading.dates == []
    assert reading.vague is not None and reading.vague.months == [4]


@pytest.mark.parametrize("text", ["Could we move it from the 12th to the 19th?",
                                  "Können wir vom 12. auf den 19. verschieben?"])
def test_a_move_from_one_day_to_another_is_the_new_day(venue, text):
    context = MessageContext(date_in_focus=date(2026, 3, 12))
    assert _read(venue, text, context).dates == [date(2026, 3, 19)]
