"""The deposit of an accepted offer (docs/design.md §4.13, docs/venue.md "Pricing").

Required when the accepted total is CHF 1,000 or more; 30 % of it, rounded to CHF 0.05; due 10 days
before the event, or the day after acceptance if that is later. The due date is a calendar date: it is
not moved off weekends or closed days. A payment is applied only when its amount and currency match the
deposit exactly; anything else is recorded, not applied, and a manager reviews it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

from venuedesk.domain.catalogue import Policies
from venuedesk.domain.pricing import CENT, deposit_amount, deposit_due_date, deposit_required


@dataclass(frozen=True)
class DepositDue:
    """The deposit an accepted offer asks for: required or not, the amount and the last day to pay."""

    required: bool
    amount: Decimal | None
    due: date | None


def deposit_on_acceptance(
    total: Decimal, event_day: date, accepted_on: date, policies: Policies
) -> DepositDue:
    """The deposit for an offer accepted on `accepted_on` (venue date): amount and due date, or none."""
    if not deposit_required(total, policies):
        return DepositDue(False, None, None)
    amount = deposit_amount(total, policies)
    return DepositDue(True, amount, deposit_due_date(event_day, accepted_on, policies))


def paid_deposit_difference(paid: Decimal, live: DepositDue) -> Decimal:
    """What a deposit already paid differs from the deposit the live offer asks for (positive: the live offer asks
    more; negative: more was paid). A paid deposit stays paid when a new offer version replaces the accepted one
    (docs/design.md §4.13 "A change after acceptance"); the difference is the manager's to settle, never the
    client's to pay again automatically."""
    asked = live.amount if live.required and live.amount is not None else Decimal(0)
    return (asked - paid).quantize(CENT)


def deposit_review_at(due: date, policies: Policies) -> datetime:
    """When an unpaid deposit is overdue: the end of its due date (00:00 of the next day, venue time).

    Unpaid at that moment → a `manual_review` task; the hold stays until the manager decides.
    """
    return datetime.combine(due + timedelta(days=1), time(0, 0), tzinfo=ZoneInfo(policies.timezone))


def deposit_overdue(due: date | None, paid: bool, now: datetime, policies: Policies) -> bool:
    """True when a deposit with a due date is still unpaid after the end of that date (venue time)."""
    if due is None or paid:
        return False
    if now.tzinfo is None:
        raise ValueError(f"now {now.isoformat()} has no time zone; pass an aware datetime")
    return now >= deposit_review_at(due, policies)


PaymentOutcome = Literal["apply", "record_only", "already_paid", "not_required"]
PaymentMismatch = Literal["amount", "currency", "amount_and_currency"]


@dataclass(frozen=True)
class PaymentDecision:
    """What to do with a reported payment: apply it, or only record it (and open `manual_review`).

    `outcome` "apply" marks the deposit paid; "record_only" records the payment without applying it and
    needs a manager (`mismatch` says what differs); "already_paid" and "not_required" record it and need
    a manager too, since money arrived that the deposit does not expect.
    """

    outcome: PaymentOutcome
    mismatch: PaymentMismatch | None
    reason: str

    @property
    def needs_review(self) -> bool:
        """True when a `manual_review` task must be opened for this payment."""
        return self.outcome != "apply"


def payment_decision(
    deposit: DepositDue, paid: bool, amount: Decimal, currency: str, policies: Policies, what: str = "deposit"
) -> PaymentDecision:
    """Apply a payment only when its amount and currency match the required, unpaid deposit exactly; `what` names
    the sum in the reason ("deposit", or an amendment's "top-up")."""
    if not deposit.required or deposit.amount is None:
        return PaymentDecision("not_required", None, "this offer requires no deposit; recorded, not applied")
    if paid:
        return PaymentDecision("already_paid", None, "the deposit is already paid; recorded, not applied")
    expected_amount, expected_currency = deposit.amount.quantize(CENT), policies.currency
    amount_ok = amount == expected_amount
    currency_ok = currency == expected_currency
    if amount_ok and currency_ok:
        return PaymentDecision("apply", None, f"{currency} {expected_amount} matches the {what}")
    mismatch: PaymentMismatch = (
        "amount_and_currency" if not (amount_ok or currency_ok) else "amount" if not amount_ok else "currency"
    )
    return PaymentDecision(
        "record_only", mismatch,
        f"received {currency} {amount}, the {what} is {expected_currency} {expected_amount}; "
        "recorded, not applied: a manager checks it",
    )
