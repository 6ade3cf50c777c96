"""Manager endpoints: tasks, approve / edit / reject over HTTP, events and the audit trail."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api_helpers import INQUIRY, MANAGER, ok, open_thread, row_counts, to_offer
from venuedesk.workflow.desk import Desk


def test_task_list_shape(client: TestClient) -> None:
    thread_id, _, task = to_offer(client)
    assert {"task_id", "thread_id", "type", "status", "draft", "created_at"} <= set(task)
    assert task["type"] == "offer_approval" and task["status"] == "open" and task["draft"]
    assert task["created_at"].startswith("2026-02-02T09:00:00")
    assert ok(client.get("/api/hil/tasks", params={"status": "approved"}, headers=MANAGER)) == []
    assert len(ok(client.get("/api/hil/tasks", params={"status": "all"}, headers=MANAGER))) == 1


def test_approve_twice_sends_once(client: TestClient, desk: Desk, engine: Engine) -> None:
    thread_id, headers, task = to_offer(client)
    with desk.uow() as uow:
        before = len(uow.outbox.for_thread(thread_id))
    sent = ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER))
    assert sent["footer"]["step"] == 5 and "750.00" in sent["body_markdown"]
    assert sent["hil"] == {"task_id": task["task_id"], "type": "offer_approval", "status": "approved"}
    counts = row_counts(engine)
    again = ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER))
    assert again == sent
    assert row_counts(engine) == counts
    with desk.uow() as uow:
        assert len(uow.outbox.for_thread(thread_id)) == before + 1
    view = ok(client.get(f"/api/threads/{thread_id}", headers=headers))
    assert view["replies"][-1] == sent and view["event"]["offer"]["status"] == "Sent"
    assert ok(client.get("/api/hil/tasks", headers=MANAGER)) == []


def test_edit_sends_the_edited_text(client: TestClient) -> None:
    thread_id, headers, task = to_offer(client)
    text = "Dear Anna, Room B is yours on 10 March for CHF 750.00."
    sent = ok(client.post(f"/api/hil/tasks/{task['task_id']}/edit", json={"text": text}, headers=MANAGER))
    assert sent["body_markdown"] == text and sent["hil"]["status"] == "edited"
    assert ok(client.get(f"/api/threads/{thread_id}", headers=headers))["replies"][-1]["body_markdown"] == text


def test_reject_sends_nothing_and_opens_a_new_task(client: TestClient, desk: Desk) -> None:
    thread_id, headers, task = to_offer(client)
    replies_before = len(ok(client.get(f"/api/threads/{thread_id}", headers=headers))["replies"])
    notice = ok(client.post(f"/api/hil/tasks/{task['task_id']}/reject", json={"note": "Mention parking."},
                            headers=MANAGER))
    assert notice["agent"] == "manager" and notice["hil"]["task_id"] != task["task_id"]
    assert len(ok(client.get(f"/api/threads/{thread_id}", headers=headers))["replies"]) == replies_before
    tasks = ok(client.get("/api/hil/tasks", headers=MANAGER))
    assert [t["task_id"] for t in tasks] == [notice["hil"]["task_id"]]
    ok(client.post(f"/api/hil/tasks/{tasks[0]['task_id']}/reject", headers=MANAGER))


def test_manager_decision_idempotency_key(client: TestClient, engine: Engine) -> None:
    _, _, task = to_offer(client)
    keyed = {**MANAGER, "Idempotency-Key": "decide-1"}
    first = ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=keyed))
    counts = row_counts(engine)
    assert ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=keyed)) == first
    assert row_counts(engine) == counts


def test_events_filters(client: TestClient) -> None:
    thread_id, _, _ = to_offer(client)
    other, headers = open_thread(client)
    ok(client.post(f"/api/threads/{other}/messages", json={"text": INQUIRY}, headers=headers))
    everything = ok(client.get("/api/events", headers=MANAGER))
    assert {event["thread_id"] for event in everything} == {thread_id, other}
    options = ok(client.get("/api/events", params={"status": "Option"}, headers=MANAGER))
    assert [event["thread_id"] for event in options] == [thread_id]
    assert options[0]["offer"]["total"] == 750.0
    march = ok(client.get("/api/events", params={"date_from": "2026-03-01", "date_to": "2026-03-31"},
                          headers=MANAGER))
    assert [event["thread_id"] for event in march] == [thread_id]
    assert ok(client.get("/api/events", params={"date_from": "2026-04-01"}, headers=MANAGER)) == []


def test_audit_trail(client: TestClient) -> None:
    thread_id, _, task = to_offer(client)
    ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER))
    audit = ok(client.get(f"/api/threads/{thread_id}/audit", headers=MANAGER))
    assert [(entry["from_step"], entry["to_step"]) for entry in audit][-1] == (4, 5)
    assert {"at", "actor", "from_step", "to_step", "reason"} == set(audit[0])
    fresh, _ = open_thread(client)
    assert ok(client.get(f"/api/threads/{fresh}/audit", headers=MANAGER)) == []
