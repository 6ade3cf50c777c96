"""The deposit of an accepted offer (docs/design.md §4.13): threshold, amount, due date, payments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from venuedesk.domain.calendar import closed_reason
from venuedesk.domain.deposits import (
    DepositDue,
    deposit_on_acceptance,
    deposit_overdue,
    deposit_review_at,
    paid_deposit_difference,
    payment_decision,
)

ZURICH = ZoneInfo("Europe/Zurich")
EVENT_DAY = date(2026, 3, 10)
WORKED = DepositDue(True, Decimal("627.00"), date(2026, 2, 28))


def test_the_worked_example_asks_627_due_10_days_before_the_event(policies):
    assert deposit_on_acceptance(Decimal("2090.00"), EVENT_DAY, date(2026, 2, 2), policies) == WORKED


def test_no_deposit_below_1000(policies):
    assert deposit_on_acceptance(Decimal("999.95"), EVENT_DAY, date(2026, 2, 2), policies) == DepositDue(
        False, None, None
    )


def test_a_deposit_at_exactly_1000(policies):
    assert deposit_on_acceptance(Decimal("1000.00"), EVENT_DAY, date(2026, 2, 2), policies) == DepositDue(
        True, Decimal("300.00"), date(2026, 2, 28)
    )


def test_due_the_day_after_acceptance_when_10_days_before_has_passed(policies):
    accepted = date(2026, 3, 5)  # 5 days before the event
    assert deposit_on_acceptance(Decimal("2090.00"), EVENT_DAY, accepted, policies).due == date(2026, 3, 6)


def test_due_10_days_before_when_accepted_the_day_before_that(policies):
    accepted = date(2026, 2, 27)
    assert deposit_on_acceptance(Decimal("2090.00"), EVENT_DAY, accepted, policies).due == date(2026, 2, 28)


def test_the_due_date_is_not_moved_off_a_weekend(policies):
    # 10 days before Tuesday 2026-03-10 is Saturday 2026-02-28: it stays.
    due = deposit_on_acceptance(Decimal("2090.00"), EVENT_DAY, date(2026, 2, 2), policies).due
    assert due is not None and due.weekday() == 5


def test_the_due_date_is_not_moved_off_a_closed_day(policies):
    # Accepted on 2026-04-02: the day after is Good Friday (closed), still the due date.
    due = deposit_on_acceptance(Decimal("2090.00"), date(2026, 4, 8), date(2026, 4, 2), policies).due
    assert due == date(2026, 4, 3)
    assert closed_reason(date(2026, 4, 3), policies) is not None


def test_overdue_only_after_the_end_of_the_due_date(policies):
    assert deposit_review_at(date(2026, 2, 28), policies) == datetime(2026, 3, 1, 0, 0, tzinfo=ZURICH)
    last_minute = datetime(2026, 2, 28, 23, 59, tzinfo=ZURICH)
    assert not deposit_overdue(date(2026, 2, 28), False, last_minute, policies)
    assert deposit_overdue(date(2026, 2, 28), False, datetime(2026, 3, 1, 0, 0, tzinfo=ZURICH), policies)


def test_a_paid_deposit_or_none_is_never_overdue(policies):
    late = datetime(2026, 3, 9, 9, 0, tzinfo=ZURICH)
    assert not deposit_overdue(date(2026, 2, 28), True, late, policies)
    assert not deposit_overdue(None, False, late, policies)


def test_a_matching_payment_is_applied(policies):
    decision = payment_decision(WORKED, False, Decimal("627.00"), "CHF", policies)
    assert (decision.outcome, decision.mismatch, decision.needs_review) == ("apply", None, False)


def test_a_matching_payment_without_trailing_zeros_is_applied(policies):
    assert payment_decision(WORKED, False, Decimal("627"), "CHF", policies).outcome == "apply"


@pytest.mark.parametrize(
    ("amount", "currency", "mismatch"),
    [
        ("626.95", "CHF", "amount"),
        ("627.05", "CHF", "amount"),
        ("2090.00", "CHF", "amount"),  # the whole total is not the deposit
        ("627.00", "EUR", "currency"),
        ("627.00", "chf", "currency"),  # exactly the venue's currency code
        ("600.00", "EUR", "amount_and_currency"),
    ],
)
def test_a_wrong_amount_or_currency_is_recorded_not_applied(policies, amount, currency, mismatch):
    decision = payment_decision(WORKED, False, Decimal(amount), currency, policies)
    assert (decision.outcome, decision.mismatch, decision.needs_review) == ("record_only", mismatch, True)
    assert "recorded, not applied" in decision.reason
    assert "CHF 627.00" in decision.reason


def test_a_second_payment_is_recorded_for_review(policies):
    decision = payment_decision(WORKED, True, Decimal("627.00"), "CHF", policies)
    assert (decision.outcome, decision.needs_review) == ("already_paid", True)


def test_a_payment_for_an_offer_without_a_deposit_is_recorded_for_review(policies):
    decision = payment_decision(DepositDue(False, None, None), False, Decimal("100.00"), "CHF", policies)
    assert (decision.outcome, decision.needs_review) == ("not_required", True)


def test_a_paid_deposit_above_the_new_versions_deposit_is_a_negative_difference():
    assert paid_deposit_difference(Decimal("477.00"), DepositDue(True, Decimal("435.00"), date(2026, 2, 28))) \
        == Decimal("-42.00")


def test_a_new_version_without_a_deposit_makes_the_whole_paid_amount_the_difference():
    assert paid_deposit_difference(Decimal("477.00"), DepositDue(False, None, None)) == Decimal("-477.00")


def test_a_new_version_asking_more_leaves_the_rest_to_collect():
    assert paid_deposit_difference(Decimal("477.00"), DepositDue(True, Decimal("627.00"), date(2026, 2, 28))) \
        == Decimal("150.00")
