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
