"""The booking tools as strict JSON-schema function tools, with their business idempotency keys."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from venuedesk.tools import billing, booking, confirmation, holds, inquiries, offer_tools, site_visits
from venuedesk.tools import booking_models as m
from venuedesk.tools.context import BookingToolContext
from venuedesk.tools.definition import ToolDefinition


def _scoped(name: str, ctx: BookingToolContext, *parts: object) -> str:
    """A business key scoped to the event revision: the same operation twice in one turn runs once."""
    state = ctx.state
    return ":".join([name, state.event_id, str(state.revision), *(str(part) for part in parts)])


def _hold_key(ctx: BookingToolContext, args: m.RoomHoldArgs) -> str:
    return _scoped("room_hold", ctx, args.room_id, args.date, args.start_time, args.end_time)


def _release_key(ctx: BookingToolContext, args: m.RoomReleaseArgs) -> str:
    return _scoped("room_release", ctx, args.room_id)


def _compose_key(ctx: BookingToolContext, args: m.OfferComposeArgs) -> str:
    state = ctx.state
    products = ",".join(f"{line.product_id}x{line.quantity}" for line in state.products)
    return _scoped(
        "offer_compose", ctx, state.requirements_hash, state.chosen_date, state.locked_room_id, products
    )


def _accept_key(ctx: BookingToolContext, args: m.OfferAcceptArgs) -> str:
    return f"offer_accept:{ctx.state.event_id}:{args.offer_id}"


def _decline_key(ctx: BookingToolContext, args: m.OfferDeclineArgs) -> str:
    return f"offer_decline:{ctx.state.event_id}:{args.offer_id}"


def _discount_key(ctx: BookingToolContext, args: m.OfferDiscountArgs) -> str:
    return _scoped("offer_discount", ctx, args.offer_id, args.percent, args.amount)


def _billing_key(ctx: BookingToolContext, args: m.BillingUpdateArgs) -> str:
    given = ",".join(f"{part}={value}" for part, value in sorted(args.model_dump().items()) if value)
    return _scoped("billing_update", ctx, hashlib.sha256(given.encode()).hexdigest()[:16])


def _deposit_paid_key(ctx: BookingToolContext, args: m.DepositMarkPaidArgs) -> str:
    """One payment per deposit: the key names the event and its live offer, not the turn."""
    offer = ctx.state.offer
    return f"deposit_mark_paid:{ctx.state.event_id}:{offer.offer_id if offer else '-'}"


def _payment_key(ctx: BookingToolContext, args: m.PaymentRecordArgs) -> str:
    return f"payment_record:{args.reference}"


def _hil_key(ctx: BookingToolContext, args: m.HilCreateArgs) -> str:
    return _scoped("hil_create", ctx, args.type, args.offer_id, args.offer_version)


def _confirm_key(ctx: BookingToolContext, args: m.BookingConfirmArgs) -> str:
    return _scoped("booking_confirm", ctx)


def _move_key(ctx: BookingToolContext, args: m.BookingMoveArgs) -> str:
    return _scoped("booking_move", ctx, args.room_id, args.date, args.start_time, args.end_time)


def _cancel_key(ctx: BookingToolContext, args: m.EventCancelArgs) -> str:
    return _scoped("event_cancel", ctx)


def _second_option_key(ctx: BookingToolContext, args: m.SecondOptionTakeArgs) -> str:
    state = ctx.state
    req = state.requirements
    return _scoped("second_option_take", ctx, args.room_id, state.chosen_date, req.start_time, req.end_time)


def _site_visit_key(ctx: BookingToolContext, args: m.SiteVisitBookArgs) -> str:
    return _scoped("site_visit_book", ctx, args.slot)


def _inquiry_key(ctx: BookingToolContext, args: inquiries.InquiryOpenArgs) -> str:
    """One thread per origin thread and inquiry: the key names the thread it opens."""
    return f"inquiry_open:{inquiries.spawned_thread_id(ctx.thread_id, args.inquiry)}"


@lru_cache(maxsize=1)
def booking_tools() -> dict[str, ToolDefinition[Any, Any]]:
    """All booking tools by name."""
    tools: list[ToolDefinition[Any, Any]] = [
        ToolDefinition(
            name="dates_check",
            description="Check whether each date can host the event in the time window (closed days, "
            "lead time, capacity, free rooms).",
            args_model=m.DatesCheckArgs, result_model=m.DatesCheckResult, handler=booking.dates_check,
            idempotency_key=None, side_effect=False,
        ),
        ToolDefinition(
            name="dates_propose",
            description="Propose up to `count` free dates from `after`, matching months and weekdays.",
            args_model=m.DatesProposeArgs, result_model=m.DatesProposeResult, handler=booking.dates_propose,
            idempotency_key=None, side_effect=False,
        ),
        ToolDefinition(
            name="rooms_search",
            description="Rank the venue's rooms for a date, window, head count and layout.",
            args_model=m.RoomsSearchArgs, result_model=m.RoomsSearchResult, handler=booking.rooms_search,
            idempotency_key=None, side_effect=False,
        ),
        ToolDefinition(
            name="room_hold",
            description="Hold a room on option for this event (only a room the client chose).",
            args_model=m.RoomHoldArgs, result_model=m.RoomHoldResult, handler=booking.room_hold,
            idempotency_key=_hold_key, side_effect=True,
        ),
        ToolDefinition(
            name="room_release",
            description="Release this event's option on a room.",
            args_model=m.RoomReleaseArgs, result_model=m.RoomReleaseResult, handler=booking.room_release,
            idempotency_key=_release_key, side_effect=True,
        ),
        ToolDefinition(
            name="products_update",
            description="Add products (with quantities where counted) or remove them; `none` decides no "
            "products.",
            args_model=m.ProductsUpdateArgs, result_model=m.ProductsUpdateResult,
            handler=booking.products_update, idempotency_key=None, side_effect=False,
        ),
        ToolDefinition(
            name="offer_compose",
            description="Check gates P1–P4 and price the offer for the event as it stands.",
            args_model=m.OfferComposeArgs, result_model=m.OfferComposeResult, handler=booking.offer_compose,
            idempotency_key=_compose_key, side_effect=False,
        ),
        ToolDefinition(
            name="hil_create",
            description="Create a task for the venue's manager.",
            args_model=m.HilCreateArgs, result_model=m.HilCreateResult, handler=booking.hil_create,
            idempotency_key=_hil_key, side_effect=True,
        ),
        ToolDefinition(
            name="kb_search",
            description="Search the venue's knowledge (parking, transport, accessibility, ...).",
            args_model=m.KbSearchArgs, result_model=m.KbSearchResult, handler=booking.kb_search,
            idempotency_key=None, side_effect=False,
        ),
        ToolDefinition(
            name="booking_confirm",
            description="Turn this event's option into a confirmed booking (run when the manager approves the "
            "confirmation).",
            args_model=m.BookingConfirmArgs, result_model=m.BookingConfirmResult, handler=confirmation.booking_confirm,
            idempotency_key=_confirm_key, side_effect=True,
        ),
        ToolDefinition(
            name="booking_move",
            description="Manager only: move this event's confirmed booking to another room, date or window (an "
            "amendment); refused when another booking or the venue's calendar has that slot.",
            args_model=m.BookingMoveArgs, result_model=m.BookingMoveResult, handler=booking.booking_move,
            idempotency_key=_move_key, side_effect=True,
        ),
        ToolDefinition(
            name="event_cancel",
            description="Cancel this event: release its room and compute the refund by the cancellation policy.",
            args_model=m.EventCancelArgs, result_model=m.EventCancelResult, handler=confirmation.event_cancel,
            idempotency_key=_cancel_key, side_effect=True,
        ),
        ToolDefinition(
            name="offer_accept",
            description="Accept the sent offer the client agreed to (only when the client accepted it).",
            args_model=m.OfferAcceptArgs, result_model=m.OfferAcceptResult, handler=offer_tools.offer_accept,
            idempotency_key=_accept_key, side_effect=True,
        ),
        ToolDefinition(
            name="offer_decline",
            description="Decline the sent offer the client turned down, with the client's reason if given.",
            args_model=m.OfferDeclineArgs, result_model=m.OfferDeclineResult, handler=offer_tools.offer_decline,
            idempotency_key=_decline_key, side_effect=True,
        ),
        ToolDefinition(
            name="offer_discount",
            description="Manager only: a new offer version with a discount (percent 1-50 or a CHF amount).",
            args_model=m.OfferDiscountArgs, result_model=m.OfferDiscountResult, handler=offer_tools.offer_discount,
            idempotency_key=_discount_key, side_effect=True,
        ),
        ToolDefinition(
            name="billing_update",
            description="Record the billing address parts the client gave (company, name, street, postal code, "
            "city, country; country defaults to CH); never a room or product name.",
            args_model=m.BillingUpdateArgs, result_model=m.BillingUpdateResult, handler=billing.billing_update,
            idempotency_key=_billing_key, side_effect=True,
        ),
        ToolDefinition(
            name="deposit_mark_paid",
            description="Manager only: the deposit of the accepted offer was received.",
            args_model=m.DepositMarkPaidArgs, result_model=m.DepositMarkPaidResult,
            handler=billing.deposit_mark_paid, idempotency_key=_deposit_paid_key, side_effect=True,
        ),
        ToolDefinition(
            name="payment_record",
            description="System only: record a payment notification of the payment webhook, applied or not.",
            args_model=m.PaymentRecordArgs, result_model=m.PaymentRecordResult, handler=billing.payment_record,
            idempotency_key=_payment_key, side_effect=True,
        ),
        ToolDefinition(
            name="second_option_take",
            description="Queue this event as the 2nd (or later) option on a room another event holds on option "
            "at the event's date and window; not a hold.",
            args_model=m.SecondOptionTakeArgs, result_model=m.SecondOptionTakeResult,
            handler=holds.second_option_take, idempotency_key=_second_option_key, side_effect=True,
        ),
        ToolDefinition(
            name="site_visit_book",
            description="Book a site visit for this event at a free slot (ISO local datetime); it never holds or "
            "moves the event. A slot another event has, or outside the venue's visit times, is refused with the "
            "free slots.",
            args_model=m.SiteVisitBookArgs, result_model=m.SiteVisitBookResult, handler=site_visits.site_visit_book,
            idempotency_key=_site_visit_key, side_effect=True,
        ),
        ToolDefinition(
            name="inquiry_open",
            description="Open a thread of its own for a second, separate inquiry of this client (another occasion "
            "and date); this event stays as it is. Opens it once: the same inquiry again returns that thread.",
            args_model=inquiries.InquiryOpenArgs, result_model=inquiries.InquiryOpenResult,
            handler=inquiries.inquiry_open, idempotency_key=_inquiry_key, side_effect=True,
        ),
    ]
    return {tool.name: tool for tool in tools}
