"""A manager's amendment of a Confirmed booking (docs/amendments.md): the rules, pure and deterministic.

`amend_booking` takes the confirmed event, the changes the manager asked for and the catalogue, and answers the
amended event with its new price, or refuses with a code and the field at fault. Prices come from the pricing
domain only (docs/venue.md "Pricing"); a discount granted on the booked offer stays as the same CHF amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from venuedesk.domain import calendar, windows
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.discounts import Discount, DiscountError, apply_discount
from venuedesk.domain.event import EventState, Offer, ProductLine
from venuedesk.domain.pricing import (
    CENT,
    PricedOffer,
    PricingError,
    deposit_amount,
    deposit_due_date,
    deposit_required,
    price_offer,
)
from venuedesk.domain.ranking import room_fits

MAX_NOTES_CHARS = 2000
ZERO = Decimal("0.00")


class AmendmentRefused(ValueError):
    """The amendment cannot be made: `code` says why, `field` names the request field at fault (None: the whole
    request), `status` is the HTTP status that fits (422 bad input, 409 the booking's state)."""

    def __init__(self, code: str, message: str, field: str | None = None, status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.status = status


@dataclass(frozen=True)
class ProductChange:
    """One product line asked for: the catalogue id and its quantity (0 removes it)."""

    product_id: str
    quantity: int


@dataclass(frozen=True)
class AmendmentRequest:
    """What the manager changes; None (or no product line) keeps the booked value. `notes` "" clears the notes."""

    participants: int | None = None
    start_time: str | None = None
    end_time: str | None = None
    products: tuple[ProductChange, ...] = ()
    notes: str | None = None
    day: date | None = None
    room_id: str | None = None


@dataclass(frozen=True)
class Change:
    """One booking fact that changed: `field` (participants, window, date, room, product, notes), the product id for
    a product line, and the old and new value as plain text ("" when absent)."""

    field: str
    old: str
    new: str
    ref: str | None = None


@dataclass(frozen=True)
class DepositDelta:
    """The deposit after the amendment: what was paid, what the amended total asks (30 % from CHF 1,000), what is
    due now (`asked − paid` when positive) and by when, and what was paid in excess (the manager's to settle)."""

    paid: Decimal
    asked: Decimal
    due_now: Decimal
    due: date | None
    excess: Decimal


@dataclass(frozen=True)
class Amendment:
    """An accepted amendment: the amended event (offers untouched), its price, what changed, the deposit, whether the
    booking must move (date, room or window) and whether the client's terms changed (anything but the notes)."""

    state: EventState
    priced: PricedOffer
    previous_total: Decimal
    changes: tuple[Change, ...]
    deposit: DepositDelta
    moves_booking: bool
    terms_changed: bool


def booked_offer(state: EventState) -> Offer | None:
    """The offer the confirmed booking stands on: the newest Accepted version."""
    accepted = [offer for offer in state.offers if offer.status == "Accepted"]
    return accepted[-1] if accepted else None


def amend_booking(state: EventState, request: AmendmentRequest, venue: Venue, today: date) -> Amendment:
    """The amended booking and its new price, or AmendmentRefused naming the code and field."""
    offer = booked_offer(state)
    if state.status != "Confirmed" or offer is None or state.chosen_date is None or state.locked_room_id is None:
        raise AmendmentRefused("not_confirmed", f"event {state.event_id} is {state.status}, not a Confirmed booking; "
                               "only a confirmed booking is amended", status=409)
    room_id = request.room_id or state.locked_room_id
    if not venue.has_room(room_id):
        raise AmendmentRefused("unknown_room", f"room_id: there is no room {room_id!r}", "room_id")
    day = _day(request.day, state.chosen_date, today, venue)
    start, end = _window(request, state, offer, venue)
    participants = request.participants if request.participants is not None else (state.requirements.participants
                                                                                 or 0)
    _check_fit(venue, room_id, participants, state.requirements.layout)
    products = _products(state, request.products, venue, room_id, day)
    priced = _price(venue, room_id, day, start, end, participants, products, offer, today, state.language)
    amended = state.model_copy(deep=True)
    amended.requirements.participants = participants
    amended.requirements.start_time, amended.requirements.end_time = windows.format_hhmm(start), \
        windows.format_end(end)
    amended.refresh_hash()
    amended.chosen_date, amended.locked_room_id, amended.room_eval_hash = day, room_id, amended.requirements_hash
    amended.products = [ProductLine(product_id=pid, quantity=qty) for pid, qty in products]
    amended.staff_notes = _notes(request.notes, state.staff_notes)
    changes = _changes(state, amended, offer, priced)
    if not changes:
        raise AmendmentRefused("nothing_changed", "the amendment changes nothing: every value is the one booked; "
                               "send only what changes")
    moves = (day, room_id, amended.requirements.start_time, amended.requirements.end_time) != (
        state.chosen_date, state.locked_room_id, state.requirements.start_time, state.requirements.end_time)
    return Amendment(state=amended, priced=priced, previous_total=offer.total, changes=changes,
                     deposit=deposit_delta(state, priced, today, venue), moves_booking=moves,
                     terms_changed=any(change.field != "notes" for change in changes))


def deposit_delta(state: EventState, priced: PricedOffer, today: date, venue: Venue) -> DepositDelta:
    """The deposit the amended total asks against what was paid: the difference is due now (by the deposit's due
    rule: 10 days before the event, or tomorrow if later) or was paid in excess."""
    policies = venue.policies
    paid = (state.deposit.amount or ZERO) if state.deposit.paid_at is not None else ZERO
    asked = deposit_amount(priced.total, policies) if deposit_required(priced.total, policies) else ZERO
    difference = (asked - paid).quantize(CENT)
    due_now = max(difference, ZERO)
    due = deposit_due_date(priced.day, today, policies) if due_now > 0 else None
    return DepositDelta(paid=paid.quantize(CENT), asked=asked.quantize(CENT), due_now=due_now, due=due,
                        excess=max(-difference, ZERO))


def _day(asked: date | None, booked: date, today: date, venue: Venue) -> date:
    if asked is None or asked == booked:
        return booked
    problem = calendar.date_problem(asked, today, venue.policies)
    if problem is not None:
        raise AmendmentRefused("date_not_bookable", f"date: {asked.isoformat()} cannot be booked ({problem.code}); "
                               f"bookable from {problem.first_bookable.isoformat()} to "
                               f"{problem.last_bookable.isoformat()} on open days", "date")
    return asked


def _window(request: AmendmentRequest, state: EventState, offer: Offer, venue: Venue) -> tuple[time, time]:
    start_text = request.start_time or state.requirements.start_time or offer.start_time
    end_text = request.end_time or state.requirements.end_time or offer.end_time
    try:
        start = windows.parse_hhmm(start_text)
    except ValueError as exc:
        raise AmendmentRefused("bad_window", f"start_time: {start_text!r} is not a time HH:MM", "start_time") from exc
    try:
        end = windows.parse_end(end_text)
    except ValueError as exc:
        raise AmendmentRefused("bad_window", f"end_time: {end_text!r} is not a time HH:MM", "end_time") from exc
    problem = windows.window_problem(start, end, venue.policies)
    if problem is not None:
        field = "start_time" if problem.code == "starts_before_opening" else "end_time"
        raise AmendmentRefused("bad_window", f"{field}: the window {problem.start}–{problem.end} cannot be booked "
                               f"({problem.code}); the venue is open {problem.earliest_start}–{problem.latest_end}",
                               field)
    return start, end


def _check_fit(venue: Venue, room_id: str, participants: int, layout: str | None) -> None:
    room = venue.room(room_id)
    if participants < 1:
        raise AmendmentRefused("bad_participants", "participants: the head count must be at least 1", "participants")
    fit = room_fits(room, participants, layout)
    if fit.reason == "layout_not_offered":
        raise AmendmentRefused("layout_not_offered", f"room_id: {room_id} is not offered in the layout {layout!r}",
                               "room_id")
    if fit.reason == "too_small":
        raise AmendmentRefused("over_capacity", f"participants: {participants} guests exceed the capacity of "
                               f"{room_id} in the {fit.layout} layout ({fit.capacity})", "participants")
    if fit.reason == "below_min_guests":
        raise AmendmentRefused("below_min_guests", f"participants: {room_id} is booked for at least "
                               f"{fit.min_guests} guests; {participants} is fewer", "participants")


def _products(state: EventState, asked: tuple[ProductChange, ...], venue: Venue, room_id: str,
              day: date) -> list[tuple[str, int]]:
    """The product list after the changes, in the booked order (new lines last); every line is checked against the
    catalogue, the room and the season of the (new) date."""
    current = {line.product_id: line.quantity for line in state.products}
    for index, change in enumerate(asked):
        field = f"products[{index}]"
        if not venue.has_product(change.product_id):
            raise AmendmentRefused("unknown_product", f"{field}.product_id: there is no product "
                                   f"{change.product_id!r} in the catalogue", f"{field}.product_id")
        if change.quantity < 0:
            raise AmendmentRefused("bad_quantity", f"{field}.quantity: must be 0 (remove) or more", f"{field}.quantity")
        if change.quantity == 0:
            current.pop(change.product_id, None)
        else:
            current[change.product_id] = change.quantity
    for product_id in current:
        product = venue.product(product_id) if venue.has_product(product_id) else None
        if product is None:
            continue  # a product the catalogue dropped since: pricing names it
        if not product.served_in(room_id):
            raise AmendmentRefused("product_not_served", f"products: {product_id} is not served in {room_id}",
                                   "products")
        if not product.in_season(day.month):
            raise AmendmentRefused("out_of_season", f"products: {product_id} is not served in month {day.month}",
                                   "products")
    return list(current.items())


def _price(venue: Venue, room_id: str, day: date, start: time, end: time, participants: int,
           products: list[tuple[str, int]], offer: Offer, today: date, language: str) -> PricedOffer:
    """The pricing domain's offer; a discount on the booked offer is kept as the same amount."""
    try:
        priced = price_offer(venue, venue.room(room_id), day, start, end, participants,
                             [(pid, qty) for pid, qty in products], today, language)
    except PricingError as exc:
        raise AmendmentRefused(exc.code, f"products: {exc}", "products") from exc
    discount = -sum((line.total for line in offer.lines if line.kind == "discount"), ZERO)
    if discount <= 0:
        return priced
    try:
        return apply_discount(priced, Discount(amount=discount), today, venue.policies, language)
    except DiscountError as exc:
        raise AmendmentRefused("discount_exceeds_total", f"the discount granted (CHF {discount}) is not below the "
                               f"amended total CHF {priced.total}: {exc}") from exc


def _notes(asked: str | None, booked: str | None) -> str | None:
    if asked is None:
        return booked
    text = asked.strip()
    if len(text) > MAX_NOTES_CHARS:
        raise AmendmentRefused("notes_too_long", f"notes: at most {MAX_NOTES_CHARS} characters", "notes")
    return text or None


def _changes(before: EventState, after: EventState, offer: Offer, priced: PricedOffer) -> tuple[Change, ...]:
    """What differs, in a fixed order: date, room, window, head count, product lines, notes."""
    old_req, new_req = before.requirements, after.requirements
    found: list[Change] = []
    if before.chosen_date != after.chosen_date:
        found.append(Change("date", str(before.chosen_date), str(after.chosen_date)))
    if before.locked_room_id != after.locked_room_id:
        found.append(Change("room", before.locked_room_id or "", after.locked_room_id or ""))
    old_window, new_window = f"{old_req.start_time}–{old_req.end_time}", f"{new_req.start_time}–{new_req.end_time}"
    if old_window != new_window:
        found.append(Change("window", old_window, new_window))
    if old_req.participants != new_req.participants:
        found.append(Change("participants", str(old_req.participants or ""), str(new_req.participants)))
    old_lines = {line.ref: line.quantity for line in offer.lines if line.kind == "product"}
    new_lines = {line.ref: line.quantity for line in priced.lines if line.kind == "product"}
    for ref, quantity in new_lines.items():
        if old_lines.get(ref) != quantity:
            found.append(Change("product", str(old_lines.get(ref, "")), str(quantity), ref))
    found.extend(Change("product", str(quantity), "", ref) for ref, quantity in old_lines.items()
                 if ref not in new_lines)
    if (before.staff_notes or None) != (after.staff_notes or None):
        found.append(Change("notes", before.staff_notes or "", after.staff_notes or ""))
    return tuple(found)
