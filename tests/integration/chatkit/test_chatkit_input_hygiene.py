"""`POST /chatkit` refuses text no database can store (a NUL, a lone surrogate) before the ChatKit store saves it."""

from __future__ import annotations

import pytest
from chatkit.types import ThreadCreatedEvent
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from chatkit_helpers import INQUIRY, JSON, WIDGET_WARNING, create_body, message_body, parse_sse
from venuedesk.store.chatkit_models import ChatKitItemRow, ChatKitThreadRow
from venuedesk.store.models import MessageRow, ThreadRow
from venuedesk.transports.chatkit.router import TOKEN_HEADER
from venuedesk.workflow.desk import Desk

pytestmark = pytest.mark.filterwarnings(WIDGET_WARNING)


def _counts(desk: Desk) -> tuple[int, int, int, int]:
    with desk.uow() as uow:
        return tuple(uow.session.scalar(select(func.count()).select_from(table)) or 0  # type: ignore[return-value]
                     for table in (ThreadRow, ChatKitThreadRow, ChatKitItemRow, MessageRow))


def test_a_new_thread_whose_message_holds_a_nul_is_refused_and_nothing_is_stored(
    client: TestClient, desk: Desk
) -> None:
    before = _counts(desk)
    response = client.post("/chatkit", content=create_body("Anna Muster\x00 wants a room"), headers=JSON)
    assert response.status_code == 400
    assert response.json()["error"] == {"code": "invalid_input",
                                        "message": "the message contains a NUL character; remove it"}
    assert _counts(desk) == before


def test_a_message_with_a_nul_on_an_open_thread_is_refused_and_nothing_is_stored(
    client: TestClient, desk: Desk
) -> None:
    opened = client.post("/chatkit", content=create_body(INQUIRY), headers=JSON)
    [created] = [e for e in parse_sse(opened.content) if isinstance(e, ThreadCreatedEvent)]
    before = _counts(desk)
    response = client.post("/chatkit", content=message_body(created.thread.id, "IBAN\x00 CH93"),
                           headers={**JSON, "Authorization": f"Bearer {opened.headers[TOKEN_HEADER]}"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_input"
    assert _counts(desk) == before


def test_an_escaped_lone_surrogate_is_refused_and_nothing_is_stored(client: TestClient, desk: Desk) -> None:
    before = _counts(desk)
    body = create_body("caf-SURROGATE").replace(b"caf-SURROGATE", b"caf\\ud800")
    response = client.post("/chatkit", content=body, headers=JSON)
    assert response.status_code == 400 and "hex escape" in response.json()["error"]["message"]
    assert _counts(desk) == before
