"""What the client asked for that the catalogue lacks is in the manager's task view, to add to the offer by hand."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api_helpers import INQUIRY, MANAGER, SENDER, ok, open_thread, to_offer


def test_a_task_s_event_context_names_what_the_client_asked_for_that_the_catalogue_lacks(
        client: TestClient) -> None:
    thread_id, headers = open_thread(client)
    ok(client.post(f"/api/threads/{thread_id}/messages", headers=headers, json={
        "text": f"{INQUIRY} Could you also organise a cheese Plättli for the break?", "from": SENDER}))
    ok(client.post(f"/api/threads/{thread_id}/actions", json={"name": "select_date", "args": {"date": "2026-03-10"}},
                   headers=headers))
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": "Room B please, no catering"}, headers=headers))
    [task] = ok(client.get("/api/hil/tasks", headers=MANAGER))
    assert (task["thread_id"], task["event"]["unknown_items"]) == (thread_id, ["Plättli"])


def test_a_task_s_event_context_has_no_unknown_items_when_the_client_asked_for_none(client: TestClient) -> None:
    _, _, task = to_offer(client)
    assert task["event"]["unknown_items"] == []
