"""Client endpoints: the happy path through HTTP, the thread view, and Idempotency-Key redelivery."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from api_helpers import INQUIRY, MANAGER, SENDER, ok, open_thread, row_counts, to_offer
from venuedesk.workflow.desk import Desk


def test_create_thread_returns_201_with_id_and_token(client: TestClient) -> None:
    response = client.post("/api/threads")
    assert response.status_code == 201
    body = response.json()
    assert body["thread_id"].startswith("thr_") and body["client_token"].startswith("tok_")
    assert len(body["client_token"]) >= 32


def test_message_action_and_thread_view(client: TestClient, desk: Desk) -> None:
    thread_id, headers = open_thread(client)
    empty = ok(client.get(f"/api/threads/{thread_id}", headers=headers))
    assert empty == {"thread_id": thread_id, "replies": [], "event": None, "hil_open": 0, "language": "en"}

    first = ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY, "from": SENDER},
                           headers=headers))
    assert first["thread_id"] == thread_id and first["footer"]["step"] == 2
    assert first["footer_text"].startswith("Step: 2 Date")
    row_actions = [action for table in first["table_blocks"] for action in table.get("row_actions") or []]
    assert any(action["name"] == "select_date" for action in first["actions"] + row_actions)

    second = ok(client.post(f"/api/threads/{thread_id}/actions",
                            json={"name": "select_date", "args": {"date": "2026-03-10"}}, headers=headers))
    assert second["footer"]["step"] == 3 and second["agent"] == "rooms_agent"

    view = ok(client.get(f"/api/threads/{thread_id}", headers=headers))
    assert [reply["turn_id"] for reply in view["replies"]] == [first["turn_id"], second["turn_id"]]
    assert view["replies"][0] == first and view["replies"][1] == second
    assert view["event"] == desk.event_view(thread_id)
    assert view["event"]["chosen_date"] == "2026-03-10" and view["event"]["date_confirmed"] is True
    assert view["event"]["client_email"] == SENDER and "offer" in view["event"]
    assert view["hil_open"] == 0


def test_the_conversation_language_is_named_in_content_language_and_the_thread_view(client: TestClient) -> None:
    thread_id, headers = open_thread(client)
    response = client.post(f"/api/threads/{thread_id}/messages", headers=headers,
                           json={"text": "Guten Tag, wir planen ein Seminar für 25 Personen am 12. März 2026."})
    assert response.status_code == 200 and response.headers["content-language"] == "de"
    view = client.get(f"/api/threads/{thread_id}", headers=headers)
    assert view.headers["content-language"] == "de" and view.json()["language"] == "de"


def test_a_replayed_reply_names_the_conversation_language_too(client: TestClient) -> None:
    thread_id, headers = open_thread(client)
    keyed = {**headers, "Idempotency-Key": "msg-de"}
    body = {"text": "Guten Tag, wir planen ein Seminar für 25 Personen am 12. März 2026."}
    client.post(f"/api/threads/{thread_id}/messages", headers=keyed, json=body)
    again = client.post(f"/api/threads/{thread_id}/messages", headers=keyed, json=body)
    assert again.status_code == 200 and again.headers["content-language"] == "de"


def test_a_turn_on_a_newly_opened_thread_is_one_transaction(client: TestClient, engine: Engine) -> None:
    """Neither authenticating (the token is remembered when the thread opens) nor `Content-Language` (the turn
    tells it) opens a transaction of its own: on SQLite each would queue for the write lock again."""
    thread_id, headers = open_thread(client)
    begins: list[str] = []

    def count_begins(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith("BEGIN"):
            begins.append(statement)

    event.listen(engine, "before_cursor_execute", count_begins)
    try:
        ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY}, headers=headers))
    finally:
        event.remove(engine, "before_cursor_execute", count_begins)
    assert begins == ["BEGIN IMMEDIATE"]


def test_manager_may_read_a_thread(client: TestClient) -> None:
    thread_id, headers = open_thread(client)
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY}, headers=headers))
    view = ok(client.get(f"/api/threads/{thread_id}", headers=MANAGER))
    assert len(view["replies"]) == 1


def test_held_offer_shows_in_thread_view(client: TestClient) -> None:
    thread_id, headers, task = to_offer(client)
    view = ok(client.get(f"/api/threads/{thread_id}", headers=headers))
    assert view["hil_open"] == 1 and view["event"]["current_step"] == 4
    assert view["replies"][-1]["hil"]["task_id"] == task["task_id"]


def test_idempotency_key_repeat_returns_identical_reply(client: TestClient, engine: Engine) -> None:
    thread_id, headers = open_thread(client)
    keyed = {**headers, "Idempotency-Key": "msg-1"}
    url = f"/api/threads/{thread_id}/messages"
    first = client.post(url, json={"text": INQUIRY, "from": SENDER}, headers=keyed)
    counts = row_counts(engine)
    again = client.post(url, json={"text": INQUIRY, "from": SENDER}, headers=keyed)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert row_counts(engine) == counts


def test_idempotency_key_on_actions(client: TestClient, engine: Engine) -> None:
    thread_id, headers = open_thread(client)
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY}, headers=headers))
    keyed = {**headers, "Idempotency-Key": "act-1"}
    body = {"name": "select_date", "args": {"date": "2026-03-10"}}
    first = ok(client.post(f"/api/threads/{thread_id}/actions", json=body, headers=keyed))
    counts = row_counts(engine)
    assert ok(client.post(f"/api/threads/{thread_id}/actions", json=body, headers=keyed)) == first
    assert row_counts(engine) == counts


def test_openapi_documents_every_endpoint_with_examples(client: TestClient) -> None:
    schema = ok(client.get("/openapi.json"))
    paths = schema["paths"]
    for path, method in [("/api/threads", "post"), ("/api/threads/{thread_id}/messages", "post"),
                         ("/api/threads/{thread_id}/actions", "post"), ("/api/threads/{thread_id}", "get"),
                         ("/api/hil/tasks", "get"), ("/api/hil/tasks/{task_id}/approve", "post"),
                         ("/api/hil/tasks/{task_id}/edit", "post"), ("/api/hil/tasks/{task_id}/reject", "post"),
                         ("/api/events", "get"), ("/api/threads/{thread_id}/audit", "get"), ("/healthz", "get"),
                         ("/api/threads/{thread_id}/mail", "get"),
                         ("/api/threads/{thread_id}/attachments/{stored_name}", "get"),
                         ("/readyz", "get")]:
        assert method in paths[path], path
    components = schema["components"]["schemas"]
    assert components["MessageIn"]["examples"] and components["ActionIn"]["examples"]
    assert "ErrorResponse" in components


def test_idempotency_key_with_a_different_body_is_a_422_naming_the_key(client: TestClient, engine: Engine) -> None:
    thread_id, headers = open_thread(client)
    keyed = {**headers, "Idempotency-Key": "msg-1"}
    url = f"/api/threads/{thread_id}/messages"
    ok(client.post(url, json={"text": INQUIRY, "from": SENDER}, headers=keyed))
    counts = row_counts(engine)
    other = client.post(url, json={"text": "Make it 40 people please", "from": SENDER}, headers=keyed)
    assert other.status_code == 422
    error = other.json()["error"]
    assert error["code"] == "idempotency_conflict" and error["field"] == "Idempotency-Key"
    assert "'msg-1'" in error["message"]
    assert row_counts(engine) == counts


def test_idempotency_key_of_a_message_reused_for_an_action_is_a_422(client: TestClient, engine: Engine) -> None:
    thread_id, headers = open_thread(client)
    keyed = {**headers, "Idempotency-Key": "k-1"}
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY}, headers=keyed))
    counts = row_counts(engine)
    response = client.post(f"/api/threads/{thread_id}/actions",
                           json={"name": "select_date", "args": {"date": "2026-03-10"}}, headers=keyed)
    assert response.status_code == 422 and response.json()["error"]["code"] == "idempotency_conflict"
    assert row_counts(engine) == counts
