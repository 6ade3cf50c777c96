"""Handlers of the step-7 tools (docs/design.md §4.6, §4.13): the hold becomes a confirmed booking
(`booking_confirm`), and a cancellation releases the event's bookings with the refund the policy gives
(`event_cancel`). Like every tool they do the database side effect and the pure computation; the engine
applies the result to the event state."""

from __future__ import annotations


from venuedesk.domain.cancellation import cancellation_refund
from venuedesk.store.repositories.bookings import RoomUnavailable
from venuedesk.tools.booking_models import (
    BookingConfirmArgs,
    BookingConfirmResult,
    EventCancelArgs,
    EventCancelResult,
)
from venuedesk.tools.context import BookingToolContext
from venuedesk.tools.errors import ToolFailure

CANCELLABLE = ("Lead", "Option", "Confirmed")


def booking_confirm(ctx: BookingToolContext, args: BookingConfirmArgs) -> BookingConfirmResult:
    """Turn this event's option into a confirmed booking that never expires; a hold that is gone, or that lapsed
    and was taken by another event, is reported (`no_hold`, `taken`), never confirmed."""
    rows = ctx.uow.bookings.for_event(ctx.state.event_id)
    if not rows:
        return BookingConfirmResult(status="no_hold")
    first = rows[0]
    if all(row.status == "Confirmed" for row in rows):
        return BookingConfirmResult(status="already_confirmed", room_id=first.room_id, day=first.date)
    try:
        ctx.uow.bookings.confirm(ctx.state.event_id, now=ctx.now)
    except RoomUnavailable:
        return BookingConfirmResult(status="taken", room_id=first.room_id, day=first.date)
    return BookingConfirmResult(status="confirmed", room_id=first.room_id, day=first.date)


def event_cancel(ctx: BookingToolContext, args: EventCancelArgs) -> EventCancelResult:
    """Cancel the event: release every booking it has (hold or confirmed) and compute the refund of what was paid,
    by the policy, for the venue date the client asked on (the event's pending cancellation, else today)."""
    state = ctx.state
    if state.status not in CANCELLABLE:
        raise ToolFailure(f"the event is {state.status}; there is nothing left to cancel")
    if state.chosen_date is None:
        raise ToolFailure("the event has no date; there is no booking to cancel")
    confirmed = state.status == "Confirmed"
    deposit = state.deposit
    paid = deposit.paid_total()
    asked_on = state.cancellation.requested_on if state.cancellation is not None else ctx.today
    refund = cancellation_refund(paid, state.chosen_date, asked_on, confirmed)
    released = ctx.uow.bookings.release(state.event_id)
    return EventCancelResult(
        status="cancelled" if confirmed else "lost", released=released, paid=float(paid),
        refund=float(refund.amount), band=refund.band, days_before=refund.days_before,
    )
