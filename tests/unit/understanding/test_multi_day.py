"""Multi-day events are told apart from alternatives and ranges to choose from (issue 9 class 12)."""

from __future__ import annotations

from datetime import date

import pytest

from venuedesk.understanding.model import DateSpan


@pytest.mark.parametrize(
    "text",
    [
        "we need a room for two days, 3 and 4 June",
        "Klausur am 3.–4. Juni, zweitägig",
        "a 2-day offsite from 10 to 11 March",
        "Wir brauchen den Raum an zwei Tagen, am 10. und 11. März",
        "a three-day conference 8-10 April",
        "10.3. bis 12.3., dreitägiges Seminar",
        "day one on 3 June and day two on 4 June",
        "3 June and 4 June, 9 to 5 both days",
    ],
)
def test_several_days_of_one_event_are_multi_day(read, text):
    assert read(text).multi_day


@pytest.mark.parametrize(
    "text",
    [
        "Either 3 or 4 June would be fine for our training day",
        "Der 3. oder 4. Juni, zweitägig",
        "3 and 4 June",
        "from 10 to 11 March",
        "a two-day workshop on 3 June",
        "we will answer in 2 days: 3 June suits us",
    ],
)
def test_alternatives_a_range_or_one_day_are_not_multi_day(read, text):
    assert not read(text).multi_day


def test_the_days_stay_in_dates_or_span(read):
    assert read("two days, 3 and 4 June").dates == [date(2026, 6, 3), date(2026, 6, 4)]
    assert read("3.–4. Juni, zweitägig").span == DateSpan(start=date(2026, 6, 3), end=date(2026, 6, 4))
