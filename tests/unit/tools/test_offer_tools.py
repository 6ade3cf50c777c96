"""The step-5 offer tools on their own (docs/design.md §4.6, §4.13): who may call them and which offer they act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from venuedesk.clock import VENUE_TZ
from venuedesk.domain.event import DepositTerms, EventState, Offer, OfferLine
from venuedesk.tools.booking_models import OfferAcceptArgs, OfferDeclineArgs, OfferDiscountArgs
from venuedesk.tools.context import BookingToolContext
from venuedesk.tools.errors import ToolArgumentsInvalid, ToolPermissionError
from venuedesk.tools.offer_tools import offer_accept, offer_decline, offer_discount
from venuedesk.tools.registry import booking_tools
from venuedesk.tools.schema import strict_json_schema
from venuedesk.venue.loader import load_venue

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)


@dataclass
class _Bookings:
    stopped: list[str] = field(default_factory=list)

    def stop_expiry(self, event_id: str) -> int:
        self.stopped.append(event_id)
        return 1


@dataclass
class _Uow:
    bookings: _Bookings = field(default_factory=_Bookings)


def _offer(version: int, status: str, total: str = "2090.00") -> Offer:
    lines = [OfferLine(kind="room", ref="room-b", label="Room B", quantity=1, unit_price=Decimal(total),
                       total=Decimal(total))]
    return Offer(offer_id=f"evt_1-v{version}", version=version, status=status, lines=lines, total=Decimal(total),
                 vat=Decimal("156.60"), deposit=DepositTerms(amount=Decimal("627.00"), due=date(2026, 2, 28)),
                 chosen_date=date(2026, 3, 10), start_time="09:00", end_time="17:00", room_id="room-b")


def _ctx(*offers: Offer, actor: str = "client") -> BookingToolContext:
    state = EventState(event_id="evt_1", thread_id="thr_1", offers=list(offers))
    state.requirements.participants = 30
    uow: Any = _Uow()
    return BookingToolContext(uow=uow, venue=load_venue(), now=NOW, state=state, thread_id="thr_1", actor=actor)


def test_accepting_the_sent_offer_stops_the_hold_and_computes_the_deposit() -> None:
    ctx = _ctx(_offer(1, "Sent"))
    result = offer_accept(ctx, OfferAcceptArgs(offer_id="evt_1-v1"))
    assert (result.status, result.deposit_amount, result.deposit_due) == ("accepted", 627.0, date(2026, 2, 28))
    assert ctx.uow.bookings.stopped == ["evt_1"]


def test_accepting_an_accepted_offer_answers_already_accepted_with_its_time() -> None:
    accepted = _offer(1, "Accepted")
    accepted.accepted_at = datetime(2026, 2, 1, 15, 0, tzinfo=VENUE_TZ)
    result = offer_accept(_ctx(accepted), OfferAcceptArgs(offer_id="evt_1-v1"))
    assert result.status == "already_accepted" and result.accepted_at.startswith("2026-02-01T15:00")


def test_accepting_a_superseded_version_is_refused_naming_the_current_one() -> None:
    with pytest.raises(ToolArgumentsInvalid, match="current offer is evt_1-v2"):
        offer_accept(_ctx(_offer(1, "Superseded"), _offer(2, "Sent")), OfferAcceptArgs(offer_id="evt_1-v1"))


def test_accepting_an_unknown_offer_is_refused() -> None:
    with pytest.raises(ToolArgumentsInvalid, match="unknown offer 'evt_9-v1'"):
        offer_accept(_ctx(_offer(1, "Sent")), OfferAcceptArgs(offer_id="evt_9-v1"))


def test_a_draft_cannot_be_declined() -> None:
    with pytest.raises(ToolArgumentsInvalid, match="is Draft"):
        offer_decline(_ctx(_offer(1, "Draft")), OfferDeclineArgs(offer_id="evt_1-v1", reason=None))


def test_declining_twice_answers_already_declined() -> None:
    result = offer_decline(_ctx(_offer(1, "Declined")), OfferDeclineArgs(offer_id="evt_1-v1", reason="too far"))
    assert result.status == "already_declined"


def test_a_client_may_not_discount_an_offer() -> None:
    with pytest.raises(ToolPermissionError):
        offer_discount(_ctx(_offer(1, "Sent")), OfferDiscountArgs(offer_id="evt_1-v1", percent=10, amount=None))


def test_the_managers_discount_prices_a_discount_line_on_the_pre_discount_total() -> None:
    result = offer_discount(_ctx(_offer(1, "Sent"), actor="manager"),
                            OfferDiscountArgs(offer_id="evt_1-v1", percent=10, amount=None))
    assert result.discount == 209.0 and result.offer.lines[-1].total == -209.0
    assert (result.offer.total, result.offer.vat, result.offer.deposit_amount) == (1881.0, 140.95, 564.3)


def test_the_discount_tool_schema_offers_percent_and_amount_as_nullable() -> None:
    schema = strict_json_schema(booking_tools()["offer_discount"].args_model)
    assert set(schema["required"]) == {"offer_id", "percent", "amount"}
