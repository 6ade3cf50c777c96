"""Pricing per docs/venue.md: room charge bands, product quantities, VAT share, deposit, 5-rappen rounding."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from venuedesk.domain.pricing import (
    PricingError,
    deposit_terms,
    event_deposit,
    offer_lines,
    price_offer,
    product_problem,
    product_quantity,
    room_charge,
    round_5_rappen,
    to_offer,
)

TODAY = date(2026, 2, 2)
EVENT_DAY = date(2026, 3, 10)


@pytest.fixture
def worked_example(venue):
    return price_offer(
        venue,
        venue.room("room-b"),
        EVENT_DAY,
        time(9),
        time(17),
        30,
        [("coffee-snacks", None), ("lunch", None), ("wireless-mic", 2)],
        TODAY,
        "en",
    )


def test_worked_example_total_vat_and_deposit(worked_example):
    assert worked_example.total == Decimal("2090.00")
    assert worked_example.vat == Decimal("156.60")
    assert worked_example.deposit_required is True
    assert worked_example.deposit_amount == Decimal("627.00")
    assert worked_example.deposit_due == date(2026, 2, 28)  # 10 days before 10.03.


def test_worked_example_lines_room_first_then_products_in_order(worked_example):
    assert [
        (line.kind, line.ref, line.quantity, line.unit_price, line.total) for line in worked_example.lines
    ] == [
        ("room", "room-b", 1, Decimal("750.00"), Decimal("750.00")),
        ("product", "coffee-snacks", 30, Decimal("15.00"), Decimal("450.00")),
        ("product", "lunch", 30, Decimal("28.00"), Decimal("840.00")),
        ("product", "wireless-mic", 2, Decimal("25.00"), Decimal("50.00")),
    ]


def test_line_labels_follow_the_language(venue):
    priced = price_offer(
        venue, venue.room("room-b"), EVENT_DAY, time(9), time(17), 30, [("lunch", None)], TODAY, "de"
    )
    assert [line.label for line in priced.lines] == ["Raum B", "Mittagessen"]


def test_priced_offer_converts_to_event_models(worked_example):
    lines = offer_lines(worked_example)
    assert lines[0].model_dump(mode="json") == {
        "kind": "room",
        "ref": "room-b",
        "label": "Room B",
        "quantity": 1,
        "unit_price": 750.0,
        "total": 750.0,
    }
    assert deposit_terms(worked_example).model_dump(mode="json") == {"amount": 627.0, "due": "2026-02-28"}
    assert event_deposit(worked_example).required is True
    offer = to_offer(worked_example, offer_id="off-1", version=1)
    assert offer.model_dump(mode="json")["total"] == 2090.0
    assert (offer.start_time, offer.end_time, offer.room_id) == ("09:00", "17:00", "room-b")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (time(9), time(12), "450.00"),  # 3 h → half day
        (time(9), time(13), "450.00"),  # exactly 4 h → still half day
        (time(9), time(13, 1), "750.00"),  # just over 4 h → full day
        (time(9), time(17), "750.00"),  # 8 h
        (time(8), time(18), "750.00"),  # exactly 10 h → full day
        (time(8), time(19), "870.00"),  # 11 h → full + 1 × 120
        (time(8), time(19, 30), "990.00"),  # 11.5 h → full + ceil(1.5) = 2 × 120
        (time(8), time(18, 1), "870.00"),  # 10 h 1 min → one extra hour
        (time(20), time(0), "450.00"),  # 20:00-24:00: 4 h → half day
        (time(18), time(0), "750.00"),  # 18:00-24:00: 6 h → full day
        (time(22), time(2), "450.00"),  # 22:00-02:00 the next day: 4 h → half day
        (time(14), time(1), "870.00"),  # 14:00-01:00 the next day: 11 h → full + 1 × 120
    ],
)
def test_room_charge_bands(venue, start, end, expected):
    assert room_charge(venue.room("room-b"), start, end, venue.policies) == Decimal(expected)


def test_room_charge_rejects_an_empty_window(venue):
    with pytest.raises(PricingError):
        room_charge(venue.room("room-b"), time(12), time(12), venue.policies)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("156.6050", "156.60"),
        ("156.625", "156.65"),  # exactly halfway between .60 and .65 → up
        ("156.6249", "156.60"),
        ("0.025", "0.05"),
        ("0.024", "0.00"),
        ("627", "627.00"),
        ("10.074", "10.05"),
        ("10.075", "10.10"),
    ],
)
def test_round_5_rappen_half_up(amount, expected):
    assert round_5_rappen(Decimal(amount)) == Decimal(expected)


@pytest.mark.parametrize(
    ("product_id", "participants", "hours", "requested", "expected"),
    [
        ("lunch", 30, Decimal(8), None, 30),  # per_person → participants
        ("lunch", 30, Decimal(8), 5, 30),  # per_person ignores a quantity
        ("projector", 30, Decimal(8), None, 1),  # per_event → 1
        ("wireless-mic", 30, Decimal(8), 2, 2),  # per_unit → quantity asked
        ("wireless-mic", 30, Decimal(8), None, 1),  # per_unit default 1
        ("prosecco", 30, Decimal(8), None, 1),  # per_bottle default 1
        ("prosecco", 30, Decimal(8), 6, 6),
        ("photographer", 30, Decimal("2.5"), None, 3),  # per_hour → hours rounded up
        ("photographer", 30, Decimal(3), None, 3),
    ],
)
def test_product_quantity_by_unit(venue, product_id, participants, hours, requested, expected):
    assert product_quantity(venue.product(product_id), participants, hours, requested) == expected


def test_deposit_not_required_below_threshold(venue):
    priced = price_offer(venue, venue.room("room-b"), EVENT_DAY, time(9), time(17), 30, [], TODAY)
    assert priced.total == Decimal("750.00")
    assert (priced.deposit_required, priced.deposit_amount, priced.deposit_due) == (False, None, None)
    assert deposit_terms(priced).model_dump(mode="json") == {"amount": 0.0, "due": None}


def test_deposit_required_at_exactly_the_threshold(venue):
    # Room C full day 1100 → above; Room D full day 350 + 650 DJ = 1000 → exactly the threshold.
    priced = price_offer(venue, venue.room("room-d"), EVENT_DAY, time(9), time(17), 10, [("dj", None)], TODAY)
    assert priced.total == Decimal("1000.00")
    assert priced.deposit_required
    assert priced.deposit_amount == Decimal("300.00")


def test_deposit_due_is_clamped_to_tomorrow(venue):
    event_day = date(2026, 2, 5)  # 3 days ahead: 10 days before is in the past
    priced = price_offer(venue, venue.room("room-e"), event_day, time(9), time(17), 50, [], TODAY)
    assert priced.deposit_due == date(2026, 2, 3)


def test_vat_share_is_rounded_to_5_rappen(venue):
    priced = price_offer(venue, venue.room("room-a"), EVENT_DAY, time(9), time(12), 20, [], TODAY)
    # 300 × 8.1 / 108.1 = 22.479… → 22.50
    assert priced.vat == Decimal("22.50")


@pytest.mark.parametrize(
    ("product_id", "room_id", "day", "code"),
    [
        ("prosecco", "room-a", EVENT_DAY, "not_served_in_room"),
        ("flipchart", "room-c", EVENT_DAY, "not_served_in_room"),
        ("menu-garden-trio", "room-b", date(2026, 6, 10), "out_of_season"),
    ],
)
def test_products_that_cannot_be_offered(venue, product_id, room_id, day, code):
    assert product_problem(venue.product(product_id), room_id, day).code == code
    with pytest.raises(PricingError) as caught:
        price_offer(venue, venue.room(room_id), day, time(9), time(17), 30, [(product_id, None)], TODAY)
    assert caught.value.code == code


def test_products_in_room_and_season_are_fine(venue):
    assert product_problem(venue.product("menu-garden-trio"), "room-b", date(2026, 3, 10)) is None
    assert product_problem(venue.product("flipchart"), "room-b", date(2026, 3, 10)) is None


def test_unknown_product_is_refused(venue):
    with pytest.raises(PricingError, match="no product"):
        price_offer(venue, venue.room("room-b"), EVENT_DAY, time(9), time(17), 30, [("caviar", None)], TODAY)


def test_an_hourly_product_counts_the_hours_past_midnight(venue):
    priced = price_offer(
        venue, venue.room("room-b"), EVENT_DAY, time(20), time(2), 30, [("photographer", None)], TODAY
    )
    room, photographer = priced.lines
    assert room.total == Decimal("750.00")  # 6 h → full day
    assert (photographer.quantity, photographer.total) == (6, Decimal("1080.00"))


def test_an_hourly_product_until_midnight_counts_until_24_00(venue):
    priced = price_offer(
        venue, venue.room("room-b"), EVENT_DAY, time(21), time(0), 30, [("photographer", None)], TODAY
    )
    assert priced.lines[1].quantity == 3
