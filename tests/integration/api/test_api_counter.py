"""`POST /api/hil/tasks/{id}/approve` with a discount body (docs/design.md §4.13): a counter task approved with
`discount_percent` or `discount_amount` sends a new offer version; bad figures or the wrong task are a 422."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api_helpers import MANAGER, assert_error, ok, to_offer


def _counter_task(client: TestClient) -> tuple[str, dict[str, str], dict[str, Any]]:
    """An offer approved and sent, then a counter: the open counter_offer task."""
    thread_id, headers, offer_task = to_offer(client)
    ok(client.post(f"/api/hil/tasks/{offer_task['task_id']}/approve", headers=MANAGER))
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": "Can you do 10 % off?"}, headers=headers))
    tasks = ok(client.get("/api/hil/tasks", params={"status": "open"}, headers=MANAGER))
    return thread_id, headers, next(t for t in tasks if t["thread_id"] == thread_id)


def test_approving_a_counter_with_a_percentage_sends_the_discounted_version(client: TestClient) -> None:
    thread_id, headers, task = _counter_task(client)
    assert task["type"] == "counter_offer"
    sent = ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", json={"discount_percent": 10}, headers=MANAGER))
    assert "discount of 10 %" in sent["body_markdown"] and sent["hil"]["status"] == "approved"
    offer = ok(client.get(f"/api/threads/{thread_id}", headers=headers))["event"]["offer"]
    assert (offer["version"], offer["total"], offer["lines"][-1]["total"]) == (2, 675.0, -75.0)


def test_approving_without_a_body_answers_that_the_price_stands(client: TestClient) -> None:
    _, _, task = _counter_task(client)
    sent = ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER))
    assert "stands" in sent["body_markdown"]


def test_a_percentage_above_fifty_is_a_422_naming_the_field(client: TestClient) -> None:
    _, _, task = _counter_task(client)
    response = client.post(f"/api/hil/tasks/{task['task_id']}/approve", json={"discount_percent": 60}, headers=MANAGER)
    assert "discount_percent" in assert_error(response, 422)["message"]


def test_both_figures_are_a_422(client: TestClient) -> None:
    _, _, task = _counter_task(client)
    response = client.post(f"/api/hil/tasks/{task['task_id']}/approve",
                           json={"discount_percent": 10, "discount_amount": 50}, headers=MANAGER)
    assert "not both" in assert_error(response, 422)["message"]


def test_a_discount_on_an_offer_approval_task_is_a_422_and_the_task_stays_open(client: TestClient) -> None:
    _, _, task = to_offer(client)
    response = client.post(f"/api/hil/tasks/{task['task_id']}/approve", json={"discount_amount": 50}, headers=MANAGER)
    error = assert_error(response, 422)
    assert error.get("field") == "discount_amount" and "counter" in error["message"]
    assert [t["task_id"] for t in ok(client.get("/api/hil/tasks", headers=MANAGER))] == [task["task_id"]]
