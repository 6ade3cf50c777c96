"""The days a multi-day event hands to the manager: every day of the span, or the days named."""

from __future__ import annotations

from datetime import date

from venuedesk.understanding.model import DateSpan, Understanding
from venuedesk.workflow.multi_day import event_days


def test_a_span_lists_every_day():
    reading = Understanding(span=DateSpan(start=date(2026, 9, 8), end=date(2026, 9, 10)), multi_day=True)
    assert event_days(reading) == [date(2026, 9, 8), date(2026, 9, 9), date(2026, 9, 10)]


def test_named_days_are_listed_once_in_calendar_order():
    reading = Understanding(dates=[date(2026, 6, 4), date(2026, 6, 3), date(2026, 6, 4)], multi_day=True)
    assert event_days(reading) == [date(2026, 6, 3), date(2026, 6, 4)]


def test_a_span_longer_than_a_month_is_listed_by_its_first_and_last_day():
    reading = Understanding(span=DateSpan(start=date(2026, 6, 1), end=date(2026, 8, 31)), multi_day=True)
    assert event_days(reading) == [date(2026, 6, 1), date(2026, 8, 31)]
