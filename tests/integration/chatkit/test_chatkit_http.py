"""`POST /chatkit` over HTTP: the client token opens exactly one thread; everything else is refused."""

from __future__ import annotations

import json

import pytest
from chatkit.types import ErrorEvent, ThreadCreatedEvent
from fastapi.testclient import TestClient

from chatkit_helpers import (
    INQUIRY,
    JSON,
    WIDGET_WARNING,
    create_body,
    done_items,
    items_body,
    message_body,
    parse_sse,
)
from venuedesk.transports.chatkit.router import TOKEN_COOKIE, TOKEN_HEADER
from venuedesk.workflow.desk import Desk

pytestmark = pytest.mark.filterwarnings(WIDGET_WARNING)


def _open(client: TestClient) -> tuple[str, str]:
    """Create a thread over HTTP; return (thread id, client token), with the client's cookies cleared."""
    response = client.post("/chatkit", content=create_body(INQUIRY), headers=JSON)
    assert response.status_code == 200
    created = [e for e in parse_sse(response.content) if isinstance(e, ThreadCreatedEvent)]
    client.cookies.clear()
    return created[0].thread.id, response.headers[TOKEN_HEADER]


def test_creating_a_thread_needs_no_token_and_returns_it_as_header_and_http_only_strict_cookie(
    client: TestClient, desk: Desk
) -> None:
    response = client.post("/chatkit", content=create_body(INQUIRY), headers=JSON)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    token = response.headers[TOKEN_HEADER]
    cookie = response.headers["set-cookie"]
    assert f"{TOKEN_COOKIE}={token}" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    events = parse_sse(response.content)
    [created] = [event for event in events if isinstance(event, ThreadCreatedEvent)]
    with desk.uow() as uow:
        row = uow.threads.by_token(token)
        assert row is not None and row.id == created.thread.id and row.channel == "chatkit"
    assert len(done_items(events)) >= 2
    listed = client.post("/chatkit", content=items_body(created.thread.id), headers=JSON)
    assert listed.status_code == 200 and len(listed.json()["data"]) == len(done_items(events))


def test_requests_on_a_thread_without_or_with_a_wrong_token_are_refused(client: TestClient, desk: Desk) -> None:
    thread_id, token = _open(client)
    _, other_token = _open(client)
    before = desk.event_view(thread_id)
    for body in (items_body(thread_id), message_body(thread_id, "Actually 80 people")):
        assert client.post("/chatkit", content=body, headers=JSON).status_code == 401
        for wrong in (other_token, token + "x", "tok_guess"):
            refused = client.post("/chatkit", content=body, headers={**JSON, "Authorization": f"Bearer {wrong}"})
            assert refused.status_code == 403 and thread_id not in refused.text
            client.cookies.set(TOKEN_COOKIE, wrong)
            assert client.post("/chatkit", content=body, headers=JSON).status_code == 403
            client.cookies.clear()
    assert desk.event_view(thread_id) == before
    ok = client.post("/chatkit", content=items_body(thread_id), headers={**JSON, "Authorization": f"Bearer {token}"})
    assert ok.status_code == 200 and all(item["thread_id"] == thread_id for item in ok.json()["data"])
    client.cookies.set(TOKEN_COOKIE, token)
    assert client.post("/chatkit", content=items_body(thread_id), headers=JSON).status_code == 200


def test_listing_threads_shows_only_the_token_s_own_thread(client: TestClient) -> None:
    thread_id, token = _open(client)
    _open(client)
    body = json.dumps({"type": "threads.list", "params": {}}).encode()
    assert client.post("/chatkit", content=body, headers=JSON).json()["data"] == []
    mine = client.post("/chatkit", content=body, headers={**JSON, "Authorization": f"Bearer {token}"}).json()
    assert [thread["id"] for thread in mine["data"]] == [thread_id]


@pytest.mark.parametrize("body", [
    b"not json",
    b'{"type": "threads.drop_all", "params": {}}',
    b'{"type": "threads.create", "params": {}}',
    b'{"type": "attachments.create", "params": {"name": "a.pdf", "size": 10, "mime_type": "application/pdf"}}',
])
def test_garbage_and_unsupported_requests_get_a_400_with_a_reason(client: TestClient, body: bytes) -> None:
    response = client.post("/chatkit", content=body, headers=JSON)
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_an_empty_message_streams_an_error_event_not_a_crash(client: TestClient) -> None:
    thread_id, token = _open(client)
    response = client.post("/chatkit", content=message_body(thread_id, "   "),
                           headers={**JSON, "Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    errors = [event for event in parse_sse(response.content) if isinstance(event, ErrorEvent)]
    assert len(errors) == 1 and "empty" in (errors[0].message or "")
