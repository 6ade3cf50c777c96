"""The invariants the property tests check after every step, each a plain function that raises `InvariantBroken`
when its input breaks it, so the unit tests can feed them broken states (tests/properties/test_invariants_fail.py).

The money rules are recomputed here with `fractions.Fraction` from the figures of docs/venue.md "Pricing" (VAT 8.1 %
included, VAT share and 30 % deposit rounded to CHF 0.05 half up, deposit from CHF 1,000), not with the desk's own
`Decimal` code, so a rounding slip in the desk cannot hide behind the same slip in the check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from venuedesk.domain.event import STEP_LABELS, EventState, Offer
from venuedesk.render import render_reply
from venuedesk.workflow.reply import Reply

VAT_PERCENT = Fraction(81, 10)
DEPOSIT_PERCENT = Fraction(30)
DEPOSIT_THRESHOLD = Fraction(1000)
FIVE_RAPPEN = Fraction(1, 20)
DAY_MINUTES = 24 * 60
FOOTER_LINE = re.compile(r"Step: [1-7] [A-Z][A-Za-z &]* · Next: .* · State: ")


class InvariantBroken(AssertionError):
    """A property the desk must keep at every moment does not hold."""


@dataclass(frozen=True)
class Hold:
    """One row of the room bookings: its window in minutes since midnight with the room's buffers."""

    event_id: str
    room_id: str
    day: date
    start_min: int
    end_min: int
    status: str
    expires_at: datetime | None

    def live(self, now: datetime) -> bool:
        """Confirmed, or an option that has not lapsed (a lapsed option blocks nothing until it is swept)."""
        return self.status == "Confirmed" or self.expires_at is None or self.expires_at > now

    def absolute(self) -> tuple[int, int]:
        """The window in minutes from the epoch of `date.min`, so windows past midnight compare across days."""
        base = self.day.toordinal() * DAY_MINUTES
        return base + self.start_min, base + self.end_min


def check_holds_do_not_overlap(holds: Iterable[Hold], now: datetime) -> None:
    """No two live holds (Option or Confirmed) of different events share a room at any minute, buffers included;
    windows past midnight are compared across days."""
    live = sorted((hold for hold in holds if hold.live(now)), key=lambda hold: (hold.room_id, hold.absolute()))
    for index, first in enumerate(live):
        start, end = first.absolute()
        for second in live[index + 1:]:
            other_start, _ = second.absolute()
            if second.room_id != first.room_id or other_start >= end:
                break
            if second.event_id != first.event_id:
                raise InvariantBroken(f"overlapping holds on {first.room_id}: {first} and {second}")


def check_confirmed_has_room(events: Iterable[EventState], holds: Iterable[Hold]) -> None:
    """A Confirmed event has its locked room and a Confirmed booking of that room on its chosen date."""
    confirmed = {(hold.event_id, hold.room_id, hold.day) for hold in holds if hold.status == "Confirmed"}
    for event in events:
        if event.status != "Confirmed":
            continue
        if event.locked_room_id is None or event.chosen_date is None:
            raise InvariantBroken(f"event {event.event_id} is Confirmed without a room or a date")
        if (event.event_id, event.locked_room_id, event.chosen_date) not in confirmed:
            raise InvariantBroken(f"event {event.event_id} is Confirmed but {event.locked_room_id} on "
                                  f"{event.chosen_date} is not booked Confirmed for it")


def check_one_footer(reply: Reply) -> None:
    """The reply carries exactly one footer: its text is the structured footer's, and nothing else in the reply
    (body, tables, buttons) contains a footer line, so a rendered reply shows it once."""
    footer = reply.footer
    if STEP_LABELS.get(footer.step) != footer.step_label:
        raise InvariantBroken(f"footer step {footer.step} is labelled {footer.step_label!r}")
    expected = f"Step: {footer.step} {footer.step_label} · Next: {footer.next} · State: {footer.state}"
    if reply.footer_text != expected:
        raise InvariantBroken(f"footer text {reply.footer_text!r} is not the footer {expected!r}")
    if FOOTER_LINE.search(reply.client_text()):
        raise InvariantBroken(f"the reply's own text carries a footer: {reply.client_text()!r}")
    if render_reply(reply).count(reply.footer_text) != 1:
        raise InvariantBroken(f"the rendered reply shows its footer more than once: {render_reply(reply)!r}")


def fraction(amount: Decimal) -> Fraction:
    """A money amount as an exact fraction."""
    return Fraction(amount)


def round_5_rappen(amount: Fraction) -> Fraction:
    """Round to CHF 0.05, half up (docs/venue.md): 156.6050 → 156.60, 0.025 → 0.05."""
    twentieths = amount / FIVE_RAPPEN
    whole = (twentieths.numerator * 2 + twentieths.denominator) // (2 * twentieths.denominator)
    return whole * FIVE_RAPPEN


def check_offer_money(offer: Offer) -> None:
    """Lines are unit price × quantity, the total their sum, the VAT share and deposit rounded as VENUE.md says."""
    if not offer.lines or offer.lines[0].kind != "room":
        raise InvariantBroken(f"offer {offer.offer_id} v{offer.version} does not start with its room line")
    for line in offer.lines:
        if fraction(line.unit_price) * line.quantity != fraction(line.total):
            raise InvariantBroken(f"offer {offer.offer_id} line {line.ref}: {line.quantity} × {line.unit_price} "
                                  f"is not {line.total}")
    total = fraction(offer.total)
    lines = sum((fraction(line.total) for line in offer.lines), Fraction(0))
    if total != lines:
        raise InvariantBroken(f"offer {offer.offer_id} v{offer.version}: total {offer.total} is not the lines' {lines}")
    vat = round_5_rappen(total * VAT_PERCENT / (100 + VAT_PERCENT))
    if fraction(offer.vat) != vat:
        raise InvariantBroken(f"offer {offer.offer_id}: VAT share {offer.vat} of {offer.total}, expected {float(vat)}")
    deposit = round_5_rappen(total * DEPOSIT_PERCENT / 100) if total >= DEPOSIT_THRESHOLD else Fraction(0)
    if fraction(offer.deposit.amount) != deposit:
        raise InvariantBroken(f"offer {offer.offer_id}: deposit {offer.deposit.amount} of {offer.total}, "
                              f"expected {float(deposit)}")


def check_event_money(event: EventState) -> None:
    """Every offer version is consistent, and a deposit asked for is the rounded 30 % of one of its offers."""
    for offer in event.offers:
        check_offer_money(offer)
    amount = event.deposit.amount
    if event.deposit.required and amount is None:
        raise InvariantBroken(f"event {event.event_id} requires a deposit without an amount")
    if amount is not None and event.deposit.required:
        asked = {round_5_rappen(fraction(offer.total) * DEPOSIT_PERCENT / 100) for offer in event.offers}
        if fraction(amount) not in asked:
            raise InvariantBroken(f"event {event.event_id}: deposit {amount} is 30 % of none of its offers")
