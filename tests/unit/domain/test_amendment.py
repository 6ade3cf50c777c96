"""The rules of a manager's amendment of a Confirmed booking (docs/amendments.md), on the demo venue's figures
(docs/venue.md "Pricing")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from venuedesk.clock import VENUE_TZ
from venuedesk.domain.amendment import (
    AmendmentRefused,
    AmendmentRequest,
    ProductChange,
    amend_booking,
)
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import Deposit, DepositTerms, EventState, Offer, OfferLine, ProductLine
from venuedesk.domain.requirements import Requirements

TODAY = date(2026, 2, 2)
PAID = Deposit(required=True, amount=Decimal("477.00"), due=date(2026, 2, 28),
               paid_at=datetime(2026, 2, 3, 10, tzinfo=VENUE_TZ))


def confirmed(*, deposit: Deposit = PAID, lines: list[OfferLine] | None = None) -> EventState:
    """Room B, 30 guests, workshop, 09:00–17:00 on 10 March 2026 with lunch for all: CHF 1,590, deposit 477 paid."""
    offer = Offer(offer_id="evt_1-v1", version=1, status="Accepted", chosen_date=date(2026, 3, 10),
                  start_time="09:00", end_time="17:00", room_id="room-b", total=Decimal("1590.00"),
                  vat=Decimal("119.10"), deposit=DepositTerms(amount=Decimal("477.00"), due=date(2026, 2, 28)),
                  lines=lines or [
                      OfferLine(kind="room", ref="room-b", label="Room B", quantity=1, unit_price=Decimal("750"),
                                total=Decimal("750")),
                      OfferLine(kind="product", ref="lunch", label="Lunch package", quantity=30,
                                unit_price=Decimal("28"), total=Decimal("840"))])
    return EventState(event_id="evt_1", thread_id="thr_1", status="Confirmed", current_step=7,
                      chosen_date=date(2026, 3, 10), locked_room_id="room-b",
                      requirements=Requirements(participants=30, layout="workshop", start_time="09:00",
                                                end_time="17:00"),
                      products=[ProductLine(product_id="lunch", quantity=1)], offers=[offer], deposit=deposit)


def refusal(venue: Venue, request: AmendmentRequest, state: EventState | None = None) -> AmendmentRefused:
    with pytest.raises(AmendmentRefused) as caught:
        amend_booking(state or confirmed(), request, venue, TODAY)
    return caught.value


def test_added_lines_are_priced_as_the_venue_md_worked_example(venue: Venue) -> None:
    amended = amend_booking(confirmed(), AmendmentRequest(products=(
        ProductChange("coffee-snacks", 1), ProductChange("wireless-mic", 2))), venue, TODAY)
    assert (amended.previous_total, amended.priced.total, amended.priced.vat) == (
        Decimal("1590.00"), Decimal("2090.00"), Decimal("156.60"))
    assert [(line.ref, line.quantity, line.total) for line in amended.priced.lines] == [
        ("room-b", 1, Decimal("750.00")), ("lunch", 30, Decimal("840.00")),
        ("coffee-snacks", 30, Decimal("450.00")), ("wireless-mic", 2, Decimal("50.00"))]


def test_a_higher_total_leaves_the_rest_of_the_deposit_due_now(venue: Venue) -> None:
    amended = amend_booking(confirmed(), AmendmentRequest(products=(
        ProductChange("coffee-snacks", 1), ProductChange("wireless-mic", 2))), venue, TODAY)
    deposit = amended.deposit
    assert (deposit.paid, deposit.asked, deposit.due_now, deposit.excess) == (
        Decimal("477.00"), Decimal("627.00"), Decimal("150.00"), Decimal("0.00"))
    assert deposit.due == date(2026, 2, 28)  # 10 days before the event


def test_a_lower_total_asks_nothing_and_notes_what_was_paid_in_excess(venue: Venue) -> None:
    amended = amend_booking(confirmed(), AmendmentRequest(participants=25), venue, TODAY)
    assert amended.priced.total == Decimal("1450.00")  # 750 + 25 × 28
    assert (amended.deposit.due_now, amended.deposit.excess) == (Decimal("0.00"), Decimal("42.00"))  # 477 − 435


def test_a_total_reaching_the_threshold_asks_a_deposit_when_none_was_required(venue: Venue) -> None:
    state = confirmed(deposit=Deposit())
    amended = amend_booking(state, AmendmentRequest(products=(ProductChange("dj", 1),)), venue, TODAY)
    assert (amended.deposit.paid, amended.deposit.due_now) == (Decimal("0.00"), Decimal("672.00"))  # 30 % of 2240


def test_the_head_count_reprices_per_person_lines(venue: Venue) -> None:
    amended = amend_booking(confirmed(), AmendmentRequest(participants=32), venue, TODAY)
    assert amended.priced.total == Decimal("1646.00")  # 750 + 32 × 28
    assert [(c.field, c.old, c.new) for c in amended.changes] == [("participants", "30", "32"), ("product", "30", "32")]


def test_a_longer_window_is_charged_by_the_room_rate(venue: Venue) -> None:
    amended = amend_booking(confirmed(), AmendmentRequest(start_time="08:00", end_time="20:00"), venue, TODAY)
    assert amended.priced.lines[0].total == Decimal("990.00")  # 12 h: full day 750 + 2 × 120
    assert amended.moves_booking and amended.state.requirements.start_time == "08:00"


def test_a_head_count_above_the_rooms_capacity_is_refused_naming_the_field(venue: Venue) -> None:
    refused = refusal(venue, AmendmentRequest(participants=33))
    assert (refused.code, refused.field, refused.status) == ("over_capacity", "participants", 422)
    assert "32" in str(refused) and "workshop" in str(refused)


def test_a_product_not_in_the_catalogue_is_refused_naming_the_line(venue: Venue) -> None:
    refused = refusal(venue, AmendmentRequest(products=(ProductChange("projector", 1), ProductChange("caviar", 2))))
    assert (refused.code, refused.field) == ("unknown_product", "products[1].product_id")


def test_an_amendment_that_changes_nothing_is_refused(venue: Venue) -> None:
    refused = refusal(venue, AmendmentRequest(participants=30, start_time="09:00",
                                              products=(ProductChange("lunch", 1),)))
    assert refused.code == "nothing_changed"


def test_a_booking_not_confirmed_is_not_amended(venue: Venue) -> None:
    refused = refusal(venue, AmendmentRequest(participants=25), confirmed().model_copy(update={"status": "Option"}))
    assert (refused.code, refused.status) == ("not_confirmed", 409)


def test_a_removed_line_is_gone_from_the_price(venue: Venue) -> None:
    amended = amend_booking(confirmed(), AmendmentRequest(products=(ProductChange("lunch", 0),)), venue, TODAY)
    assert amended.priced.total == Decimal("750.00") and amended.state.products == []
    assert [(c.ref, c.old, c.new) for c in amended.changes] == [("lunch", "30", "")]


def test_a_product_the_room_does_not_serve_is_refused(venue: Venue) -> None:
    refused = refusal(venue, AmendmentRequest(products=(ProductChange("flipchart", 1),), room_id="room-c"))
    assert (refused.code, refused.field) == ("product_not_served", "products")


def test_a_room_that_does_not_offer_the_layout_is_refused(venue: Venue) -> None:
    refused = refusal(venue, AmendmentRequest(room_id="room-e"))
    assert (refused.code, refused.field) == ("layout_not_offered", "room_id")


def test_notes_alone_change_the_sheet_but_not_the_terms(venue: Venue) -> None:
    amended = amend_booking(confirmed(), AmendmentRequest(notes="  Four vegan lunches  "), venue, TODAY)
    assert amended.state.staff_notes == "Four vegan lunches"
    assert not amended.terms_changed and not amended.moves_booking
    assert amended.priced.total == Decimal("1590.00")


def test_a_discount_granted_stays_as_the_same_amount(venue: Venue) -> None:
    lines = [OfferLine(kind="room", ref="room-b", label="Room B", quantity=1, unit_price=Decimal("750"),
                       total=Decimal("750")),
             OfferLine(kind="product", ref="lunch", label="Lunch", quantity=30, unit_price=Decimal("28"),
                       total=Decimal("840")),
             OfferLine(kind="discount", ref="discount", label="Discount", quantity=1, unit_price=Decimal("-100"),
                       total=Decimal("-100"))]
    amended = amend_booking(confirmed(lines=lines), AmendmentRequest(participants=31), venue, TODAY)
    assert amended.priced.total == Decimal("1518.00")  # 750 + 31 × 28 − 100
    assert amended.priced.lines[-1].total == Decimal("-100.00")


def test_a_new_date_must_be_bookable(venue: Venue) -> None:
    refused = refusal(venue, AmendmentRequest(day=date(2026, 1, 20)))
    assert (refused.code, refused.field) == ("date_not_bookable", "date")
