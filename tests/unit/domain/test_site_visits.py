"""Site-visit slots (docs/venue.md, docs/design.md §4.13): weekdays 10/14/16, ≥ 2 days ahead, before the
event, not on closed days, not twice at one slot."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, UTC
from zoneinfo import ZoneInfo

import pytest

from venuedesk.domain.site_visits import site_visit_end, site_visit_problem, site_visit_slots

ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 2, 2, 9, 0, tzinfo=ZURICH)  # Monday
EVENT_DAY = date(2026, 3, 10)


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZURICH)


def test_the_first_slots_are_two_days_ahead_at_10_14_and_16(policies):
    assert site_visit_slots(NOW, EVENT_DAY, [], policies, count=4) == [
        at(date(2026, 2, 4), 10), at(date(2026, 2, 4), 14), at(date(2026, 2, 4), 16), at(date(2026, 2, 5), 10)
    ]


def test_weekends_are_skipped(policies):
    wednesday_evening = datetime(2026, 2, 4, 17, 0, tzinfo=ZURICH)  # earliest: Friday 06.02.
    slots = site_visit_slots(wednesday_evening, EVENT_DAY, [], policies, count=4)
    assert slots[-1] == at(date(2026, 2, 9), 10)  # Monday after the weekend
    assert all(slot.weekday() < 5 for slot in slots)


def test_closed_days_are_skipped(policies):
    # From Wednesday 01.04.2026: Good Friday 03.04., the weekend, Easter Monday 06.04. are closed.
    now = datetime(2026, 4, 1, 9, 0, tzinfo=ZURICH)
    assert site_visit_slots(now, date(2026, 5, 20), [], policies, count=1) == [at(date(2026, 4, 7), 10)]


def test_a_taken_slot_is_not_offered_again(policies):
    taken = [at(date(2026, 2, 4), 14).astimezone(UTC)]  # stored in UTC, same instant
    assert site_visit_slots(NOW, EVENT_DAY, taken, policies, count=2) == [
        at(date(2026, 2, 4), 10), at(date(2026, 2, 4), 16)
    ]


def test_only_slots_before_the_event_date(policies):
    slots = site_visit_slots(NOW, date(2026, 2, 6), [], policies, count=10)
    assert [slot.date() for slot in slots] == [date(2026, 2, 4)] * 3 + [date(2026, 2, 5)] * 3


def test_no_slot_when_the_event_is_within_two_days(policies):
    assert site_visit_slots(NOW, date(2026, 2, 4), [], policies, count=3) == []


def test_without_an_event_date_slots_are_still_offered(policies):
    assert site_visit_slots(NOW, None, [], policies, count=1) == [at(date(2026, 2, 4), 10)]


def test_slots_after_the_march_dst_change_are_in_summer_time(policies):
    now = datetime(2026, 3, 27, 9, 0, tzinfo=ZURICH)  # Friday; clocks go forward on Sunday 29.03.
    slot = site_visit_slots(now, EVENT_DAY.replace(month=5), [], policies, count=1)[0]
    assert slot == at(date(2026, 3, 30), 10)
    assert slot.utcoffset() == timedelta(hours=2)


def test_a_visit_lasts_one_hour():
    assert site_visit_end(at(date(2026, 2, 4), 10)) == at(date(2026, 2, 4), 11)


def test_a_free_slot_has_no_problem(policies):
    assert site_visit_problem(at(date(2026, 2, 4), 10), NOW, EVENT_DAY, [], policies) is None


@pytest.mark.parametrize(
    ("slot", "code"),
    [
        (at(date(2026, 2, 4), 11), "not_a_slot"),  # not 10, 14 or 16
        (at(date(2026, 2, 7), 10), "not_a_slot"),  # Saturday
        (at(date(2026, 2, 3), 10), "too_soon"),  # tomorrow
        (at(date(2026, 3, 10), 10), "not_before_event"),  # the event day itself
        (at(date(2026, 3, 11), 10), "not_before_event"),
        (at(date(2026, 2, 5), 14), "taken"),
    ],
)
def test_a_slot_that_cannot_be_booked_says_why(policies, slot, code):
    taken = [at(date(2026, 2, 5), 14)]
    problem = site_visit_problem(slot, NOW, EVENT_DAY, taken, policies)
    assert problem is not None and problem.code == code


def test_a_closed_day_is_named(policies):
    problem = site_visit_problem(at(date(2026, 4, 3), 10), datetime(2026, 3, 30, 9, 0, tzinfo=ZURICH),
                                 date(2026, 5, 20), [], policies)
    assert problem is not None and problem.code == "closed"
    assert problem.closed is not None and problem.closed.name == "Good Friday"


def test_the_count_limits_the_slots(policies):
    assert len(site_visit_slots(NOW, EVENT_DAY, [], policies, count=5)) == 5
