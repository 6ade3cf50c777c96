"""A month without a year is proposed in its next occurrence only (docs/design.md §4.4)."""

from __future__ import annotations

from datetime import date

from venuedesk.domain.calendar import months_ahead

TODAY = date(2026, 2, 2)


def test_a_coming_month_is_this_year_s():
    assert months_ahead([6], None, TODAY) == (date(2026, 6, 1), date(2026, 6, 30))


def test_a_month_already_past_this_year_is_next_year_s():
    assert months_ahead([1], None, TODAY) == (date(2027, 1, 1), date(2027, 1, 31))


def test_the_current_month_is_its_own_next_occurrence():
    assert months_ahead([2], None, TODAY) == (date(2026, 2, 1), date(2026, 2, 28))


def test_several_months_span_their_next_occurrences_whatever_the_order_written():
    assert months_ahead([6, 3], None, TODAY) == (date(2026, 3, 1), date(2026, 6, 30))


def test_winter_runs_from_this_february_to_next_january_never_the_february_after():
    assert months_ahead([12, 1, 2], None, TODAY) == (date(2026, 2, 1), date(2027, 1, 31))


def test_a_given_year_places_every_month_in_it():
    assert months_ahead([5], 2027, TODAY) == (date(2027, 5, 1), date(2027, 5, 31))


def test_no_month_is_no_bound():
    assert months_ahead([], None, TODAY) is None
