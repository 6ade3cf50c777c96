"""Shortcuts for the deposit API tests: a thread taken to step 6 with billing complete and the deposit requested."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api_helpers import MANAGER, SENDER, ok, open_thread

INQUIRY = ("Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5. "
           "Billing address: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern")


def awaiting_deposit(client: TestClient, room: str = "Room B please, with lunch") -> tuple[str, str]:
    """A thread at step 6 whose deposit (CHF 477.00 with lunch) is requested; returns the thread and offer ids."""
    thread_id, headers = open_thread(client)
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY, "from": SENDER}, headers=headers))
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": room}, headers=headers))
    task = next(t for t in ok(client.get("/api/hil/tasks", headers=MANAGER)) if t["thread_id"] == thread_id)
    ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER))
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": "We accept the offer"}, headers=headers))
    return thread_id, task["offer_id"]
