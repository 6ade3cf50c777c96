"""Shared constants and shortcuts for the API tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from venuedesk.clock import VENUE_TZ
from venuedesk.store.models import EventRow, HilTaskRow, InboxRow, MessageRow, OutboxRow, ThreadRow

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
MANAGER_TOKEN = "mgr_test_token"
MANAGER = {"Authorization": f"Bearer {MANAGER_TOKEN}"}
INQUIRY = "Hi, we'd like a workshop for 30 people in March, ideally a Tuesday, 9 to 5."
SENDER = "anna@example.com"
TABLES = {"threads": ThreadRow, "events": EventRow, "inbox": InboxRow, "messages": MessageRow,
          "hil_tasks": HilTaskRow, "outbox": OutboxRow}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def open_thread(client: TestClient) -> tuple[str, dict[str, str]]:
    """A new thread and its client's auth headers."""
    response = client.post("/api/threads")
    assert response.status_code == 201, response.text
    body = response.json()
    return body["thread_id"], bearer(body["client_token"])


def to_offer(client: TestClient) -> tuple[str, dict[str, str], dict[str, Any]]:
    """A thread taken to a held offer (step 4, one open offer_approval task); returns the task too."""
    thread_id, headers = open_thread(client)
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY, "from": SENDER}, headers=headers))
    ok(client.post(f"/api/threads/{thread_id}/actions", json={"name": "select_date", "args": {"date": "2026-03-10"}},
                   headers=headers))
    reply = ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": "Room B please, no catering"},
                           headers=headers))
    assert reply["footer"]["state"] == "Waiting on HIL", reply
    tasks = ok(client.get("/api/hil/tasks", params={"status": "open"}, headers=MANAGER))
    task = next(t for t in tasks if t["thread_id"] == thread_id)
    return thread_id, headers, task


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response has `status` and the one error shape; returns the error object."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"]) <= {"code", "message", "field"}, body
    assert body["error"]["message"], body
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: connection.execute(select(func.count()).select_from(model)).scalar_one()
                for name, model in TABLES.items()}
