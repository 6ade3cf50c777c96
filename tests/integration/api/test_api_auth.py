"""Tokens: a client sees only its own thread; manager endpoints need the manager token; the token file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api_helpers import INQUIRY, MANAGER, assert_error, bearer, open_thread
from venuedesk.transports.api.auth import load_or_create_manager_token
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk


@pytest.mark.parametrize("method,suffix", [("get", ""), ("post", "/messages"), ("post", "/actions")])
def test_client_token_is_required(client: TestClient, method: str, suffix: str) -> None:
    thread_id, _ = open_thread(client)
    body = {"text": INQUIRY} if suffix == "/messages" else {"name": "no_products", "args": {}}
    kwargs = {"json": body} if method == "post" else {}
    missing = client.request(method, f"/api/threads/{thread_id}{suffix}", **kwargs)
    assert_error(missing, 401, "unauthorized")
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = client.request(method, f"/api/threads/{thread_id}{suffix}", headers=bearer("tok_nope"), **kwargs)
    assert_error(wrong, 401, "unauthorized")
    basic = client.request(method, f"/api/threads/{thread_id}{suffix}", headers={"Authorization": "Basic eDp5"},
                           **kwargs)
    assert_error(basic, 401, "unauthorized")


def test_a_client_cannot_reach_another_thread(client: TestClient) -> None:
    mine, my_headers = open_thread(client)
    theirs, _ = open_thread(client)
    client.post(f"/api/threads/{theirs}/messages", json={"text": INQUIRY}, headers=my_headers)
    other = client.get(f"/api/threads/{theirs}", headers=my_headers)
    nowhere = client.get("/api/threads/thr_does_not_exist", headers=my_headers)
    assert_error(other, 404, "not_found")
    assert_error(nowhere, 404, "not_found")
    assert other.json()["error"]["message"].replace(theirs, "X") == \
        nowhere.json()["error"]["message"].replace("thr_does_not_exist", "X")
    assert_error(client.post(f"/api/threads/{theirs}/messages", json={"text": INQUIRY}, headers=my_headers), 404)
    assert client.get(f"/api/threads/{theirs}", headers=MANAGER).json()["replies"] == []


def test_non_ascii_tokens_are_refused_not_crashed(client: TestClient) -> None:
    thread_id, _ = open_thread(client)
    response = client.get(f"/api/threads/{thread_id}", headers={"Authorization": "Bearer tök€n".encode()})
    assert_error(response, 401)
    assert_error(client.get("/api/hil/tasks", headers={"Authorization": "Bearer tök".encode()}), 401)


@pytest.mark.parametrize("method,path", [
    ("get", "/api/hil/tasks"), ("post", "/api/hil/tasks/t-1/approve"), ("post", "/api/hil/tasks/t-1/edit"),
    ("post", "/api/hil/tasks/t-1/reject"), ("get", "/api/events"), ("get", "/api/threads/thr_x/audit")])
def test_manager_endpoints_need_the_manager_token(client: TestClient, method: str, path: str) -> None:
    _, client_headers = open_thread(client)
    kwargs = ({"json": {"text": "x"}} if path.endswith("/edit") else
              {"json": {"note": "x"}} if path.endswith("/reject") else {})
    assert_error(client.request(method, path, **kwargs), 401, "unauthorized")
    assert_error(client.request(method, path, headers=bearer("mgr_wrong"), **kwargs), 401, "unauthorized")
    assert_error(client.request(method, path, headers=client_headers, **kwargs), 403, "forbidden")
    assert client.request(method, path, headers=MANAGER, **kwargs).status_code in (200, 404)


def test_manager_token_file_is_created_once_and_reused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    first = load_or_create_manager_token(home)
    assert first.created and first.path == home / "manager_token"
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert first.value in capsys.readouterr().err
    second = load_or_create_manager_token(home)
    assert not second.created and second.value == first.value
    assert capsys.readouterr().err == ""
    assert [p.name for p in home.iterdir()] == ["manager_token"]


def test_app_uses_the_token_file_when_no_token_is_configured(desk: Desk, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VENUEDESK_MANAGER_TOKEN", raising=False)
    settings = ServerSettings(home=tmp_path / "home")
    with TestClient(create_app(desk, settings=settings)) as first_app:
        token = (tmp_path / "home" / "manager_token").read_text().strip()
        assert first_app.get("/api/hil/tasks", headers=bearer(token)).status_code == 200
    with TestClient(create_app(desk, settings=settings)) as second_app:
        assert second_app.get("/api/hil/tasks", headers=bearer(token)).status_code == 200


def test_env_manager_token_wins(desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENUEDESK_MANAGER_TOKEN", "mgr_from_env")
    monkeypatch.setenv("VENUEDESK_HOME", str(tmp_path / "home"))
    with TestClient(create_app(desk)) as app_client:
        assert app_client.get("/api/hil/tasks", headers=bearer("mgr_from_env")).status_code == 200
    assert not (tmp_path / "home" / "manager_token").exists()


SECOND_INQUIRY = ("Thanks.\n\nBy the way, we're also planning a Christmas dinner for 40 people in December - could "
                  "you send something for that too?")


def test_a_client_token_opens_the_thread_the_desk_opened_for_its_separate_inquiry(client: TestClient) -> None:
    mine, headers = open_thread(client)
    client.post(f"/api/threads/{mine}/messages", json={"text": INQUIRY, "from": "anna@example.com"}, headers=headers)
    reply = client.post(f"/api/threads/{mine}/messages", json={"text": SECOND_INQUIRY}, headers=headers).json()
    (link,) = [action for action in reply["actions"] if action["name"] == "open_thread"]
    spawned = client.get(f"/api/threads/{link['args']['thread_id']}", headers=headers)
    assert spawned.status_code == 200 and spawned.json()["replies"]
    assert client.get(f"/api/threads/{mine}", headers=headers).status_code == 200
