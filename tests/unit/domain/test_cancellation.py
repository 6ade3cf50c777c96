"""The refund when a client cancels (docs/design.md §4.13): the bands and their boundaries (30, 14 days)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from venuedesk.domain.cancellation import cancellation_refund

EVENT_DAY = date(2026, 6, 30)
PAID = Decimal("627.00")


def days_before(days: int) -> date:
    return EVENT_DAY - timedelta(days=days)


@pytest.mark.parametrize(
    ("days", "amount", "band"),
    [
        (90, "427.00", "paid_minus_fee"),
        (31, "427.00", "paid_minus_fee"),  # more than 30
        (30, "313.50", "partial"),  # 30 exactly is in 14–30
        (20, "313.50", "partial"),
        (14, "313.50", "partial"),  # 14 exactly is in 14–30
        (13, "0.00", "none"),
        (0, "0.00", "none"),  # on the day itself
        (-1, "0.00", "none"),
    ],
)
def test_refund_by_days_before_the_event(days, amount, band):
    refund = cancellation_refund(PAID, EVENT_DAY, days_before(days), confirmed=True)
    assert (refund.amount, refund.band, refund.days_before) == (Decimal(amount), band, days)


def test_the_fee_never_makes_the_refund_negative():
    refund = cancellation_refund(Decimal("150.00"), EVENT_DAY, days_before(60), confirmed=True)
    assert refund.amount == Decimal("0.00")


def test_nothing_paid_nothing_refunded():
    refund = cancellation_refund(Decimal("0"), EVENT_DAY, days_before(60), confirmed=True)
    assert refund.amount == Decimal("0.00")


def test_half_of_the_amount_paid_is_rounded_to_5_rappen():
    # 50 % of 300.15 = 150.075 → 150.10
    refund = cancellation_refund(Decimal("300.15"), EVENT_DAY, days_before(20), confirmed=True)
    assert refund.amount == Decimal("150.10")


@pytest.mark.parametrize("days", [60, 20, 5])
def test_before_confirmation_a_paid_deposit_is_refunded_in_full(days):
    refund = cancellation_refund(PAID, EVENT_DAY, days_before(days), confirmed=False)
    assert (refund.amount, refund.band) == (PAID, "before_confirmation")


def test_a_negative_amount_paid_is_refused():
    with pytest.raises(ValueError, match="is negative"):
        cancellation_refund(Decimal("-1"), EVENT_DAY, days_before(60), confirmed=True)
