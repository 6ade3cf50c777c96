"""Shortcuts for the amendment tests: a booking confirmed through the workflow, the amend call, the outbox."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api_helpers import MANAGER, open_thread
from confirmed_booking import confirm_booking
from venuedesk.workflow.desk import Desk

WORKED_EXAMPLE = {"products": [{"product_id": "coffee-snacks", "quantity": 1},
                               {"product_id": "wireless-mic", "quantity": 2}]}


def confirmed_event(client: TestClient, desk: Desk, language: str = "en") -> tuple[str, str, dict[str, str]]:
    """A booking confirmed through the workflow (Room B, 30 guests, lunch: CHF 1,590, deposit 477 paid)."""
    thread_id, headers = open_thread(client)
    confirm_booking(desk, thread_id, language)
    return "evt_" + thread_id.removeprefix("thr_"), thread_id, headers


def amend(client: TestClient, event_id: str, body: dict[str, Any], headers: dict[str, str] | None = None,
          key: str | None = "amend-1") -> Any:
    sent = {**(headers or MANAGER), **({"Idempotency-Key": key} if key else {})}
    return client.post(f"/api/events/{event_id}/amend", json=body, headers=sent)


def outbox_of(desk: Desk, thread_id: str) -> list[dict[str, Any]]:
    with desk.uow() as uow:
        return [row.reply for row in uow.outbox.for_thread(thread_id)]
