"""The calendar invite after an amendment (docs/amendments.md "Date, room and window"): a change of the slot or the
head count links the updated `.ics` in the client's message (the `download_ics` action), served with the same UID
and a SEQUENCE one higher, so the client's calendar replaces its entry; a change of products alone sends none."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from icalendar import Calendar

from amend_helpers import amend, confirmed_event, outbox_of
from api_helpers import ok
from venuedesk.clock import VENUE_TZ
from venuedesk.workflow.desk import Desk

LATER = {"start_time": "10:00", "end_time": "18:00"}


def invite(client: TestClient, thread_id: str, headers: dict[str, str]) -> Any:
    response = client.get(f"/api/threads/{thread_id}/calendar.ics", headers=headers)
    assert response.status_code == 200, response.text
    return Calendar.from_ical(response.content).events[0]


def test_a_moved_window_links_the_updated_invite_in_the_clients_message(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, headers = confirmed_event(client, desk)
    reply = ok(amend(client, event_id, LATER))["reply"]
    [url] = [action["url"] for action in reply["actions"] if action["name"] == "download_ics"]
    assert url == f"/api/threads/{thread_id}/calendar.ics"
    assert "the updated invite replaces the earlier one" in reply["body_markdown"]
    assert outbox_of(desk, thread_id)[-1]["actions"] == reply["actions"]


def test_the_updated_invite_keeps_its_uid_raises_its_sequence_and_shows_the_new_window(
    client: TestClient, desk: Desk
) -> None:
    event_id, thread_id, headers = confirmed_event(client, desk)
    before = invite(client, thread_id, headers)
    ok(amend(client, event_id, LATER))
    after = invite(client, thread_id, headers)
    assert str(after["UID"]) == str(before["UID"])
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.decoded("DTSTART").astimezone(VENUE_TZ).strftime("%H:%M") == "10:00"


def test_each_change_of_the_slot_raises_the_sequence_again(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, headers = confirmed_event(client, desk)
    ok(amend(client, event_id, LATER))
    ok(amend(client, event_id, {"date": "2026-03-11"}, key="amend-2"))
    after = invite(client, thread_id, headers)
    assert after["SEQUENCE"] == 2 and after.decoded("DTSTART").date().isoformat() == "2026-03-11"


def test_a_change_of_the_head_count_updates_the_invite_too(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, headers = confirmed_event(client, desk)
    reply = ok(amend(client, event_id, {"participants": 32}))["reply"]
    assert "download_ics" in [action["name"] for action in reply["actions"]]
    assert invite(client, thread_id, headers)["SEQUENCE"] == 1


def test_a_change_of_products_alone_sends_no_invite(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, headers = confirmed_event(client, desk)
    reply = ok(amend(client, event_id, {"products": [{"product_id": "projector", "quantity": 1}]}))["reply"]
    assert "download_ics" not in [action["name"] for action in reply["actions"]]
    assert invite(client, thread_id, headers)["SEQUENCE"] == 0


def test_a_cancellation_after_an_amendment_outranks_the_amended_invite(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, headers = confirmed_event(client, desk)
    ok(amend(client, event_id, LATER))
    desk.set_autonomy({"cancellation": "auto"})
    desk.handle_message(thread_id, "Unfortunately we have to cancel the booking.")
    cancelled = invite(client, thread_id, headers)
    assert (str(cancelled["STATUS"]), cancelled["SEQUENCE"]) == ("CANCELLED", 2)
