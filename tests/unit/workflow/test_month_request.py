"""A vague month becomes a request bounded to its next occurrence, so no date a year later is proposed."""

from __future__ import annotations

from datetime import date

from venuedesk.understanding.capture import date_request_from
from venuedesk.understanding.model import Understanding, VagueDates

TODAY = date(2026, 2, 2)


def test_june_without_a_year_asks_for_dates_in_the_coming_june_only():
    request = date_request_from(Understanding(vague=VagueDates(months=[6])), TODAY)
    assert request is not None
    assert (request.first, request.last, request.months) == (date(2026, 6, 1), date(2026, 6, 30), [6])


def test_a_weekday_alone_has_no_month_bound():
    request = date_request_from(Understanding(vague=VagueDates(weekdays=[4])), TODAY)
    assert request is not None
    assert (request.first, request.last, request.weekdays) == (None, None, [4])


def test_days_named_as_alternatives_are_kept_to_be_checked_as_named():
    reading = Understanding(dates=[date(2026, 4, 16), date(2026, 4, 9), date(2026, 4, 10)])
    request = date_request_from(reading, TODAY)
    assert request is not None
    assert request.days == [date(2026, 4, 9), date(2026, 4, 10), date(2026, 4, 16)]
    assert (request.first, request.last) == (date(2026, 4, 9), date(2026, 4, 16))
