"""Each invariant the property machines check rejects a state or reply that breaks it, so none of the checks is
vacuous; and each accepts the matching healthy case."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from desk_invariants import (
    Hold,
    InvariantBroken,
    check_confirmed_has_room,
    check_event_money,
    check_holds_do_not_overlap,
    check_offer_money,
    check_one_footer,
    round_5_rappen,
)

from venuedesk.clock import VENUE_TZ
from venuedesk.domain.event import DepositTerms, EventState, Offer, OfferLine
from venuedesk.workflow.reply import Reply, make_footer

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VENUE_TZ)
DAY = date(2026, 4, 14)


def hold(event_id: str, start_min: int, end_min: int, *, room_id: str = "room-b", day: date = DAY,
         status: str = "Option", expires_at: datetime | None = NOW + timedelta(days=7)) -> Hold:
    return Hold(event_id, room_id, day, start_min, end_min, status, expires_at)


def reply(body: str = "Here is your offer.") -> Reply:
    footer, text = make_footer(5, "accept, decline or ask for changes", "Awaiting Client")
    return Reply(thread_id="thr-1", turn_id="turn-1", agent="offer_agent", body_markdown=body, footer=footer,
                 footer_text=text)


def offer(total: str = "2090.00", vat: str = "156.60", deposit: str = "627.00", *, last_line: str = "50.00") -> Offer:
    """The worked example of docs/venue.md: Room B, coffee & snacks and lunch for 30, two wireless microphones."""
    lines = [OfferLine(kind="room", ref="room-b", label="Room B", quantity=1, unit_price=Decimal("750.00"),
                       total=Decimal("750.00")),
             OfferLine(kind="product", ref="coffee-snacks", label="Coffee & snacks", quantity=30,
                       unit_price=Decimal("15.00"), total=Decimal("450.00")),
             OfferLine(kind="product", ref="lunch", label="Lunch", quantity=30, unit_price=Decimal("28.00"),
                       total=Decimal("840.00")),
             OfferLine(kind="product", ref="wireless-mic", label="Wireless microphone", quantity=2,
                       unit_price=Decimal(last_line) / 2, total=Decimal(last_line))]
    return Offer(offer_id="evt-1-v1", version=1, status="Sent", lines=lines, total=Decimal(total), vat=Decimal(vat),
                 deposit=DepositTerms(amount=Decimal(deposit)), chosen_date=DAY, start_time="09:00",
                 end_time="17:00", room_id="room-b")


def confirmed_event(room_id: str | None = "room-b") -> EventState:
    return EventState(event_id="evt-1", thread_id="thr-1", status="Confirmed", chosen_date=DAY,
                      locked_room_id=room_id)


def test_holds_of_two_events_overlapping_in_one_room_break_the_invariant() -> None:
    with pytest.raises(InvariantBroken, match="overlapping holds on room-b"):
        check_holds_do_not_overlap([hold("evt-1", 510, 1050), hold("evt-2", 1020, 1410)], NOW)


def test_holds_overlapping_only_by_their_buffers_break_the_invariant() -> None:
    # 08:00-12:00 and 12:00-16:00 in Room B, each with its 30-minute buffers: 07:30-12:30 and 11:30-16:30.
    with pytest.raises(InvariantBroken):
        check_holds_do_not_overlap([hold("evt-1", 450, 750), hold("evt-2", 690, 990)], NOW)


def test_a_hold_past_midnight_overlapping_the_next_mornings_breaks_the_invariant() -> None:
    with pytest.raises(InvariantBroken):
        check_holds_do_not_overlap([hold("evt-1", 1050, 1470), hold("evt-2", 0, 60, day=DAY + timedelta(days=1))],
                                   NOW)


def test_a_long_hold_overlapping_a_later_one_past_a_short_one_breaks_the_invariant() -> None:
    holds = [hold("evt-1", 480, 1400), hold("evt-2", 500, 520), hold("evt-3", 900, 960)]
    with pytest.raises(InvariantBroken):
        check_holds_do_not_overlap(holds, NOW)


def test_holds_that_touch_are_in_other_rooms_or_lapsed_keep_the_invariant() -> None:
    lapsed = hold("evt-3", 510, 1050, expires_at=NOW - timedelta(minutes=1))
    check_holds_do_not_overlap([hold("evt-1", 450, 750), hold("evt-2", 750, 990), lapsed,
                                hold("evt-4", 510, 1050, room_id="room-a")], NOW)


def test_a_confirmed_event_without_its_confirmed_booking_breaks_the_invariant() -> None:
    with pytest.raises(InvariantBroken, match="is not booked Confirmed"):
        check_confirmed_has_room([confirmed_event()], [hold("evt-1", 510, 1050, status="Option")])


def test_a_confirmed_event_without_a_room_breaks_the_invariant() -> None:
    with pytest.raises(InvariantBroken, match="without a room"):
        check_confirmed_has_room([confirmed_event(room_id=None)], [])


def test_a_confirmed_event_with_its_confirmed_booking_keeps_the_invariant() -> None:
    check_confirmed_has_room([confirmed_event()], [hold("evt-1", 510, 1050, status="Confirmed", expires_at=None)])


def test_a_body_carrying_a_second_footer_breaks_the_invariant() -> None:
    doubled = reply("Here is your offer.\n\nStep: 4 Offer · Next: the venue reviews your offer · State: Waiting on HIL")
    with pytest.raises(InvariantBroken, match="carries a footer"):
        check_one_footer(doubled)


def test_a_footer_text_other_than_the_footer_breaks_the_invariant() -> None:
    with pytest.raises(InvariantBroken, match="is not the footer"):
        check_one_footer(reply().model_copy(update={"footer_text": "Step: 4 Offer · Next: pay · State: Closed"}))


def test_a_footer_with_the_wrong_step_label_breaks_the_invariant() -> None:
    healthy = reply()
    mislabelled = healthy.footer.model_copy(update={"step_label": "Offer"})
    with pytest.raises(InvariantBroken, match="labelled"):
        check_one_footer(healthy.model_copy(update={"footer": mislabelled}))


def test_a_reply_with_one_footer_keeps_the_invariant() -> None:
    check_one_footer(reply())


def test_the_worked_example_of_the_venue_keeps_the_money_invariant() -> None:
    check_offer_money(offer())


def test_a_total_other_than_the_sum_of_the_lines_breaks_the_invariant() -> None:
    with pytest.raises(InvariantBroken, match="is not the lines'"):
        check_offer_money(offer(total="2090.05"))


def test_a_line_other_than_unit_price_times_quantity_breaks_the_invariant() -> None:
    broken = offer()
    broken.lines[1] = broken.lines[1].model_copy(update={"total": Decimal("451.00")})
    with pytest.raises(InvariantBroken, match="is not 451.00"):
        check_offer_money(broken)


def test_a_vat_share_rounded_to_the_cent_instead_of_5_rappen_breaks_the_invariant() -> None:
    with pytest.raises(InvariantBroken, match="VAT share 156.61"):
        check_offer_money(offer(vat="156.61"))


def test_a_deposit_not_rounded_to_5_rappen_breaks_the_invariant() -> None:
    # 1590.10 × 30 % = 477.03 → 477.05
    with pytest.raises(InvariantBroken, match="deposit 477.03"):
        check_offer_money(offer(total="1590.10", vat="119.15", deposit="477.03", last_line="-449.90"))


def test_a_deposit_below_the_threshold_breaks_the_invariant() -> None:
    # 999.90 is under CHF 1,000: no deposit
    with pytest.raises(InvariantBroken, match="expected 0"):
        check_offer_money(offer(total="999.90", vat="74.90", deposit="300.00", last_line="-1040.10"))


def test_an_asked_deposit_that_is_no_offers_30_percent_breaks_the_invariant() -> None:
    event = EventState(event_id="evt-1", thread_id="thr-1", offers=[offer()])
    event.deposit.required, event.deposit.amount = True, Decimal("600.00")
    with pytest.raises(InvariantBroken, match="is 30 % of none of its offers"):
        check_event_money(event)


def test_5_rappen_rounding_is_half_up() -> None:
    assert [round_5_rappen(Fraction(value)) for value in ("156.605", "156.625", "0.025", "0.0249")] == [
        Fraction("156.60"), Fraction("156.65"), Fraction("0.05"), Fraction(0)]
