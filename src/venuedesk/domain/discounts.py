"""Counter-offers (docs/design.md §4.13): the manager's discount and the counter limit.

A discount is a percentage (1–50, of the pre-discount total) or an amount (more than 0, less than the
pre-discount total). It becomes one negative "Discount" line at the end of the offer, rounded to CHF 0.05;
the total, VAT share and deposit are then recomputed by `pricing.with_lines`. A discount on an offer that
already has one replaces it: the percentage is always of the pre-discount total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

from venuedesk.domain.catalogue import Policies
from venuedesk.domain.pricing import CENT, PricedLine, PricedOffer, lines_total, round_5_rappen, with_lines

MIN_PERCENT = Decimal(1)
MAX_PERCENT = Decimal(50)
DISCOUNT_REF = "discount"
_LABELS = {"en": "Discount", "de": "Rabatt"}

DiscountProblem = Literal[
    "no_discount", "both_given", "not_a_number", "percent_out_of_range", "amount_not_positive",
    "amount_not_below_total", "rounds_to_zero",
]


class DiscountError(ValueError):
    """A discount the desk refuses; `code` names the rule, the message says what to send instead."""

    def __init__(self, code: DiscountProblem, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Discount:
    """Exactly one of `percent` (1–50) or `amount` (CHF); build it with `discount_from`."""

    percent: Decimal | None = None
    amount: Decimal | None = None


def _not_a_number(name: str, value: object) -> str:
    return f"{name} {value!r} is not a number; send e.g. 10 or 150.00"


def _decimal(value: Decimal | int | str | float, name: str) -> Decimal:
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError) as error:
        raise DiscountError("not_a_number", _not_a_number(name, value)) from error
    if not number.is_finite():
        raise DiscountError("not_a_number", _not_a_number(name, value))
    return number


def discount_from(
    percent: Decimal | int | str | float | None = None, amount: Decimal | int | str | float | None = None
) -> Discount:
    """A `Discount` from the manager's `discount_percent` or `discount_amount` (exactly one, range-checked).

    The amount is checked against the offer total later, in `discount_value`.
    """
    if percent is None and amount is None:
        raise DiscountError("no_discount", "give discount_percent (1-50) or discount_amount (CHF)")
    if percent is not None and amount is not None:
        raise DiscountError("both_given", "give either discount_percent or discount_amount, not both")
    if percent is not None:
        value = _decimal(percent, "discount_percent")
        if not MIN_PERCENT <= value <= MAX_PERCENT:
            raise DiscountError(
                "percent_out_of_range",
                f"discount_percent {value} is outside {MIN_PERCENT}-{MAX_PERCENT}; "
                "send a percentage from 1 to 50",
            )
        return Discount(percent=value)
    assert amount is not None
    value = _decimal(amount, "discount_amount")
    if value <= 0:
        raise DiscountError(
            "amount_not_positive", f"discount_amount {value} must be more than CHF 0; send a positive amount"
        )
    return Discount(amount=value)


def undiscounted_lines(priced: PricedOffer) -> tuple[PricedLine, ...]:
    """The offer's lines without any discount line (the pre-discount offer)."""
    return tuple(line for line in priced.lines if line.kind != "discount")


def discount_value(pre_discount_total: Decimal, discount: Discount) -> Decimal:
    """The positive CHF value of the discount on a pre-discount total, rounded to CHF 0.05.

    Raises `DiscountError` when it would reach the whole total or round to nothing.
    """
    if discount.percent is not None:
        raw = pre_discount_total * discount.percent / Decimal(100)
    else:
        assert discount.amount is not None
        raw = discount.amount
    value = round_5_rappen(raw)
    if value <= 0:
        raise DiscountError(
            "rounds_to_zero", f"the discount {raw.quantize(CENT)} rounds to CHF 0.00; send a larger discount"
        )
    if value >= pre_discount_total:
        raise DiscountError(
            "amount_not_below_total",
            f"a discount of CHF {value} is not below the offer total CHF {pre_discount_total}; "
            "send a smaller amount",
        )
    return value


def discount_line(value: Decimal, language: str = "en") -> PricedLine:
    """The negative "Discount" line ("Rabatt" in German) for a positive discount value."""
    negative = -value.quantize(CENT)
    return PricedLine("discount", DISCOUNT_REF, _LABELS.get(language, _LABELS["en"]), 1, negative, negative)


def apply_discount(
    priced: PricedOffer, discount: Discount, today: date, policies: Policies, language: str = "en"
) -> PricedOffer:
    """The offer with its discount line (replacing an earlier one); total, VAT and deposit recomputed.

    `today` is the day the new version is made: the deposit due date counts from it (tomorrow at the
    earliest) as for any freshly priced offer.
    """
    lines = undiscounted_lines(priced)
    value = discount_value(lines_total(lines), discount)
    return with_lines(priced, (*lines, discount_line(value, language)), today, policies)


CounterTask = Literal["counter_offer", "counter_limit"]


@dataclass(frozen=True)
class CounterDecision:
    """What a client's counter leads to: the new `counter_count` and the task to open."""

    counter_count: int
    task: CounterTask


def counter_decision(counter_count: int, policies: Policies) -> CounterDecision:
    """Count one more counter: up to `max_counters` (3) a `counter_offer` task, beyond it `counter_limit`."""
    if counter_count < 0:
        raise ValueError(f"counter_count {counter_count} is negative; it starts at 0")
    count = counter_count + 1
    return CounterDecision(count, "counter_offer" if count <= policies.max_counters else "counter_limit")
