"""Bad input: each gets its 4xx in the one error shape and changes nothing; a genuine bug is a logged 500."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api_helpers import INQUIRY, MANAGER, assert_error, ok, open_thread, row_counts, to_offer
from venuedesk.observability.logging import configure_logging
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import DecisionError

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def thread(client: TestClient) -> tuple[str, dict[str, str]]:
    thread_id, headers = open_thread(client)
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY}, headers=headers))
    return thread_id, headers


MESSAGE_CASES: list[tuple[str, Any, int, str, str | None]] = [
    ("empty text", {"text": ""}, 422, "invalid_input", "text"),
    ("blank text", {"text": "   "}, 422, "invalid_input", "text"),
    ("text over 8000 chars", {"text": "x" * 8001}, 422, "invalid_input", "text"),
    ("missing text", {"from": "a@example.com"}, 422, "invalid_input", "text"),
    ("text not a string", {"text": 5}, 422, "invalid_input", "text"),
    ("unknown field", {"text": "hi", "sender_name": "x"}, 422, "invalid_input", "sender_name"),
    ("NUL character", {"text": "hi\x00there"}, 422, "invalid_input", "text"),
    ("not an object", ["hi"], 422, "invalid_input", None),
]


@pytest.mark.parametrize("label,body,status,code,field", MESSAGE_CASES, ids=[c[0] for c in MESSAGE_CASES])
def test_bad_messages(client: TestClient, engine: Engine, thread: tuple[str, dict[str, str]], label: str,
                      body: Any, status: int, code: str, field: str | None) -> None:
    thread_id, headers = thread
    counts = row_counts(engine)
    error = assert_error(client.post(f"/api/threads/{thread_id}/messages", json=body, headers=headers), status, code)
    if field is not None:
        assert error.get("field") == field, error
    assert row_counts(engine) == counts


@pytest.mark.parametrize("raw,status,code", [
    (b'{"text": "hi"', 400, "malformed_json"),
    (b"not json at all", 400, "malformed_json"),
    (b'{"text": "\\ud800"}', 422, "invalid_input"),
    (b"", 422, "invalid_input"),
])
def test_malformed_bodies(client: TestClient, engine: Engine, thread: tuple[str, dict[str, str]], raw: bytes,
                          status: int, code: str) -> None:
    thread_id, headers = thread
    counts = row_counts(engine)
    response = client.post(f"/api/threads/{thread_id}/messages", content=raw, headers={**headers, **JSON})
    assert_error(response, status, code)
    assert row_counts(engine) == counts


def test_oversized_bodies_get_413_before_parsing(client: TestClient, engine: Engine,
                                                 thread: tuple[str, dict[str, str]]) -> None:
    thread_id, headers = thread
    counts = row_counts(engine)
    declared = client.post(f"/api/threads/{thread_id}/messages", json={"text": "x" * 70_000}, headers=headers)
    assert_error(declared, 413, "payload_too_large")

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(80):
            yield b"y" * 1024
        yield b'"}'

    streamed = client.post(f"/api/threads/{thread_id}/messages", content=chunks(), headers={**headers, **JSON})
    assert_error(streamed, 413, "payload_too_large")
    broken = client.post("/api/threads", content=b"{}", headers={**JSON, "Content-Length": "99999999"})
    assert_error(broken, 413)
    assert row_counts(engine) == counts


ACTION_CASES: list[tuple[str, Any, str]] = [
    ("unknown action", {"name": "teleport", "args": {}}, "name"),
    ("bad date", {"name": "select_date", "args": {"date": "tomorrow"}}, "args"),
    ("missing arg", {"name": "select_room", "args": {}}, "args"),
    ("extra arg", {"name": "no_products", "args": {"x": 1}}, "args"),
    ("unknown room", {"name": "select_room", "args": {"room_id": "room-zz"}}, "args"),
    ("args not an object", {"name": "select_date", "args": ["2026-03-10"]}, "args"),
]


@pytest.mark.parametrize("label,body,field", ACTION_CASES, ids=[c[0] for c in ACTION_CASES])
def test_bad_actions(client: TestClient, engine: Engine, thread: tuple[str, dict[str, str]], label: str,
                     body: Any, field: str) -> None:
    thread_id, headers = thread
    counts = row_counts(engine)
    error = assert_error(client.post(f"/api/threads/{thread_id}/actions", json=body, headers=headers), 422)
    assert error.get("field") == field, error
    assert row_counts(engine) == counts


def test_bad_idempotency_key(client: TestClient, engine: Engine, thread: tuple[str, dict[str, str]]) -> None:
    thread_id, headers = thread
    counts = row_counts(engine)
    response = client.post(f"/api/threads/{thread_id}/messages", json={"text": "hi"},
                           headers={**headers, "Idempotency-Key": "k" * 201})
    assert assert_error(response, 422, "invalid_input")["field"] == "Idempotency-Key"
    assert row_counts(engine) == counts


def test_unknown_task_and_bad_decisions(client: TestClient, engine: Engine) -> None:
    _, _, task = to_offer(client)
    counts = row_counts(engine)
    assert_error(client.post("/api/hil/tasks/no-such-task/approve", headers=MANAGER), 404, "not_found")
    url = f"/api/hil/tasks/{task['task_id']}"
    assert assert_error(client.post(f"{url}/edit", json={"text": "  "}, headers=MANAGER), 422)["field"] == "text"
    assert_error(client.post(f"{url}/edit", headers=MANAGER), 422, "invalid_input")
    assert_error(client.post(f"{url}/reject", json={"note": 3}, headers=MANAGER), 422, "invalid_input")
    assert row_counts(engine) == counts


def test_decision_conflict_is_409(client: TestClient, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    def concurrent(*_: Any, **__: Any) -> None:
        raise DecisionError("task 't' was decided concurrently; reload the task list")

    monkeypatch.setattr(desk, "decide", concurrent)
    assert_error(client.post("/api/hil/tasks/t/approve", headers=MANAGER), 409, "conflict")


@pytest.mark.parametrize("params,field", [({"status": "Maybe"}, "status"), ({"date_from": "soon"}, "date_from"),
                                          ({"date_from": "2026-04-01", "date_to": "2026-03-01"}, "date_to")])
def test_bad_event_queries(client: TestClient, params: dict[str, str], field: str) -> None:
    error = assert_error(client.get("/api/events", params=params, headers=MANAGER), 422, "invalid_input")
    assert error["field"] == field


def test_bad_task_status(client: TestClient) -> None:
    assert_error(client.get("/api/hil/tasks", params={"status": "pending"}, headers=MANAGER), 422, "invalid_input")


def test_unknown_routes_and_methods_use_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/nothing-here"), 404, "not_found")
    assert_error(client.delete("/api/threads"), 405, "method_not_allowed")


def test_a_genuine_bug_is_a_redacted_logged_500(client: TestClient, desk: Desk,
                                                 thread: tuple[str, dict[str, str]],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    thread_id, headers = thread

    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("boom for anna@example.com, +41 44 123 45 67")

    monkeypatch.setattr(desk, "handle_message", broken)
    stream = io.StringIO()
    configure_logging(stream=stream)
    try:
        response = client.post(f"/api/threads/{thread_id}/messages", json={"text": "hi"}, headers=headers)
    finally:
        logging.getLogger().handlers.clear()
    error = assert_error(response, 500, "internal_error")
    assert "boom" not in error["message"]
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    logged = next(line for line in lines if line["msg"] == "unhandled error")
    assert logged["level"] == "error" and logged["path"] == f"/api/threads/{thread_id}/messages"
    assert "anna@example.com" not in stream.getvalue() and "123 45 67" not in stream.getvalue()
    assert "[email]" in logged["exc"]
