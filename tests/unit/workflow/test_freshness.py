"""Which buttons still apply: refs retire as the event settles; offer buttons name their version."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from venuedesk.domain.event import DepositTerms, EventState, Offer
from venuedesk.workflow.freshness import expire, expire_for_offer, staleness


def _state(**values: object) -> EventState:
    return EventState(event_id="evt_1", thread_id="thr_1", **values)  # type: ignore[arg-type]


def _offer(version: int, status: str) -> Offer:
    return Offer(offer_id=f"evt_1-v{version}", version=version, status=status, lines=[], total=Decimal("750.00"),
                 vat=Decimal("56.20"), deposit=DepositTerms(amount=Decimal("0.00")), chosen_date=date(2026, 3, 10),
                 start_time="09:00", end_time="17:00", room_id="room-b")  # type: ignore[arg-type]


def test_an_action_without_a_ref_is_current() -> None:
    assert staleness(_state(), "select_date", {"date": "2026-03-10"}) is None


def test_the_live_ref_is_current_and_an_older_one_is_not() -> None:
    state = _state(live_refs={"dates": "dates-4"})
    assert staleness(state, "select_date", {"ref": "dates-4"}) is None
    assert staleness(state, "select_date", {"ref": "dates-1"}).key == "stale_table"  # type: ignore[union-attr]


def test_dates_retire_once_the_date_is_confirmed_and_a_room_is_held() -> None:
    state = _state(live_refs={"dates": "dates-1", "window": "window-2"}, date_confirmed=True)
    expire(state)
    assert state.live_refs == {"dates": "dates-1"}
    state.locked_room_id, state.chosen_date = "room-b", date(2026, 3, 10)
    expire(state)
    assert state.live_refs == {}
    stale = staleness(state, "select_date", {"ref": "dates-1"})
    assert stale is not None and stale.key == "stale_dates_settled" and stale.values["room_id"] == "room-b"


def test_an_offer_retires_dates_window_and_rooms_but_not_extras() -> None:
    state = _state(live_refs={"dates": "d", "window": "w", "rooms": "r", "products": "p"})
    expire_for_offer(state)
    assert state.live_refs == {"products": "p"}


def test_offer_buttons_apply_only_to_the_live_sent_version() -> None:
    state = _state(offers=[_offer(1, "Superseded"), _offer(2, "Sent")])
    assert staleness(state, "accept_offer", {"offer_id": "evt_1-v2"}) is None
    stale = staleness(state, "accept_offer", {"offer_id": "evt_1-v1"})
    assert stale is not None and stale.key == "stale_offer_replaced" and stale.values["new"] == 2
    state.offers.append(_offer(3, "Draft"))
    state.offers[1].status = "Superseded"
    assert staleness(state, "decline_offer", {"offer_id": "evt_1-v2"}).key == "stale_offer_reviewing"  # type: ignore[union-attr]
    assert staleness(_state(), "accept_offer", {"offer_id": "evt_1-v1"}).key == "stale_offer_none"  # type: ignore[union-attr]
