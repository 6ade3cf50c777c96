"""`GET /api/threads/{id}/calendar.ics` (docs/design.md §4.13): the confirmed booking's invite for the thread's client
or the manager, `text/calendar` with a file name; 409 naming the status before confirmation; no other thread's."""

from __future__ import annotations

from fastapi.testclient import TestClient
from icalendar import Calendar

from api_helpers import MANAGER, bearer, ok, open_thread
from step_seven import enter_step_seven, offer_sent
from venuedesk.workflow.desk import Desk


def _waiting_for_confirmation(client: TestClient, desk: Desk) -> tuple[str, dict[str, str], str]:
    thread_id, headers = open_thread(client)
    offer_sent(desk, thread_id)
    waiting = enter_step_seven(desk, thread_id)
    assert waiting.hil is not None
    return thread_id, headers, waiting.hil.task_id


def _confirmed(client: TestClient, desk: Desk) -> tuple[str, dict[str, str]]:
    thread_id, headers, task_id = _waiting_for_confirmation(client, desk)
    reply = ok(client.post(f"/api/hil/tasks/{task_id}/approve", headers=MANAGER))
    assert reply["footer"]["step"] == 7 and "download_ics" in [a["name"] for a in reply["actions"]]
    return thread_id, headers


def test_the_client_downloads_the_invite_of_its_confirmed_booking(client: TestClient, desk: Desk) -> None:
    thread_id, headers = _confirmed(client, desk)
    response = client.get(f"/api/threads/{thread_id}/calendar.ics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["content-disposition"] == (
        f'attachment; filename="evt_{thread_id.removeprefix("thr_")}-2026-03-10.ics"')
    event = Calendar.from_ical(response.content).events[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Zurich" and str(event["LOCATION"]).startswith("Room B")


def test_the_action_links_to_the_download_the_endpoint_serves(client: TestClient, desk: Desk) -> None:
    thread_id, headers = _confirmed(client, desk)
    reply = ok(client.post(f"/api/threads/{thread_id}/actions", json={"name": "download_ics"}, headers=headers))
    url = next(action["url"] for action in reply["actions"] if action["name"] == "download_ics")
    assert client.get(url, headers=headers).status_code == 200


def test_the_manager_token_opens_the_invite_too(client: TestClient, desk: Desk) -> None:
    thread_id, _ = _confirmed(client, desk)
    assert client.get(f"/api/threads/{thread_id}/calendar.ics", headers=MANAGER).status_code == 200


def test_before_confirmation_the_invite_is_a_409_naming_the_status(client: TestClient, desk: Desk) -> None:
    thread_id, headers, _ = _waiting_for_confirmation(client, desk)
    response = client.get(f"/api/threads/{thread_id}/calendar.ics", headers=headers)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "no_invite" and "its status is Option" in error["message"]


def test_another_threads_token_gets_404(client: TestClient, desk: Desk) -> None:
    thread_id, _ = _confirmed(client, desk)
    _, stranger = open_thread(client)
    assert client.get(f"/api/threads/{thread_id}/calendar.ics", headers=stranger).status_code == 404


def test_no_token_is_401(client: TestClient, desk: Desk) -> None:
    thread_id, _ = _confirmed(client, desk)
    assert client.get(f"/api/threads/{thread_id}/calendar.ics").status_code == 401
    assert client.get(f"/api/threads/{thread_id}/calendar.ics", headers=bearer("nope")).status_code == 401
