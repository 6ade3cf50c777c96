"""ChatKit `threads.delete` anonymises the booking data of the thread (not only the chat items) and keeps what
the venue accounts for; a Confirmed booking is refused with the reason, and nothing changes."""

from __future__ import annotations

import json

import pytest
from chatkit.types import ThreadCreatedEvent, ThreadDeleteParams, ThreadsDeleteReq
from fastapi.testclient import TestClient
from sqlalchemy import select

from event_status import set_event_status
from chatkit_helpers import JSON, WIDGET_WARNING, create_body, items_body, parse_sse, to_bytes
from venuedesk.store.chatkit_models import ChatKitItemRow, ChatKitThreadRow
from venuedesk.store.token_hash import token_digest
from venuedesk.store.models import EventRow, HilTaskRow, InboxRow, MessageRow, OutboxRow, ThreadRow, ToolCallRow
from venuedesk.transports.chatkit.router import TOKEN_HEADER
from venuedesk.workflow.desk import Desk

pytestmark = pytest.mark.filterwarnings(WIDGET_WARNING)
PII = ("Brunnschweiler", "annelie@brunnschweiler.ch", "Seefeldstrasse", "044 987 65 43")
MESSAGE = ("Hi, I am Annelie Brunnschweiler (annelie@brunnschweiler.ch, 044 987 65 43). We'd like a workshop for "
           "30 people on 10 March 2026, 9 to 5. Billing: Annelie Brunnschweiler, Seefeldstrasse 123, 8008 Zürich.")


def _open(client: TestClient) -> tuple[str, dict[str, str]]:
    response = client.post("/chatkit", content=create_body(MESSAGE), headers=JSON)
    assert response.status_code == 200
    [created] = [e for e in parse_sse(response.content) if isinstance(e, ThreadCreatedEvent)]
    client.cookies.clear()
    return created.thread.id, {**JSON, "Authorization": f"Bearer {response.headers[TOKEN_HEADER]}"}


def _delete(client: TestClient, thread_id: str, headers: dict[str, str]):  # noqa: ANN202 - an httpx Response
    return client.post("/chatkit", content=to_bytes(ThreadsDeleteReq(params=ThreadDeleteParams(thread_id=thread_id))),
                       headers=headers)


def _stored(desk: Desk, thread_id: str) -> str:
    """Every stored row of the thread as one JSON text."""
    rows = []
    with desk.uow() as uow:
        for table in (EventRow, MessageRow, InboxRow, OutboxRow, ToolCallRow, HilTaskRow, ChatKitItemRow):
            for row in uow.session.scalars(select(table).where(table.thread_id == thread_id)):
                rows.append({column.key: getattr(row, column.key) for column in table.__mapper__.column_attrs})
    return json.dumps(rows, default=str, ensure_ascii=False)


def test_deleting_a_thread_anonymises_its_booking_data_everywhere(client: TestClient, desk: Desk) -> None:
    thread_id, headers = _open(client)
    assert all(value in _stored(desk, thread_id) for value in PII), "the test planted nothing"
    before = desk.event_view(thread_id)
    response = _delete(client, thread_id, headers)
    assert response.status_code == 200, response.text
    stored = _stored(desk, thread_id)
    assert [value for value in PII if value in stored] == []
    with desk.uow() as uow:
        assert uow.session.get(ChatKitThreadRow, thread_id) is None
        event = uow.events.for_thread(thread_id)
        assert uow.messages.history(thread_id), "the messages are anonymised, not deleted"
    assert event is not None and event.client_email is None and event.thread_state == "Closed"
    after = desk.event_view(thread_id)
    assert before is not None and after is not None
    kept = ("status", "chosen_date", "pending_date", "locked_room_id", "offers", "deposit", "requirements")
    assert {key: after.get(key) for key in kept} == {key: before.get(key) for key in kept}


def test_after_deletion_the_old_token_opens_nothing(client: TestClient, desk: Desk) -> None:
    thread_id, headers = _open(client)
    assert _delete(client, thread_id, headers).status_code == 200
    assert client.post("/chatkit", content=items_body(thread_id), headers=headers).status_code == 403
    with desk.uow() as uow:
        row = uow.session.get(ThreadRow, thread_id)
    assert row is not None and row.client_token_hash != token_digest(headers["Authorization"].removeprefix("Bearer "))


def test_a_confirmed_booking_is_refused_with_the_reason_and_nothing_changes(client: TestClient, desk: Desk) -> None:
    thread_id, headers = _open(client)
    set_event_status(desk, thread_id, "Confirmed")
    before = _stored(desk, thread_id)
    response = _delete(client, thread_id, headers)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "booking_kept" and "Confirmed" in error["message"] and "manager" in error["message"]
    assert _stored(desk, thread_id) == before
