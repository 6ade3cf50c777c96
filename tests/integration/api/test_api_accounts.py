"""Manager accounts over HTTP (docs/accounts.md): roles, attribution in the audit, the bootstrap token's end,
logging in, disabled accounts."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from accounts_helpers import PASSWORD, account
from api_helpers import MANAGER, assert_error, bearer, ok, to_offer
from venuedesk.accounts.service import SESSION_LIFETIME, disable_user
from venuedesk.clock import FrozenClock
from venuedesk.workflow.desk import Desk


def _desk(client: TestClient) -> Desk:
    return client.app.state.desk


def test_a_viewer_cannot_approve_a_task_and_is_told_why(client: TestClient) -> None:
    _, _, task = to_offer(client)
    viewer = account(client, "vera@venue.example", "viewer")
    error = assert_error(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=viewer), 403, "forbidden")
    assert "viewer" in error["message"] and "may read" in error["message"]
    assert ok(client.get("/api/hil/tasks", headers=MANAGER))[0]["task_id"] == task["task_id"]


def test_a_viewer_cannot_change_the_settings(client: TestClient) -> None:
    viewer = account(client, "vera@venue.example", "viewer")
    assert_error(client.put("/api/settings/autonomy", json={"offer": "auto"}, headers=viewer), 403, "forbidden")


def test_a_viewer_cannot_change_the_abuse_limits(client: TestClient) -> None:
    viewer = account(client, "vera@venue.example", "viewer")
    assert_error(client.put("/api/settings/limits", json={"max_open_holds_per_client": 9}, headers=viewer), 403,
                 "forbidden")
    assert ok(client.get("/api/settings/limits", headers=viewer))["max_open_holds_per_client"] != 9


def test_a_viewer_cannot_mark_a_deposit_paid(client: TestClient) -> None:
    thread_id, _, _ = to_offer(client)
    viewer = account(client, "vera@venue.example", "viewer")
    assert_error(client.post(f"/api/threads/{thread_id}/deposit-paid", json={"amount": 100}, headers=viewer), 403,
                 "forbidden")


def test_a_viewer_reads_tasks_events_and_settings(client: TestClient) -> None:
    to_offer(client)
    viewer = account(client, "vera@venue.example", "viewer")
    assert len(ok(client.get("/api/hil/tasks", headers=viewer))) == 1
    assert ok(client.get("/api/events", headers=viewer))
    assert ok(client.get("/api/settings/autonomy", headers=viewer))["offer"] == "review"


def test_a_decision_is_audited_under_the_deciding_account(client: TestClient) -> None:
    thread_id, _, task = to_offer(client)
    manager = account(client, "max@venue.example", "manager")
    ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=manager))
    audit = ok(client.get(f"/api/threads/{thread_id}/audit", headers=manager))
    assert [e["actor"] for e in audit if e["kind"] == "manager_decision"] == ["max@venue.example"]


def test_a_settings_change_is_audited_under_the_changing_account(client: TestClient) -> None:
    owner = account(client, "olga@venue.example", "owner")
    ok(client.put("/api/settings/autonomy", json={"offer": "auto"}, headers=owner))
    [change] = ok(client.get("/api/settings/autonomy/changes", headers=owner))
    assert change["changed_by"] == "olga@venue.example"


def test_the_bootstrap_token_speaks_for_an_owner_until_an_owner_account_exists(client: TestClient) -> None:
    account(client, "max@venue.example", "manager")
    ok(client.put("/api/settings/autonomy", json={"offer": "auto"}, headers=MANAGER))
    [change] = ok(client.get("/api/settings/autonomy/changes", headers=MANAGER))
    assert change["changed_by"] == "bootstrap"


def test_the_bootstrap_token_is_refused_once_an_owner_account_exists(client: TestClient) -> None:
    assert ok(client.get("/api/hil/tasks", headers=MANAGER)) == []
    owner = account(client, "olga@venue.example", "owner")
    error = assert_error(client.get("/api/hil/tasks", headers=MANAGER), 401, "bootstrap_token_retired")
    assert "personal token" in error["message"]
    assert ok(client.get("/api/hil/tasks", headers=owner)) == []


def test_logging_in_gives_a_session_token_that_opens_the_manager_api(client: TestClient) -> None:
    account(client, "max@venue.example", "manager")
    response = client.post("/api/session", json={"email": "Max@Venue.example", "password": PASSWORD})
    assert response.status_code == 201, response.text
    session = response.json()
    assert (session["email"], session["role"]) == ("max@venue.example", "manager")
    assert session["expires_at"].startswith("2026-02-02T21:00")
    assert ok(client.get("/api/hil/tasks", headers=bearer(session["token"]))) == []


def test_a_session_token_is_refused_once_it_expired(client: TestClient) -> None:
    account(client, "max@venue.example", "manager")
    token = client.post("/api/session", json={"email": "max@venue.example", "password": PASSWORD}).json()["token"]
    clock = _desk(client).clock
    assert isinstance(clock, FrozenClock)
    clock.advance(SESSION_LIFETIME + timedelta(seconds=1))
    assert_error(client.get("/api/hil/tasks", headers=bearer(token)), 401, "unauthorized")


def test_a_wrong_password_is_401_without_saying_which_part_was_wrong(client: TestClient) -> None:
    account(client, "max@venue.example", "manager")
    wrong = assert_error(client.post("/api/session", json={"email": "max@venue.example", "password": "nope"}), 401)
    unknown = assert_error(client.post("/api/session", json={"email": "who@venue.example", "password": PASSWORD}),
                           401)
    assert wrong == unknown


def test_a_disabled_account_s_token_is_refused(client: TestClient) -> None:
    manager = account(client, "max@venue.example", "manager")
    with _desk(client).uow() as uow:
        disable_user(uow.session, "max@venue.example", _desk(client).clock.now())
        uow.commit()
    assert_error(client.get("/api/hil/tasks", headers=manager), 401, "unauthorized")
