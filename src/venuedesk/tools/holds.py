"""The 2nd-option tool (docs/design.md §4.13 Holds and ranked options) and the domain view of a slot's claims.

`second_option_take` queues the event behind another event's option on a room for the event's own date and
window; it is not a hold (the event stays a Lead). `slot_holds` turns the bookings and queued options near a
room and day into `domain.holds.Hold` values, the input of `due_hold_actions` and `option_rank`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, UTC

from venuedesk.domain import availability, windows
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.holds import Hold, option_rank
from venuedesk.store.uow import UnitOfWork
from venuedesk.tools.booking_models import SecondOptionTakeArgs, SecondOptionTakeResult
from venuedesk.tools.context import BookingToolContext
from venuedesk.tools.errors import ToolArgumentsInvalid

NEAR_DAYS = 2  # a window may pass midnight: a claim on a neighbouring day can overlap


def placed_for(expires_at: datetime, venue: Venue) -> datetime:
    """When a hold expiring at `expires_at` counts as placed (its clock start; a moved hold keeps its expiry)."""
    placed = expires_at.astimezone(UTC) - timedelta(hours=24 * venue.policies.option_days)
    return placed.astimezone(expires_at.tzinfo)


def slot_holds(uow: UnitOfWork, venue: Venue, now: datetime, room_id: str, day: date) -> list[Hold]:
    """The live claims on `room_id` around `day`: bookings as held / accepted / confirmed (lapsed options are
    left out: they block nothing) and the waiting 2nd options (hold ids `booking-N`, `option-N`)."""
    room = venue.room(room_id)
    first, last = day - timedelta(days=NEAR_DAYS), day + timedelta(days=NEAR_DAYS)
    claims: list[Hold] = []
    for row in uow.holds.bookings_near(room_id, first, last):
        start, end = windows.parse_hhmm(row.window_start), windows.parse_end(row.window_end)
        if row.status == "Confirmed":
            claims.append(Hold.for_window(room, row.date, start, end, hold_id=f"booking-{row.id}",
                                          event_id=row.event_id, state="confirmed", queued_at=row.placed_at,
                                          placed_at=row.placed_at))
        elif row.expires_at is None:
            claims.append(Hold.for_window(room, row.date, start, end, hold_id=f"booking-{row.id}",
                                          event_id=row.event_id, state="accepted", queued_at=row.placed_at,
                                          placed_at=row.placed_at))
        elif row.expires_at > now:
            claims.append(Hold.for_window(room, row.date, start, end, hold_id=f"booking-{row.id}",
                                          event_id=row.event_id, state="held", queued_at=row.placed_at,
                                          placed_at=placed_for(row.expires_at, venue)))
    for option in uow.holds.waiting_between(room_id, first, last):
        start, end = windows.parse_hhmm(option.window_start), windows.parse_end(option.window_end)
        claims.append(Hold.for_window(room, option.date, start, end, hold_id=f"option-{option.id}",
                                      event_id=option.event_id, state="waiting", queued_at=option.queued_at))
    return claims


def second_option_take(ctx: BookingToolContext, args: SecondOptionTakeArgs) -> SecondOptionTakeResult:
    """Queue this event behind the option another event holds on the room at the event's date and window (a room
    also busy in the venue's calendar is Confirmed, not queued for)."""
    if not ctx.venue.has_room(args.room_id):
        known = ", ".join(room.id for room in ctx.venue.rooms)
        raise ToolArgumentsInvalid(f"room_id: unknown room {args.room_id!r}; use one of {known}")
    state, req = ctx.state, ctx.state.requirements
    if not (state.chosen_date and state.date_confirmed and req.start_time and req.end_time):
        return SecondOptionTakeResult(status="needs_date", room_id=args.room_id)
    if state.locked_room_id:
        return SecondOptionTakeResult(status="holds_room", room_id=args.room_id)
    room, day = ctx.venue.room(args.room_id), state.chosen_date
    start, end = windows.parse_hhmm(req.start_time), windows.parse_end(req.end_time)
    near = list(ctx.uow.bookings.on_dates(day - timedelta(days=1), day + timedelta(days=1)))
    if room.calendars:  # busy in the venue's calendar: no option can ever become a hold there
        near.extend(ctx.calendars.busy([room], day, day).bookings)
    status = availability.room_status(room, day, start, end, near, ctx.now, exclude_event_id=state.event_id)
    if status != "Option":
        return SecondOptionTakeResult(status="not_on_option", room_id=room.id, room_status=status)
    row, created = ctx.uow.holds.queue(state.event_id, state.thread_id, room.id, day, req.start_time, req.end_time,
                                       ctx.now)
    claims = slot_holds(ctx.uow, ctx.venue, ctx.now, room.id, day)
    mine = next(claim for claim in claims if claim.hold_id == f"option-{row.id}")
    ahead = [claim for claim in claims if claim.state == "held" and claim.placed_at is not None
             and claim.event_id != state.event_id and mine.overlaps(claim)]
    expiries = [availability.option_expiry(claim.placed_at, ctx.venue.policies) for claim in ahead
                if claim.placed_at is not None]
    return SecondOptionTakeResult(
        status="queued" if created else "already_queued", room_id=room.id, room_status=status,
        rank=option_rank(mine, claims), ahead_expires_at=max(expiries).isoformat() if expiries else None,
    )
