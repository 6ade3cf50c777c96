"""The `site_visit_book` tool (docs/design.md §4.6, §4.13): book a site visit slot for the event.

A visit never touches the event's hold, date or step; it is checked against the venue's rules
(domain/site_visits.py with the catalogue's `site_visits` policy) and the slots other events have booked.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from venuedesk.domain.site_visits import SiteVisitProblemCode, site_visit_end, site_visit_problem, site_visit_slots
from venuedesk.store.repositories.site_visits import SlotTaken
from venuedesk.tools.booking_models import SiteVisitBookArgs, SiteVisitBookResult
from venuedesk.tools.context import BookingToolContext
from venuedesk.tools.errors import ToolArgumentsInvalid

FREE_SLOTS_SHOWN = 6


def parse_slot(value: str, timezone: str) -> datetime:
    """An ISO datetime as an aware venue-time moment (a value without an offset is venue time)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ToolArgumentsInvalid(f"slot: {value!r} is not a date and time; use e.g. 2026-02-04T10:00") from None
    zone = ZoneInfo(timezone)
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def local_iso(moment: datetime) -> str:
    """A slot as the ISO local datetime the actions carry: `2026-02-04T10:00`."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def free_slots(ctx: BookingToolContext, count: int = FREE_SLOTS_SHOWN) -> list[datetime]:
    """The next free visit slots for this event (its own visit's slot counts as free for it)."""
    policies = ctx.venue.policies
    taken = ctx.uow.site_visits.taken_slots(besides_event=ctx.state.event_id)
    return site_visit_slots(ctx.now, ctx.state.chosen_date, taken, policies, count, policies.site_visits)


def site_visit_book(ctx: BookingToolContext, args: SiteVisitBookArgs) -> SiteVisitBookResult:
    """Book the slot for the event (or keep it when it already is); refuse a slot the rules or another event rule
    out, with the free slots instead."""
    policies = ctx.venue.policies
    slot = parse_slot(args.slot, policies.timezone)
    event_id = ctx.state.event_id
    own = ctx.uow.site_visits.for_event(event_id)
    end = local_iso(site_visit_end(slot, policies.site_visits))
    if own is not None and own.slot == slot:
        return SiteVisitBookResult(status="unchanged", slot=local_iso(slot), end=end)
    taken = ctx.uow.site_visits.taken_slots(besides_event=event_id)
    problem = site_visit_problem(slot, ctx.now, ctx.state.chosen_date, taken, policies, policies.site_visits)
    if problem is None:
        try:
            ctx.uow.site_visits.book(event_id=event_id, thread_id=ctx.thread_id, slot=slot, now=ctx.now)
        except SlotTaken:
            return _refused(ctx, slot, "taken")
        previous = local_iso(own.slot) if own is not None else None
        return SiteVisitBookResult(status="moved" if previous else "booked", slot=local_iso(slot), end=end,
                                   previous=previous)
    return _refused(ctx, slot, problem.code)


def _refused(ctx: BookingToolContext, slot: datetime, code: SiteVisitProblemCode) -> SiteVisitBookResult:
    return SiteVisitBookResult(status="refused", slot=local_iso(slot), problem=code,
                               free_slots=[local_iso(free) for free in free_slots(ctx)])
