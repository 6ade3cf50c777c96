"""Handlers of the step-5 offer tools (docs/design.md §4.6, §4.13): accept, decline, and the manager's discount.

Like the booking tools they read the event and do only the database side effect (the hold stops expiring on
acceptance) and the pure computation (deposit, discount); the engine applies the result to the event.
"""

from __future__ import annotations

from decimal import Decimal

from venuedesk.domain import windows
from venuedesk.domain.deposits import deposit_on_acceptance
from venuedesk.domain.discounts import DiscountError, apply_discount, discount_from, undiscounted_lines
from venuedesk.domain.event import Offer
from venuedesk.domain.pricing import PricedLine, PricedOffer, lines_total
from venuedesk.tools.booking_models import (
    OfferAcceptArgs,
    OfferAcceptResult,
    OfferDeclineArgs,
    OfferDeclineResult,
    OfferDiscountArgs,
    OfferDiscountResult,
    OfferDraftOut,
    OfferLineOut,
)
from venuedesk.tools.context import BookingToolContext
from venuedesk.tools.errors import ToolArgumentsInvalid, ToolPermissionError

CLIENT = "client"


def _offer(ctx: BookingToolContext, offer_id: str) -> Offer:
    """The event's offer `offer_id`; an unknown id is refused naming the live one."""
    found = next((offer for offer in ctx.state.offers if offer.offer_id == offer_id), None)
    if found is None:
        live = ctx.state.offer
        hint = f"; the current offer is {live.offer_id}" if live else "; the event has no offer yet"
        raise ToolArgumentsInvalid(f"offer_id: unknown offer {offer_id!r}{hint}")
    return found


def _require_sent(ctx: BookingToolContext, offer: Offer) -> None:
    """Only the live, sent offer can be accepted, declined or discounted."""
    live = ctx.state.offer
    if offer.status != "Sent" or live is None or live.offer_id != offer.offer_id:
        current = f"; the current offer is {live.offer_id} ({live.status})" if live else ""
        raise ToolArgumentsInvalid(f"offer_id: offer {offer.offer_id} is {offer.status}, not an open sent offer"
                                   f"{current}")


def offer_accept(ctx: BookingToolContext, args: OfferAcceptArgs) -> OfferAcceptResult:
    """Accept the live sent offer: its hold stops expiring and the deposit is due from the acceptance day.

    Accepting an offer already accepted answers `already_accepted` with the same terms (idempotent)."""
    offer = _offer(ctx, args.offer_id)
    if offer.status != "Accepted":
        _require_sent(ctx, offer)
    accepted_at = offer.accepted_at or ctx.now
    deposit = deposit_on_acceptance(offer.total, offer.chosen_date, accepted_at.date(), ctx.venue.policies)
    kept = ctx.uow.bookings.stop_expiry(ctx.state.event_id)
    return OfferAcceptResult(
        status="already_accepted" if offer.status == "Accepted" else "accepted", offer_id=offer.offer_id,
        accepted_at=accepted_at.isoformat(), deposit_required=deposit.required,
        deposit_amount=float(deposit.amount) if deposit.amount is not None else None, deposit_due=deposit.due,
        holds_kept=kept,
    )


def offer_decline(ctx: BookingToolContext, args: OfferDeclineArgs) -> OfferDeclineResult:
    """Decline the live sent offer (the engine then releases the hold and closes the thread); idempotent."""
    offer = _offer(ctx, args.offer_id)
    if offer.status == "Declined":
        return OfferDeclineResult(status="already_declined", offer_id=offer.offer_id, reason=args.reason)
    _require_sent(ctx, offer)
    return OfferDeclineResult(status="declined", offer_id=offer.offer_id, reason=args.reason)


def offer_discount(ctx: BookingToolContext, args: OfferDiscountArgs) -> OfferDiscountResult:
    """Manager only: the live offer repriced with one negative Discount line (percent of the pre-discount total,
    rounded to CHF 0.05), VAT share and deposit recomputed; the engine makes it a new version."""
    if ctx.actor == CLIENT:
        raise ToolPermissionError("offer_discount is for the venue's manager only")
    offer = _offer(ctx, args.offer_id)
    _require_sent(ctx, offer)
    try:
        discount = discount_from(
            None if args.percent is None else Decimal(str(args.percent)),
            None if args.amount is None else Decimal(str(args.amount)),
        )
        priced = apply_discount(_priced(ctx, offer), discount, ctx.today, ctx.venue.policies, ctx.state.language)
    except DiscountError as error:
        raise ToolArgumentsInvalid(str(error)) from error
    value = lines_total(undiscounted_lines(priced)) - priced.total
    return OfferDiscountResult(
        base_offer_id=offer.offer_id, discount=float(value),
        offer=OfferDraftOut(
            lines=[OfferLineOut(kind=line.kind, ref=line.ref, label=line.label, quantity=line.quantity,
                                unit_price=float(line.unit_price), total=float(line.total)) for line in priced.lines],
            total=float(priced.total), vat=float(priced.vat), deposit_required=priced.deposit_required,
            deposit_amount=float(priced.deposit_amount or 0), deposit_due=priced.deposit_due,
        ),
    )


def _priced(ctx: BookingToolContext, offer: Offer) -> PricedOffer:
    """The stored offer as the pricing domain's value (its lines as sent)."""
    lines = tuple(PricedLine(line.kind, line.ref, line.label, line.quantity, line.unit_price, line.total)
                  for line in offer.lines)
    return PricedOffer(
        room_id=offer.room_id, day=offer.chosen_date, start=windows.parse_hhmm(offer.start_time),
        end=windows.parse_end(offer.end_time), participants=ctx.state.requirements.participants or 0, lines=lines,
        total=offer.total, vat=offer.vat, deposit_required=offer.deposit.due is not None,
        deposit_amount=offer.deposit.amount if offer.deposit.due is not None else None, deposit_due=offer.deposit.due,
    )
