"""Closed days (ZH public holidays, blackouts) and the bookable range (lead time, 18-month horizon)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from venuedesk.domain.calendar import add_months, bookable_range, closed_reason, date_problem, open_days
from venuedesk.i18n import closed_label

TODAY = date(2026, 2, 2)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 5, 1), "Labor Day"),
        (date(2026, 5, 14), "Ascension Day"),
        (date(2026, 5, 25), "Pentecost Monday"),
        (date(2026, 8, 1), "National Day"),
        (date(2026, 12, 25), "Christmas Day"),
        (date(2027, 1, 1), "New Year's Day"),
    ],
)
def test_zurich_public_holidays_are_closed_and_named(policies, day, name):
    reason = closed_reason(day, policies)
    assert reason is not None
    assert (reason.kind, reason.name) == ("holiday", name)


def test_holiday_names_in_german(policies):
    assert closed_label(closed_reason(date(2026, 4, 3), policies), "de") == "Karfreitag"
    assert closed_label(closed_reason(date(2026, 5, 14), policies), "de") == "Auffahrt"


def test_holiday_names_in_a_language_the_holidays_package_translates(policies):
    assert closed_label(closed_reason(date(2026, 4, 3), policies), "fr") == "Vendredi saint"
    assert closed_label(closed_reason(date(2026, 4, 3), policies), "it") == "Venerdì Santo"


def test_holiday_names_fall_back_to_english_where_the_package_has_no_translation(policies):
    assert closed_label(closed_reason(date(2026, 4, 3), policies), "sv") == "Good Friday"


@pytest.mark.parametrize(
    ("day", "label_en", "label_de"),
    [
        (date(2026, 12, 24), "Christmas Eve (closed)", "Heiligabend (geschlossen)"),
        (date(2026, 12, 31), "New Year's Eve (closed)", "Silvester (geschlossen)"),
    ],
)
def test_blackouts_are_closed(policies, day, label_en, label_de):
    reason = closed_reason(day, policies)
    assert reason.kind == "blackout"
    assert (closed_label(reason, "en"), closed_label(reason, "de")) == (label_en, label_de)


def test_a_blackout_without_its_own_name_is_a_closed_day(policies):
    from dataclasses import replace

    reason = closed_reason(date(2026, 7, 15), replace(policies, blackouts=((7, 15),)))
    assert (closed_label(reason, "en"), closed_label(reason, "de")) == ("Closed day (closed)", "Ruhetag (geschlossen)")


@pytest.mark.parametrize("day", [date(2026, 3, 10), date(2026, 4, 4), date(2026, 2, 7), date(2026, 12, 23)])
def test_ordinary_days_including_weekends_are_open(policies, day):
    assert closed_reason(day, policies) is None


def test_bookable_range_is_lead_days_to_18_months(policies):
    assert bookable_range(TODAY, policies) == (date(2026, 2, 5), date(2027, 8, 2))


def test_horizon_clamps_to_month_end(policies):
    assert bookable_range(date(2026, 8, 31), policies)[1] == date(2028, 2, 29)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (TODAY - timedelta(days=1), "past"),
        (TODAY, "too_soon"),
        (TODAY + timedelta(days=2), "too_soon"),
        (TODAY + timedelta(days=3), None),
        (date(2027, 8, 2), None),  # today + 18 months, inclusive
        (date(2027, 8, 3), "too_late"),  # one day more
        (date(2026, 4, 3), "closed"),
        (date(2026, 12, 24), "closed"),
    ],
)
def test_date_problem_codes(policies, day, code):
    problem = date_problem(day, TODAY, policies)
    assert (problem.code if problem else None) == code


def test_too_soon_names_the_first_bookable_date(policies):
    problem = date_problem(date(2026, 2, 3), TODAY, policies)
    assert problem.first_bookable == date(2026, 2, 5)


def test_closed_problem_carries_the_holiday(policies):
    problem = date_problem(date(2026, 4, 6), TODAY, policies)
    assert problem.closed.name == "Easter Monday"


def test_open_days_skip_closed_days(policies):
    days = list(open_days(date(2026, 4, 2), date(2026, 4, 7), policies))
    assert days == [date(2026, 4, 2), date(2026, 4, 4), date(2026, 4, 5), date(2026, 4, 7)]
