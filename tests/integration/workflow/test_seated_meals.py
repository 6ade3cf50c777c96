"""A meal at tables is never placed by a room's standing capacity (docs/venue.md "Rooms")."""

from __future__ import annotations

from venuedesk.workflow.desk import Desk
from workflow_helpers import SENDER


def _offered_rooms(desk: Desk, thread_id: str, message: str) -> list[str]:
    reply = desk.handle_message(thread_id, message, sender=SENDER)
    return [str(action.args.get("room_id")) for block in reply.table_blocks for action in block.row_actions or []
            if action.args.get("room_id")]


def test_a_business_lunch_for_more_than_seated_capacity_is_not_offered_the_standing_room(
        desk: Desk, thread_id: str) -> None:
    rooms = _offered_rooms(desk, thread_id, "Hello, we'd like a business lunch for 90 people on 9 June 2026, "
                                            "12:00 to 14:00. Best, Anna")
    assert rooms == ["room-e"]


def test_a_small_lunch_meeting_stays_bookable(desk: Desk, thread_id: str) -> None:
    rooms = _offered_rooms(desk, thread_id, "Grüezi, wir planen ein Mittagessen für 12 Personen am 9. Juni 2026, "
                                            "12 bis 14 Uhr. Freundliche Grüsse, Beat")
    assert rooms == ["room-d", "room-a", "room-f"]
