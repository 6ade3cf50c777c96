"""`general: review` over HTTP (docs/design.md §4.13 Autonomy): set by the manager, the client's reply waits as a
`reply_approval` task the task list shows with its draft and reason, and approving it sends the reply once."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api_helpers import INQUIRY, MANAGER, SENDER, ok, open_thread, row_counts
from venuedesk.workflow.desk import Desk

GERMAN = {**MANAGER, "Accept-Language": "de-CH"}


def _held(client: TestClient) -> tuple[str, dict[str, str], dict]:
    ok(client.put("/api/settings/autonomy", json={"general": "review"}, headers=MANAGER))
    thread_id, headers = open_thread(client)
    reply = ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY, "from": SENDER},
                           headers=headers))
    assert reply["hil"]["type"] == "reply_approval" and reply["footer"]["state"] == "Waiting on HIL", reply
    tasks = ok(client.get("/api/hil/tasks", params={"status": "open"}, headers=MANAGER))
    return thread_id, headers, next(task for task in tasks if task["thread_id"] == thread_id)


def test_the_task_list_shows_the_held_reply_with_its_draft_and_why_it_waits(client: TestClient) -> None:
    _, _, task = _held(client)
    assert task["type"] == "reply_approval" and task["status"] == "open"
    assert task["draft"]["table_blocks"] and "March" in task["draft"]["body_markdown"]
    assert task["reason"].startswith("The venue reviews the desk's replies before the client sees them")
    german = ok(client.get("/api/hil/tasks", params={"status": "open"}, headers=GERMAN))
    assert german[0]["reason"].startswith("Der Betrieb prüft die Antworten des Desks")


def test_approving_over_http_sends_the_held_reply_once(client: TestClient, desk: Desk, engine: Engine) -> None:
    thread_id, headers, task = _held(client)
    sent = ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER))
    assert sent["body_markdown"] == task["draft"]["body_markdown"] and sent["footer"]["state"] == "Awaiting Client"
    counts = row_counts(engine)
    assert ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER)) == sent
    assert row_counts(engine) == counts
    with desk.uow() as uow:
        assert len(uow.outbox.for_thread(thread_id)) == 2  # the holding reply, then the approved one
    view = ok(client.get(f"/api/threads/{thread_id}", headers=headers))
    assert view["replies"][-1] == sent
