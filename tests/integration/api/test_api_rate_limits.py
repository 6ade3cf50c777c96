"""Rate limits on the HTTP API and ChatKit (issue 13): 429 with Retry-After and a JSON reason, per address and per
token, under the venue's settings (`/api/settings/limits`)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api_helpers import MANAGER, assert_error, ok, open_thread

URL = "/api/settings/limits"
DEFAULTS = {"max_open_holds_per_client": 3, "max_open_holds_per_ip": 10, "threads_per_ip": "30/minute",
            "threads_per_token": "10/minute", "messages_per_ip": "300/minute", "messages_per_token": "60/minute"}
HELLO = {"text": "Hello, do you have parking?"}
CHATKIT_CREATE = b'{"type": "threads.create", "params": {"input": {"content": [{"type": "input_text", "text": "Hi"}],' \
                 b' "attachments": [], "inference_options": {}}}}'


def _limit(client: TestClient, **changes: Any) -> None:
    ok(client.put(URL, json=changes, headers=MANAGER))


def _refused(response: Any) -> dict[str, Any]:
    error = assert_error(response, 429, "rate_limited")
    assert int(response.headers["Retry-After"]) >= 1
    return error


def test_the_limits_start_at_the_defaults(client: TestClient) -> None:
    assert ok(client.get(URL, headers=MANAGER)) == DEFAULTS


def test_a_change_is_stored_and_returned(client: TestClient) -> None:
    assert ok(client.put(URL, json={"threads_per_ip": "5 per 10 minutes"}, headers=MANAGER))["threads_per_ip"] == \
        "5 per 10 minutes"
    assert ok(client.get(URL, headers=MANAGER))["threads_per_ip"] == "5 per 10 minutes"


def test_an_invalid_rate_is_422_and_changes_nothing(client: TestClient) -> None:
    error = assert_error(client.put(URL, json={"threads_per_ip": "lots", "max_open_holds_per_ip": 4},
                                    headers=MANAGER), 422, "invalid_input")
    assert "30/minute" in error["message"] and ok(client.get(URL, headers=MANAGER)) == DEFAULTS


def test_changing_the_limits_needs_the_manager_token(client: TestClient) -> None:
    _, headers = open_thread(client)
    assert_error(client.put(URL, json={"threads_per_ip": None}, headers=headers), 403, "forbidden")


def test_threads_beyond_the_limit_per_address_are_429_with_retry_after(client: TestClient) -> None:
    _limit(client, threads_per_ip="2/minute")
    assert [client.post("/api/threads").status_code for _ in range(2)] == [201, 201]
    assert "too many new threads from this address" in _refused(client.post("/api/threads"))["message"]


def test_messages_beyond_the_limit_per_token_are_429(client: TestClient) -> None:
    _limit(client, messages_per_token="2/minute")
    thread, headers = open_thread(client)
    for _ in range(2):
        ok(client.post(f"/api/threads/{thread}/messages", json=HELLO, headers=headers))
    message = _refused(client.post(f"/api/threads/{thread}/messages", json=HELLO, headers=headers))["message"]
    assert "too many messages from this token" in message


def test_another_token_still_sends_when_one_is_limited(client: TestClient) -> None:
    _limit(client, messages_per_token="1/minute")
    first, first_headers = open_thread(client)
    second, second_headers = open_thread(client)
    ok(client.post(f"/api/threads/{first}/messages", json=HELLO, headers=first_headers))
    _refused(client.post(f"/api/threads/{first}/messages", json=HELLO, headers=first_headers))
    ok(client.post(f"/api/threads/{second}/messages", json=HELLO, headers=second_headers))


def test_messages_beyond_the_limit_per_address_are_429_whatever_the_token(client: TestClient) -> None:
    _limit(client, messages_per_ip="2/minute", messages_per_token=None)
    threads = [open_thread(client) for _ in range(3)]
    codes = [client.post(f"/api/threads/{thread}/messages", json=HELLO, headers=headers).status_code
             for thread, headers in threads]
    assert codes == [200, 200, 429]


def test_actions_count_as_messages(client: TestClient) -> None:
    _limit(client, messages_per_token="1/minute")
    thread, headers = open_thread(client)
    ok(client.post(f"/api/threads/{thread}/messages", json=HELLO, headers=headers))
    _refused(client.post(f"/api/threads/{thread}/actions", json={"name": "select_room", "args": {"room_id": "room-b"}},
                         headers=headers))


def test_manager_decisions_count_per_manager_token(client: TestClient) -> None:
    _limit(client, messages_per_token="1/minute", messages_per_ip=None)
    assert client.post("/api/hil/tasks/nope/approve", headers=MANAGER).status_code == 404
    _refused(client.post("/api/hil/tasks/nope/approve", headers=MANAGER))


def test_a_limit_of_null_is_no_limit(client: TestClient) -> None:
    _limit(client, threads_per_ip=None)
    assert {client.post("/api/threads").status_code for _ in range(40)} == {201}


def test_reads_are_never_limited(client: TestClient) -> None:
    _limit(client, messages_per_token="1/minute", messages_per_ip="1/minute")
    thread, headers = open_thread(client)
    assert {client.get(f"/api/threads/{thread}", headers=headers).status_code for _ in range(5)} == {200}


def test_chatkit_thread_creation_is_limited_per_address(client: TestClient) -> None:
    _limit(client, threads_per_ip="1/minute")
    headers = {"content-type": "application/json"}
    assert client.post("/chatkit", content=CHATKIT_CREATE, headers=headers).status_code == 200
    client.cookies.clear()
    _refused(client.post("/chatkit", content=CHATKIT_CREATE, headers=headers))
