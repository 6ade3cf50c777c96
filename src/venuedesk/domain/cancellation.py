"""The refund when a client cancels (docs/design.md §4.13, docs/venue.md "Pricing").

Before confirmation: the event is Lost, no charge, a deposit already paid is refunded in full. After
confirmation, by the days from the cancellation (venue date) to the event date: more than 30 → the amount
paid minus CHF 200, never below 0; 14 to 30 → 50 % of the amount paid (rounded to CHF 0.05); fewer than
14 → nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from venuedesk.domain.event import RefundBand
from venuedesk.domain.pricing import CENT, round_5_rappen

__all__ = ["ATELIER_TERMS", "CancellationTerms", "Refund", "RefundBand", "cancellation_refund"]


@dataclass(frozen=True)
class CancellationTerms:
    """The venue's cancellation policy; the defaults are The Atelier's (docs/venue.md)."""

    fee: Decimal = Decimal("200.00")
    """Kept from the amount paid when cancelling more than `full_refund_after_days` days ahead."""
    full_refund_after_days: int = 30
    half_refund_from_days: int = 14
    half_refund_percent: Decimal = Decimal("50")


ATELIER_TERMS = CancellationTerms()


@dataclass(frozen=True)
class Refund:
    """The refund a cancellation gives: amount, which band of the policy, days before the event."""

    amount: Decimal
    band: RefundBand
    days_before: int


def cancellation_refund(
    paid: Decimal,
    event_day: date,
    today: date,
    confirmed: bool,
    terms: CancellationTerms = ATELIER_TERMS,
) -> Refund:
    """The refund of `paid` when the client cancels on `today` (venue date), by the policy's bands."""
    if paid < 0:
        raise ValueError(f"the amount paid {paid} is negative; pass what the client actually paid")
    days = (event_day - today).days
    if not confirmed:
        return Refund(paid.quantize(CENT), "before_confirmation", days)
    if days > terms.full_refund_after_days:
        return Refund(max(paid - terms.fee, Decimal(0)).quantize(CENT), "paid_minus_fee", days)
    if days >= terms.half_refund_from_days:
        return Refund(round_5_rappen(paid * terms.half_refund_percent / Decimal(100)), "partial", days)
    return Refund(Decimal("0.00"), "none", days)
