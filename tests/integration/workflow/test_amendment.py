"""A manager's amendment through the Desk on each backend (docs/amendments.md): the confirmed booking moves with its
slot, the function sheet's version 2 marks the change, a retry under the same key amends once."""

from __future__ import annotations

from decimal import Decimal

from confirmed_booking import confirm_booking
from venuedesk.domain.amendment import AmendmentRequest, ProductChange
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.function_sheets import stored_sheet

LONGER = AmendmentRequest(participants=32, end_time="19:00", products=(ProductChange("projector", 1),))


def event_id(thread_id: str) -> str:
    return "evt_" + thread_id.removeprefix("thr_")


def test_the_amendment_moves_the_booking_and_reprices_it(desk: Desk, thread_id: str) -> None:
    confirm_booking(desk, thread_id)
    out = desk.amend_booking(event_id(thread_id), LONGER, manager_id="max@venue.example", idempotency_key="k-1")
    assert out.total == Decimal("1721.00")  # 10 h full day 750 + 32 × lunch 28 + projector 75
    with desk.uow() as uow:
        rows = [(row.room_id, row.window_start, row.window_end, row.status)
                for row in uow.bookings.for_event(event_id(thread_id))]
    assert rows == [("room-b", "09:00", "19:00", "Confirmed")]


def test_version_2_of_the_function_sheet_marks_the_changed_lines(desk: Desk, thread_id: str) -> None:
    confirm_booking(desk, thread_id)
    desk.amend_booking(event_id(thread_id), LONGER, idempotency_key="k-1")
    with desk.uow() as uow:
        sheet = stored_sheet(uow, event_id(thread_id))
    assert sheet is not None and sheet.versions == (1, 2)
    assert '<tr class="changed"><th>Head count</th><td>32' in sheet.html
    assert '<tr class="changed"><th>Booked window</th><td>09:00–19:00' in sheet.html
    assert "Projector" in sheet.html and "Changed since version 1" in sheet.html


def test_a_retry_under_the_same_key_amends_once(desk: Desk, thread_id: str) -> None:
    confirm_booking(desk, thread_id)
    first = desk.amend_booking(event_id(thread_id), LONGER, idempotency_key="k-1")
    again = desk.amend_booking(event_id(thread_id), LONGER, idempotency_key="k-1")
    assert again == first
    view = desk.event_view(thread_id) or {}
    assert [offer["status"] for offer in view["offers"]] == ["Superseded", "Accepted"]
    with desk.uow() as uow:
        assert stored_sheet(uow, event_id(thread_id)).versions == (1, 2)  # type: ignore[union-attr]
