"""The step-7 tools on their own (docs/design.md §4.6, §4.13): `booking_confirm` turns the hold into a confirmed
booking or says why it cannot; `event_cancel` releases the event's bookings and computes the refund by the policy
for the day the client asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from venuedesk.clock import VENUE_TZ
from venuedesk.domain.event import Cancellation, Deposit, EventState
from venuedesk.store.repositories.bookings import RoomUnavailable
from venuedesk.tools.booking_models import BookingConfirmArgs, EventCancelArgs
from venuedesk.tools.confirmation import booking_confirm, event_cancel
from venuedesk.tools.context import BookingToolContext
from venuedesk.tools.errors import ToolFailure
from venuedesk.tools.schema import strict_json_schema
from venuedesk.venue.loader import load_venue

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
EVENT_DAY = date(2026, 3, 10)


def _row(status: str) -> SimpleNamespace:
    return SimpleNamespace(room_id="room-b", date=EVENT_DAY, status=status, id=7, window_start="09:00",
                           window_end="17:00")


@dataclass
class _Bookings:
    rows: list[SimpleNamespace] = field(default_factory=list)
    taken: bool = False
    released: list[str] = field(default_factory=list)

    def for_event(self, event_id: str) -> list[SimpleNamespace]:
        return self.rows

    def confirm(self, event_id: str, now: datetime | None = None) -> int:
        if self.taken:
            raise RoomUnavailable("room-b", EVENT_DAY, _row("Option"))  # type: ignore[arg-type]
        for row in self.rows:
            row.status = "Confirmed"
        return len(self.rows)

    def release(self, event_id: str) -> int:
        self.released.append(event_id)
        count, self.rows = len(self.rows), []
        return count


@dataclass
class _Uow:
    bookings: _Bookings


def _ctx(status: str, *rows: SimpleNamespace, paid: bool = True, taken: bool = False,
         cancellation: Cancellation | None = None) -> BookingToolContext:
    state = EventState(event_id="evt_1", thread_id="thr_1", status=status, chosen_date=EVENT_DAY,
                       deposit=Deposit(required=True, amount=Decimal("477.00"), paid_at=NOW if paid else None),
                       cancellation=cancellation)
    uow: Any = _Uow(_Bookings(list(rows), taken))
    return BookingToolContext(uow=uow, venue=load_venue(), now=NOW, state=state, thread_id="thr_1")


def test_confirming_a_held_room_makes_it_a_confirmed_booking() -> None:
    ctx = _ctx("Option", _row("Option"))
    result = booking_confirm(ctx, BookingConfirmArgs())
    assert (result.status, result.room_id, result.day) == ("confirmed", "room-b", EVENT_DAY)
    assert [row.status for row in ctx.uow.bookings.rows] == ["Confirmed"]


def test_confirming_twice_reports_already_confirmed() -> None:
    assert booking_confirm(_ctx("Confirmed", _row("Confirmed")), BookingConfirmArgs()).status == "already_confirmed"


def test_without_a_hold_nothing_is_confirmed() -> None:
    assert booking_confirm(_ctx("Option"), BookingConfirmArgs()).status == "no_hold"


def test_a_lapsed_hold_another_event_took_is_reported_taken() -> None:
    ctx = _ctx("Option", _row("Option"), taken=True)
    assert booking_confirm(ctx, BookingConfirmArgs()).status == "taken"
    assert [row.status for row in ctx.uow.bookings.rows] == ["Option"]


def test_cancelling_before_confirmation_refunds_the_paid_deposit_in_full_and_releases_the_hold() -> None:
    ctx = _ctx("Option", _row("Option"))
    result = event_cancel(ctx, EventCancelArgs(reason="budget cut"))
    assert (result.status, result.released, result.paid, result.refund, result.band) == (
        "lost", 1, 477.0, 477.0, "before_confirmation")
    assert ctx.uow.bookings.released == ["evt_1"]


def test_cancelling_before_confirmation_with_nothing_paid_refunds_nothing() -> None:
    result = event_cancel(_ctx("Option", _row("Option"), paid=False), EventCancelArgs(reason=None))
    assert (result.paid, result.refund) == (0.0, 0.0)


def test_cancelling_a_confirmed_booking_applies_the_policy_for_the_day_the_client_asked() -> None:
    asked = Cancellation(requested_on=date(2026, 2, 20), paid=Decimal("477.00"), refund=Decimal("238.50"),
                         band="partial", days_before=18)
    result = event_cancel(_ctx("Confirmed", _row("Confirmed"), cancellation=asked), EventCancelArgs(reason=None))
    assert (result.status, result.refund, result.band, result.days_before) == ("cancelled", 238.5, "partial", 18)


def test_cancelling_a_confirmed_booking_today_keeps_the_fee_more_than_30_days_ahead() -> None:
    result = event_cancel(_ctx("Confirmed", _row("Confirmed")), EventCancelArgs(reason=None))
    assert (result.refund, result.band, result.days_before) == (277.0, "paid_minus_fee", 36)


@pytest.mark.parametrize("status", ["Lost", "Cancelled"])
def test_an_event_already_lost_or_cancelled_cannot_be_cancelled(status: str) -> None:
    with pytest.raises(ToolFailure, match=f"the event is {status}"):
        event_cancel(_ctx(status), EventCancelArgs(reason=None))


def test_the_reason_is_required_and_nullable_in_the_strict_schema() -> None:
    schema = strict_json_schema(EventCancelArgs)
    assert schema["required"] == ["reason"] and "null" in str(schema["properties"]["reason"])
