"""Site-visit slots (docs/venue.md "Venue knowledge", docs/design.md §4.13).

Weekdays at 10:00, 14:00 or 16:00 (venue time), one hour, at least 2 calendar days ahead, before the
event date, not on a closed day (domain/calendar.py), and never two visits at one slot. A visit never
holds or moves the event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from venuedesk.domain.calendar import ClosedReason, add_months, closed_reason
from venuedesk.domain.catalogue import Policies, SiteVisitRules


ATELIER_SITE_VISITS = SiteVisitRules()

__all__ = ["ATELIER_SITE_VISITS", "SiteVisitProblem", "SiteVisitProblemCode", "SiteVisitRules",
           "earliest_visit_day", "site_visit_end", "site_visit_problem", "site_visit_slots"]

SiteVisitProblemCode = Literal["not_a_slot", "too_soon", "not_before_event", "closed", "taken"]


@dataclass(frozen=True)
class SiteVisitProblem:
    """Why a slot cannot be booked; `closed` names the closure for the reply."""

    code: SiteVisitProblemCode
    slot: datetime
    earliest_day: date
    closed: ClosedReason | None = None


def _local(moment: datetime, policies: Policies) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone; pass an aware datetime")
    return moment.astimezone(ZoneInfo(policies.timezone))


def earliest_visit_day(now: datetime, rules: SiteVisitRules = ATELIER_SITE_VISITS) -> date:
    """The first day a visit may be on: today (venue time of `now`) + `min_days_ahead`."""
    return now.date() + timedelta(days=rules.min_days_ahead)


def site_visit_problem(
    slot: datetime,
    now: datetime,
    event_day: date | None,
    taken: Iterable[datetime],
    policies: Policies,
    rules: SiteVisitRules = ATELIER_SITE_VISITS,
) -> SiteVisitProblem | None:
    """None when `slot` can be booked for a visit; else why not (checked in this order)."""
    local, today_local = _local(slot, policies), _local(now, policies)
    earliest = earliest_visit_day(today_local, rules)
    code: SiteVisitProblemCode | None = None
    reason: ClosedReason | None = None
    if local.weekday() not in rules.weekdays or local.time() not in rules.times:
        code = "not_a_slot"
    elif local.date() < earliest:
        code = "too_soon"
    elif event_day is not None and local.date() >= event_day:
        code = "not_before_event"
    elif (reason := closed_reason(local.date(), policies)) is not None:
        code = "closed"
    elif any(local == _local(other, policies) for other in taken):
        code = "taken"
    if code is None:
        return None
    return SiteVisitProblem(code, local, earliest, reason)


def site_visit_slots(
    now: datetime,
    event_day: date | None,
    taken: Iterable[datetime],
    policies: Policies,
    count: int = 3,
    rules: SiteVisitRules = ATELIER_SITE_VISITS,
) -> list[datetime]:
    """The next `count` free visit slots (aware, venue time), earliest first; fewer when the event is near.

    Without an event date, the search runs to the end of the bookable horizon.
    """
    if count < 1:
        return []
    zone = ZoneInfo(policies.timezone)
    today = _local(now, policies).date()
    busy = {_local(moment, policies) for moment in taken}
    last = add_months(today, policies.horizon_months) if event_day is None else event_day - timedelta(days=1)
    slots: list[datetime] = []
    day = earliest_visit_day(_local(now, policies), rules)
    while day <= last and len(slots) < count:
        if day.weekday() in rules.weekdays and closed_reason(day, policies) is None:
            for start in rules.times:
                slot = datetime.combine(day, start, tzinfo=zone)
                if slot not in busy:
                    slots.append(slot)
                    if len(slots) == count:
                        break
        day += timedelta(days=1)
    return slots


def site_visit_end(slot: datetime, rules: SiteVisitRules = ATELIER_SITE_VISITS) -> datetime:
    """When a visit starting at `slot` ends (one hour later)."""
    return slot + timedelta(minutes=rules.duration_minutes)
