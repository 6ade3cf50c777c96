"""Which days can be booked: closed days (public holidays, blackouts) and the bookable range.

Closed days are the public holidays of the venue's canton (the `holidays` package, e.g. CH / ZH) plus the
venue's blackout list (default 24.12. and 31.12.). The bookable range runs from today + lead days to
today + the horizon in months (inclusive). Every refusal carries the data to explain it precisely.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import holidays

from venuedesk.domain.catalogue import Policies

# The dates the desk reasons about at all: a date outside them (year 1, year 9999) is a typo, refused as bad
# input, and date arithmetic near date.min / date.max can never overflow.
CALENDAR_FIRST = date(1900, 1, 1)
CALENDAR_LAST = date(2999, 12, 31)


@lru_cache(maxsize=64)
def public_holidays(country: str, subdivision: str, year: int) -> dict[date, tuple[str, str]]:
    """Public holidays of one year as `{day: (English name, German name)}` (cached per year)."""
    english = holidays.country_holidays(country, subdiv=subdivision or None, years=year, language="en_US")
    try:
        german = holidays.country_holidays(country, subdiv=subdivision or None, years=year, language="de")
    except (NotImplementedError, ValueError):  # a country without German names
        german = english
    return {day: (str(name), str(german.get(day, name))) for day, name in english.items()}


@lru_cache(maxsize=128)
def holiday_names(country: str, subdivision: str, year: int, language: str) -> dict[date, str]:
    """Public holiday names of one year in `language` as the `holidays` package translates them ({} when it
    has no translation for the language, so the caller can fall back to English)."""
    code = "en_US" if language == "en" else language
    calendar = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    if code not in (getattr(calendar, "supported_languages", ()) or ()):
        return {}
    named = holidays.country_holidays(country, subdiv=subdivision or None, years=year, language=code)
    return {day: str(name) for day, name in named.items()}


@dataclass(frozen=True)
class ClosedReason:
    """Why the venue is closed on `day`: a public holiday (with its English and German names) or a venue
    blackout (named in the message catalogue by `venuedesk.i18n.closed_label`)."""

    day: date
    kind: Literal["holiday", "blackout"]
    name: str = ""
    name_de: str = ""
    country: str = ""
    subdivision: str = ""


def closed_reason(day: date, policies: Policies) -> ClosedReason | None:
    """None when the venue is open on `day`; else which holiday or blackout closes it."""
    holiday = public_holidays(policies.holiday_country, policies.holiday_subdivision, day.year).get(day)
    if holiday is not None:
        return ClosedReason(day, "holiday", holiday[0], holiday[1], policies.holiday_country,
                            policies.holiday_subdivision)
    if (day.month, day.day) in policies.blackouts:
        return ClosedReason(day, "blackout")
    return None


def add_months(day: date, months: int) -> date:
    """The same day-of-month `months` later, clamped to the month's last day (31.08. + 6 → 28./29.02.)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = _stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def bookable_range(today: date, policies: Policies) -> tuple[date, date]:
    """(first, last) bookable dates: today + lead days, today + horizon months (both inclusive)."""
    return today + timedelta(days=policies.lead_days), add_months(today, policies.horizon_months)


DateProblemCode = Literal["past", "too_soon", "too_late", "closed"]


@dataclass(frozen=True)
class DateProblem:
    """Why `day` cannot be booked, with what is needed to say so: the bookable range, the closure."""

    code: DateProblemCode
    day: date
    first_bookable: date
    last_bookable: date
    closed: ClosedReason | None = None


def date_problem(day: date, today: date, policies: Policies) -> DateProblem | None:
    """None when `day` is bookable; else past, too_soon (lead time), too_late (horizon) or closed."""
    first, last = bookable_range(today, policies)
    code: DateProblemCode | None = None
    reason: ClosedReason | None = None
    if day < today:
        code = "past"
    elif day < first:
        code = "too_soon"
    elif day > last:
        code = "too_late"
    else:
        reason = closed_reason(day, policies)
        code = None if reason is None else "closed"
    if code is None:
        return None
    return DateProblem(code, day, first, last, reason)


def open_days(first: date, last: date, policies: Policies) -> Iterator[date]:
    """Days from `first` to `last` (inclusive) on which the venue is open, in order."""
    day = first
    while day <= last:
        if closed_reason(day, policies) is None:
            yield day
        day += timedelta(days=1)


def months_ahead(months: list[int], year: int | None, today: date) -> tuple[date, date] | None:
    """(first, last) day of the next occurrence of each month, so a month without a year is proposed in its
    coming occurrence only, never a year later (docs/design.md §4.4). The current month is its own next occurrence;
    a given year places every month in that year. None when no month is given."""
    valid = [month for month in months if 1 <= month <= 12]
    if not valid:
        return None
    starts = [date(year if year is not None else today.year + (month < today.month), month, 1) for month in valid]
    ends = [add_months(start, 1) - timedelta(days=1) for start in starts]
    return min(starts), max(ends)
