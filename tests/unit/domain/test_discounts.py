"""Counter-offers (docs/design.md §4.13): the Discount line, VAT and deposit recomputed, refusals, limit."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from venuedesk.domain.discounts import (
    Discount,
    DiscountError,
    apply_discount,
    counter_decision,
    discount_from,
    discount_value,
)
from venuedesk.domain.pricing import price_offer, to_offer

TODAY = date(2026, 2, 2)
EVENT_DAY = date(2026, 3, 10)


@pytest.fixture
def worked_example(venue):
    """docs/venue.md's worked example: total CHF 2,090.00."""
    return price_offer(
        venue, venue.room("room-b"), EVENT_DAY, time(9), time(17), 30,
        [("coffee-snacks", None), ("lunch", None), ("wireless-mic", 2)], TODAY, "en",
    )


@pytest.fixture
def small_offer(venue):
    """Room D half day 220.00 + 7 × Basic coffee 8.50 = CHF 279.50."""
    return price_offer(
        venue, venue.room("room-d"), EVENT_DAY, time(9), time(12), 7, [("coffee-basic", None)], TODAY, "en"
    )


def test_ten_percent_off_the_worked_example(worked_example, policies):
    discounted = apply_discount(worked_example, discount_from(percent=10), TODAY, policies)
    assert discounted.lines[-1].kind == "discount"
    assert discounted.lines[-1].label == "Discount"
    assert (discounted.lines[-1].quantity, discounted.lines[-1].unit_price, discounted.lines[-1].total) == (
        1, Decimal("-209.00"), Decimal("-209.00")
    )
    assert discounted.total == Decimal("1881.00")
    assert discounted.vat == Decimal("140.95")  # 1881 × 8.1 / 108.1 = 140.9445…
    assert discounted.deposit_amount == Decimal("564.30")  # 30 % of 1881
    assert discounted.deposit_due == date(2026, 2, 28)


def test_the_discount_line_comes_after_the_priced_lines_unchanged(worked_example, policies):
    discounted = apply_discount(worked_example, discount_from(percent=10), TODAY, policies)
    assert discounted.lines[:-1] == worked_example.lines


def test_the_discount_line_is_rounded_to_5_rappen(small_offer, policies):
    discounted = apply_discount(small_offer, discount_from(percent=7), TODAY, policies)
    assert discounted.lines[-1].total == Decimal("-19.55")  # 7 % of 279.50 = 19.565
    assert discounted.total == Decimal("259.95")
    assert discounted.vat == Decimal("19.50")


def test_an_amount_discount_is_rounded_to_5_rappen(worked_example, policies):
    discounted = apply_discount(worked_example, discount_from(amount="150.03"), TODAY, policies)
    assert discounted.lines[-1].total == Decimal("-150.05")
    assert discounted.total == Decimal("1939.95")


def test_a_discount_below_the_threshold_drops_the_deposit(worked_example, policies):
    discounted = apply_discount(worked_example, discount_from(amount=1100), TODAY, policies)
    assert discounted.total == Decimal("990.00")
    assert discounted.vat == Decimal("74.20")
    deposit = (discounted.deposit_required, discounted.deposit_amount, discounted.deposit_due)
    assert deposit == (False, None, None)


def test_a_new_discount_replaces_the_old_one_and_applies_to_the_pre_discount_total(worked_example, policies):
    first = apply_discount(worked_example, discount_from(percent=10), TODAY, policies)
    second = apply_discount(first, discount_from(percent=20), TODAY, policies)
    assert [line.kind for line in second.lines].count("discount") == 1
    assert second.lines[-1].total == Decimal("-418.00")  # 20 % of 2090, not of 1881
    assert second.total == Decimal("1672.00")


def test_the_discount_line_label_follows_the_language(worked_example, policies):
    discounted = apply_discount(worked_example, discount_from(percent=10), TODAY, policies, "de")
    assert discounted.lines[-1].label == "Rabatt"


def test_the_discounted_offer_converts_to_an_event_offer_with_a_discount_line(worked_example, policies):
    discounted = apply_discount(worked_example, discount_from(percent=10), TODAY, policies)
    offer = to_offer(discounted, offer_id="evt-1-v2", version=2)
    assert offer.lines[-1].kind == "discount"
    assert offer.total == Decimal("1881.00")
    assert offer.model_dump(mode="json")["lines"][-1]["total"] == -209.0


@pytest.mark.parametrize("percent", [1, 50, "12.5"])
def test_percentages_from_1_to_50_are_accepted(percent):
    assert discount_from(percent=percent) == Discount(percent=Decimal(str(percent)))


@pytest.mark.parametrize("percent", [0, "0.99", "50.01", 51, -5, 100])
def test_percentages_outside_1_to_50_are_refused(percent):
    with pytest.raises(DiscountError, match="send a percentage from 1 to 50") as caught:
        discount_from(percent=percent)
    assert caught.value.code == "percent_out_of_range"


@pytest.mark.parametrize("amount", [0, -10, "-0.05"])
def test_zero_or_negative_amounts_are_refused(amount):
    with pytest.raises(DiscountError) as caught:
        discount_from(amount=amount)
    assert caught.value.code == "amount_not_positive"


@pytest.mark.parametrize("amount", ["2090.00", 2500, "2089.98"])  # 2089.98 rounds to 2090.00
def test_an_amount_reaching_the_total_is_refused(worked_example, policies, amount):
    with pytest.raises(DiscountError, match="is not below the offer total CHF 2090.00") as caught:
        apply_discount(worked_example, discount_from(amount=amount), TODAY, policies)
    assert caught.value.code == "amount_not_below_total"


def test_a_discount_that_rounds_to_nothing_is_refused():
    with pytest.raises(DiscountError) as caught:
        discount_value(Decimal("2.00"), discount_from(percent=1))  # 0.02 → 0.00
    assert caught.value.code == "rounds_to_zero"


def test_neither_or_both_discounts_are_refused():
    with pytest.raises(DiscountError) as neither:
        discount_from()
    with pytest.raises(DiscountError) as both:
        discount_from(percent=10, amount=100)
    assert (neither.value.code, both.value.code) == ("no_discount", "both_given")


@pytest.mark.parametrize("value", ["ten", "NaN", "Infinity"])
def test_a_discount_that_is_not_a_number_is_refused(value):
    with pytest.raises(DiscountError) as caught:
        discount_from(percent=value)
    assert caught.value.code == "not_a_number"


@pytest.mark.parametrize(
    ("count_before", "count_after", "task"),
    [(0, 1, "counter_offer"), (1, 2, "counter_offer"), (2, 3, "counter_offer"), (3, 4, "counter_limit"),
     (4, 5, "counter_limit")],
)
def test_the_fourth_counter_opens_a_counter_limit_task(policies, count_before, count_after, task):
    assert policies.max_counters == 3
    decision = counter_decision(count_before, policies)
    assert (decision.counter_count, decision.task) == (count_after, task)


def test_the_discounted_deposit_is_due_from_the_day_the_new_version_is_made(worked_example, policies):
    late = date(2026, 3, 5)  # 10 days before the event have passed: due the day after
    assert apply_discount(worked_example, discount_from(percent=10), late, policies).deposit_due == date(2026, 3, 6)
