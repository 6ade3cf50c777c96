"""The manager's views carry the booking lifecycle (docs/design.md §4.13): each event's status, until when its
room is held, and its deposit; a task's event context carries the same."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api_helpers import MANAGER, ok, to_offer

BILLING = "Billing: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern"
DEPOSIT_FIELDS = {"required", "amount", "due", "paid_at", "topups", "excess"}  # topups, excess: an amendment's


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
    assert event["deposit"] == {"required": False, "amount": None, "due": None, "paid_at": None, "topups": [],
                                "excess": None}


def test_a_task_s_event_context_names_the_status_the_hold_expiry_and_the_deposit(client: TestClient) -> None:
    _, _, task = to_offer(client)
    event = task["event"]
    assert event["status"] == "Option" and event["hold_expires_at"].startswith("2026-02-09T09:00:00")
    assert set(event["deposit"]) == DEPOSIT_FIELDS and event["cancellation"] is None


def _confirmed(client: TestClient) -> tuple[str, dict[str, str]]:
    thread_id, headers, task = to_offer(client)
    sent = ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER))
    [accept] = [action for action in sent["actions"] if action["name"] == "accept_offer"]
    ok(client.post(f"/api/threads/{thread_id}/actions", json={"name": "accept_offer", "args": accept["args"]},
                   headers=headers))
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": BILLING}, headers=headers))
    [confirmation] = ok(client.get("/api/hil/tasks", headers=MANAGER))
    assert confirmation["type"] == "confirmation_approval"
    ok(client.post(f"/api/hil/tasks/{confirmation['task_id']}/approve", headers=MANAGER))
    return thread_id, headers


def test_a_confirmed_event_is_listed_as_confirmed_with_no_hold_expiry(client: TestClient) -> None:
    thread_id, _ = _confirmed(client)
    [event] = ok(client.get("/api/events", params={"status": "Confirmed"}, headers=MANAGER))
    assert (event["thread_id"], event["hold_expires_at"]) == (thread_id, None)


def test_a_cancellation_task_carries_what_was_paid_and_the_refund_by_the_policy(client: TestClient) -> None:
    thread_id, headers = _confirmed(client)
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": "We have to cancel the booking."},
                   headers=headers))
    [task] = ok(client.get("/api/hil/tasks", headers=MANAGER))
    assert task["type"] == "cancellation"
    cancellation = task["event"]["cancellation"]
    assert {key: cancellation[key] for key in ("paid", "refund", "days_before")} == {
        "paid": 0.0, "refund": 0.0, "days_before": 36}
