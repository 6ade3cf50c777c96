"""Offer pricing (docs/venue.md "Pricing"): room charge, product quantities, total, VAT share and deposit.

Deterministic and exact: money is `Decimal`, durations are whole minutes. Prices include VAT; the VAT
share and the deposit are rounded to CHF 0.05 (Swiss 5-rappen rounding, half up).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Literal

from venuedesk.domain.catalogue import Policies, Product, Room, Venue
from venuedesk.domain.event import Deposit, DepositTerms, Offer, OfferLine, OfferStatus
from venuedesk.domain.windows import hours_between, window_minutes

CENT = Decimal("0.01")
_TWENTY = Decimal(20)


LineKind = Literal["room", "product", "discount"]
"""An offer line is the room charge, a product, or the negative Discount line of a countered offer."""


class PricingError(ValueError):
    """The offer cannot be priced as asked (unknown product, product not served, bad window)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def round_5_rappen(amount: Decimal | int | str) -> Decimal:
    """Round to CHF 0.05, half up: 156.6050 → 156.60, 156.625 → 156.65, 0.025 → 0.05."""
    value = Decimal(amount)
    return ((value * _TWENTY).quantize(Decimal(1), rounding=ROUND_HALF_UP) / _TWENTY).quantize(CENT)


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def room_charge(room: Room, start: time, end: time, policies: Policies) -> Decimal:
    """The room's price for the booked window (buffers excluded).

    h ≤ 4 → half-day rate; h ≤ 10 → full-day rate; h > 10 → full-day rate + extra-hour rate × ceil(h − 10).
    """
    minutes = window_minutes(start, end)
    if minutes <= 0:
        raise PricingError("bad_window", f"the window {start:%H:%M}-{end:%H:%M} does not end after it starts")
    if minutes <= policies.half_day_max_hours * 60:
        return room.half_day.quantize(CENT)
    full_day_minutes = policies.full_day_max_hours * 60
    if minutes <= full_day_minutes:
        return room.full_day.quantize(CENT)
    extra_hours = _ceil_div(minutes - full_day_minutes, 60)
    return (room.full_day + room.extra_hour * extra_hours).quantize(CENT)


def product_quantity(
    product: Product, participants: int, hours: Decimal | int, requested_qty: int | None
) -> int:
    """How many units of a product an offer line has.

    per_person → participants; per_event → 1; per_unit / per_bottle → the quantity asked (default 1);
    per_hour → event hours rounded up.
    """
    if product.unit == "per_person":
        return participants
    if product.unit == "per_event":
        return 1
    if product.unit in ("per_unit", "per_bottle"):
        if requested_qty is not None and requested_qty < 1:
            raise PricingError(
                "bad_quantity", f"quantity {requested_qty} for {product.id} must be at least 1"
            )
        return 1 if requested_qty is None else requested_qty
    if product.unit == "per_hour":
        whole = int(Decimal(hours).to_integral_value(rounding=ROUND_CEILING))
        return max(whole, 1)
    raise PricingError("unknown_unit", f"product {product.id} has an unknown unit {product.unit!r}")


ProductProblemCode = Literal["not_served_in_room", "out_of_season"]


@dataclass(frozen=True)
class ProductProblem:
    """Why a product cannot go on this offer: not served in the room, or outside its season."""

    code: ProductProblemCode
    product_id: str
    room_id: str
    season_months: tuple[int, ...] = ()


def product_problem(product: Product, room_id: str, day: date) -> ProductProblem | None:
    """None when the product can be served in `room_id` on `day` (room restrictions and season)."""
    if not product.served_in(room_id):
        return ProductProblem("not_served_in_room", product.id, room_id)
    if not product.in_season(day.month):
        return ProductProblem("out_of_season", product.id, room_id, product.season_months)
    return None


@dataclass(frozen=True)
class PricedLine:
    """One offer line; the room line has kind "room" and quantity 1, a discount line is negative."""

    kind: LineKind
    ref: str
    label: str
    quantity: int
    unit_price: Decimal
    total: Decimal


@dataclass(frozen=True)
class PricedOffer:
    """A fully priced offer: lines (room first), total incl. VAT, VAT share and deposit terms."""

    room_id: str
    day: date
    start: time
    end: time
    participants: int
    lines: tuple[PricedLine, ...]
    total: Decimal
    vat: Decimal
    deposit_required: bool
    deposit_amount: Decimal | None
    deposit_due: date | None


def deposit_due_date(event_day: date, today: date, policies: Policies) -> date:
    """`deposit_due_days_before` days before the event, or tomorrow if that is later."""
    return max(event_day - timedelta(days=policies.deposit_due_days_before), today + timedelta(days=1))


def vat_share(total: Decimal, policies: Policies) -> Decimal:
    """The VAT included in a total: total × vat / (100 + vat), rounded to CHF 0.05 (2090 → 156.60)."""
    return round_5_rappen(total * policies.vat_percent / (Decimal(100) + policies.vat_percent))


def deposit_required(total: Decimal, policies: Policies) -> bool:
    """A deposit is required when the total reaches the venue's threshold (CHF 1,000 or more)."""
    return total >= policies.deposit_threshold


def deposit_amount(total: Decimal, policies: Policies) -> Decimal:
    """The deposit for a total: `deposit_percent` of it, rounded to CHF 0.05 (2090 → 627.00)."""
    return round_5_rappen(total * policies.deposit_percent / Decimal(100))


def lines_total(lines: tuple[PricedLine, ...] | list[PricedLine]) -> Decimal:
    """The offer total: the sum of its line totals (a discount line counts negative)."""
    return sum((line.total for line in lines), Decimal("0")).quantize(CENT)


def with_lines(
    priced: PricedOffer, lines: tuple[PricedLine, ...], today: date, policies: Policies
) -> PricedOffer:
    """The same offer with other lines: total, VAT share and deposit (amount and due) recomputed."""
    total = lines_total(lines)
    required = deposit_required(total, policies)
    return replace(
        priced,
        lines=lines,
        total=total,
        vat=vat_share(total, policies),
        deposit_required=required,
        deposit_amount=deposit_amount(total, policies) if required else None,
        deposit_due=deposit_due_date(priced.day, today, policies) if required else None,
    )


def price_offer(
    venue: Venue,
    room: Room,
    day: date,
    start: time,
    end: time,
    participants: int,
    products: list[tuple[str, int | None]],
    today: date,
    language: str = "en",
) -> PricedOffer:
    """Price an offer: the room line first, then one line per product in the given order.

    Raises `PricingError` when a product is unknown, not served in the room or out of season on `day`
    (check `product_problem` first to explain that to the client).
    """
    policies = venue.policies
    charge = room_charge(room, start, end, policies)
    hours = hours_between(start, end)
    lines = [PricedLine("room", room.id, room.name, 1, charge, charge)]
    for product_id, requested in products:
        if not venue.has_product(product_id):
            raise PricingError("unknown_product", f"there is no product {product_id!r}")
        product = venue.product(product_id)
        problem = product_problem(product, room.id, day)
        if problem is not None:
            raise PricingError(
                problem.code, f"{product_id} cannot be offered in {room.id} on {day}: {problem.code}"
            )
        quantity = product_quantity(product, participants, hours, requested)
        unit_price = product.price.quantize(CENT)
        lines.append(
            PricedLine(
                "product", product.id, product.name(language), quantity, unit_price, unit_price * quantity
            )
        )
    total = lines_total(lines)
    required = deposit_required(total, policies)
    return PricedOffer(
        room_id=room.id,
        day=day,
        start=start,
        end=end,
        participants=participants,
        lines=tuple(lines),
        total=total,
        vat=vat_share(total, policies),
        deposit_required=required,
        deposit_amount=deposit_amount(total, policies) if required else None,
        deposit_due=deposit_due_date(day, today, policies) if required else None,
    )


def offer_lines(priced: PricedOffer) -> list[OfferLine]:
    """The priced lines as event.py `OfferLine` models."""
    return [
        OfferLine(
            kind=line.kind,
            ref=line.ref,
            label=line.label,
            quantity=line.quantity,
            unit_price=line.unit_price,
            total=line.total,
        )
        for line in priced.lines
    ]


def deposit_terms(priced: PricedOffer) -> DepositTerms:
    """The offer's deposit terms; amount 0.00 and no due date when no deposit is required."""
    if not priced.deposit_required:
        return DepositTerms(amount=Decimal("0.00"), due=None)
    return DepositTerms(amount=priced.deposit_amount or Decimal("0.00"), due=priced.deposit_due)


def event_deposit(priced: PricedOffer) -> Deposit:
    """The event's `deposit` field (required, amount, due; not paid) for this offer."""
    return Deposit(required=priced.deposit_required, amount=priced.deposit_amount, due=priced.deposit_due)


def to_offer(
    priced: PricedOffer,
    *,
    offer_id: str,
    version: int,
    status: OfferStatus = "Draft",
    created_at: datetime | None = None,
) -> Offer:
    """An event.py `Offer` model for this priced offer (the engine chooses id, version and status)."""
    return Offer(
        offer_id=offer_id,
        version=version,
        status=status,
        lines=offer_lines(priced),
        total=priced.total,
        vat=priced.vat,
        deposit=deposit_terms(priced),
        chosen_date=priced.day,
        start_time=f"{priced.start:%H:%M}",
        end_time=f"{priced.end:%H:%M}",
        room_id=priced.room_id,
        created_at=created_at,
    )
