"""The manager's views carry the booking lifecycle (docs/design.md §4.13): each event's status, until when its
room is held, and its deposit; a task's event context carries the same."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api_helpers import MANAGER, ok, to_offer

DEPOSIT_FIELDS = {"required", "amount", "due", "paid_at"}


def test_an_event_on_option_lists_its_status_and_the_moment_its_hold_expires(client: TestClient) -> None:
    thread_id, _, task = to_offer(client)
    ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER))
    [event] = ok(client.get("/api/events", headers=MANAGER))
    assert (event["thread_id"], event["status"]) == (thread_id, "Option")
    assert event["hold_expires_at"].startswith("2026-02-09T09:00:00")


def test_every_listed_event_carries_its_deposit_state(client: TestClient) -> None:
    to_offer(client)
    [event] = ok(client.get("/api/events", headers=MANAGER))
    assert set(event["deposit"]) == DEPOSIT_FIELDS
    assert event["deposit"] == {"required": False, "amount": None, "due": None, "paid_at": None}


def test_a_task_s_event_context_names_the_status_the_hold_expiry_and_the_deposit(client: TestClient) -> None:
    _, _, task = to_offer(client)
    event = task["event"]
    assert event["status"] == "Option" and event["hold_expires_at"].startswith("2026-02-09T09:00:00")
    assert set(event["deposit"]) == DEPOSIT_FIELDS and event["cancellation"] is None
