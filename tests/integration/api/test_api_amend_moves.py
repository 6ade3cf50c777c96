"""An amendment that moves the confirmed booking (docs/amendments.md "Date, room and window"): the room's booking
moves in the same transaction under the rules of a hold; a slot another event has is 409 naming it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from amend_helpers import amend, confirmed_event
from api_helpers import assert_error, ok, open_thread
from venuedesk.workflow.desk import Desk

OTHER = "Please book Room C for a workshop with 30 people on 10 March 2026, 09:00-17:00. No catering, thanks."


def bookings(desk: Desk, event_id: str) -> list[tuple[str, str, str, str, str]]:
    with desk.uow() as uow:
        return [(row.room_id, row.date.isoformat(), row.window_start, row.window_end, row.status)
                for row in uow.bookings.for_event(event_id)]


def test_a_new_room_moves_the_confirmed_booking(client: TestClient, desk: Desk) -> None:
    event_id, _, _ = confirmed_event(client, desk)
    out = ok(amend(client, event_id, {"room_id": "room-c"}))
    assert bookings(desk, event_id) == [("room-c", "2026-03-10", "09:00", "17:00", "Confirmed")]
    assert [change["field"] for change in out["changes"]] == ["room"]


def test_a_new_window_and_date_move_the_booking_and_reprice_the_room(client: TestClient, desk: Desk) -> None:
    event_id, _, _ = confirmed_event(client, desk)
    out = ok(amend(client, event_id, {"date": "2026-03-11", "start_time": "13:00", "end_time": "17:00"}))
    assert bookings(desk, event_id) == [("room-b", "2026-03-11", "13:00", "17:00", "Confirmed")]
    assert out["total"] == 1290.0  # half day 450 + 30 × lunch 28


def test_a_room_another_event_holds_is_409_naming_it_and_nothing_moves(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    other, _ = open_thread(client)
    desk.handle_message(other, OTHER, sender="other@example.com")
    error = assert_error(amend(client, event_id, {"room_id": "room-c"}), 409, "room_unavailable")
    assert "room-c is taken on 2026-03-10 from 09:00 to 17:00" in error["message"] and error["field"] == "room_id"
    assert bookings(desk, event_id) == [("room-b", "2026-03-10", "09:00", "17:00", "Confirmed")]
    assert (desk.event_view(thread_id) or {})["offer"]["version"] == 1
