"""Handlers of the billing and payment tools (docs/design.md §4.6, §4.13): `billing_update`, `deposit_mark_paid`
(manager only) and `payment_record` (the payment webhook). The engine applies their results to the event."""

from __future__ import annotations

from decimal import Decimal

from venuedesk.domain.event import Billing
from venuedesk.domain.pricing import CENT
from venuedesk.tools.booking_models import (
    BillingPartName,
    BillingUpdateArgs,
    BillingUpdateResult,
    DepositMarkPaidArgs,
    DepositMarkPaidResult,
    PaymentRecordArgs,
    PaymentRecordResult,
)
from venuedesk.tools.context import BookingToolContext
from venuedesk.tools.errors import ToolArgumentsInvalid, ToolPermissionError
from venuedesk.understanding.model import BillingAddress

DEFAULT_COUNTRY = "CH"
CLIENT = "client"  # the actor of a client turn; the manager-only tools refuse it


def billing_missing(billing: Billing) -> list[BillingPartName]:
    """The parts an invoice still needs: a company or a name, street, postal code and city."""
    return BillingAddress.model_validate(billing.model_dump()).missing()


def billing_update(ctx: BookingToolContext, args: BillingUpdateArgs) -> BillingUpdateResult:
    """The event's billing address updated by the parts given (a part given again replaces the old one)."""
    given = {part: value.strip() for part, value in args.model_dump().items() if value and value.strip()}
    if not given:
        raise ToolArgumentsInvalid("billing_update: give at least one address part")
    if "country" in given:
        given["country"] = given["country"].upper()
    merged = ctx.state.billing.model_copy(update=given)
    if merged.country is None:
        merged.country = DEFAULT_COUNTRY
    missing = billing_missing(merged)
    return BillingUpdateResult(**merged.model_dump(), missing=missing, complete=not missing)


def deposit_mark_paid(ctx: BookingToolContext, args: DepositMarkPaidArgs) -> DepositMarkPaidResult:
    """Record that a manager received the deposit of the live offer, or the top-up an amendment asked for on it
    (once per offer; a repeat changes nothing)."""
    if ctx.actor == CLIENT:
        raise ToolPermissionError("deposit_mark_paid is for the venue's manager only")
    deposit, offer = ctx.state.deposit, ctx.state.offer
    if not deposit.required or offer is None:
        raise ToolArgumentsInvalid("deposit_mark_paid: this event requires no deposit")
    amount = Decimal(str(args.amount)).quantize(CENT)
    topup = deposit.open_topup
    if topup is not None and topup.offer_id == offer.offer_id:
        return _record_manager_payment(ctx, args, offer.offer_id, amount, "deposit top-up marked paid by the manager")
    if deposit.paid_at is not None:
        return DepositMarkPaidResult(status="already_paid", offer_id=offer.offer_id, amount=float(amount),
                                     reference=args.reference or "", paid_at=deposit.paid_at.isoformat())
    return _record_manager_payment(ctx, args, offer.offer_id, amount, "marked paid by the manager")


def _record_manager_payment(ctx: BookingToolContext, args: DepositMarkPaidArgs, offer_id: str, amount: Decimal,
                            reason: str) -> DepositMarkPaidResult:
    """The manager's payment recorded once under its reference (`manager:{offer_id}` without one)."""
    reference = args.reference or f"manager:{offer_id}"
    if ctx.uow.payments.by_reference(reference) is None:
        ctx.uow.payments.record(reference=reference, offer_id=offer_id, thread_id=ctx.state.thread_id,
                                amount=amount, currency=ctx.venue.policies.currency, source="manager",
                                applied=True, reason=reason, received_at=ctx.now)
    return DepositMarkPaidResult(status="paid", offer_id=offer_id, amount=float(amount), reference=reference,
                                 paid_at=ctx.now.isoformat())


def payment_record(ctx: BookingToolContext, args: PaymentRecordArgs) -> PaymentRecordResult:
    """Record one payment notification under its reference (a reference already recorded is a duplicate)."""
    if ctx.actor == CLIENT:
        raise ToolPermissionError("payment_record is for the payment webhook only")
    if ctx.uow.payments.by_reference(args.reference) is not None:
        return PaymentRecordResult(status="duplicate", reference=args.reference, applied=False)
    ctx.uow.payments.record(reference=args.reference, offer_id=args.offer_id, thread_id=ctx.thread_id,
                            amount=Decimal(str(args.amount)).quantize(CENT), currency=args.currency,
                            source="webhook", applied=args.applied, reason=args.reason, received_at=ctx.now)
    return PaymentRecordResult(status="recorded", reference=args.reference, applied=args.applied)
