"""An owner manages the accounts over HTTP (docs/accounts.md): list, create with a role, change a role, disable and enable again; a
manager or viewer gets 403; the last enabled owner can be neither demoted nor disabled (409 with the reason); every
change is in the audit with the owner who made it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from accounts_helpers import PASSWORD, account
from api_helpers import MANAGER, assert_error, bearer, ok

NEW = {"email": "Max@Venue.example", "role": "manager", "password": PASSWORD}


def _id(client: TestClient, owner: dict[str, str], email: str) -> int:
    return next(user["id"] for user in ok(client.get("/api/users", headers=owner)) if user["email"] == email)


def ok_created(response: Any) -> Any:
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def owner(client: TestClient) -> dict[str, str]:
    return account(client, "olga@venue.example", "owner")


def test_an_owner_lists_every_account_oldest_first(client: TestClient, owner: dict[str, str]) -> None:
    account(client, "vera@venue.example", "viewer")
    listed = ok(client.get("/api/users", headers=owner))
    assert [(user["email"], user["role"], user["disabled_at"]) for user in listed] == [
        ("olga@venue.example", "owner", None), ("vera@venue.example", "viewer", None)]


def test_an_owner_creates_an_account_whose_token_works_at_once(client: TestClient, owner: dict[str, str]) -> None:
    created = client.post("/api/users", json=NEW, headers=owner)
    assert created.status_code == 201
    body = created.json()
    assert (body["user"]["email"], body["user"]["role"]) == ("max@venue.example", "manager")
    assert ok(client.get("/api/hil/tasks", headers=bearer(body["token"]))) == []


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_a_manager_or_viewer_may_not_manage_accounts(client: TestClient, owner: dict[str, str], role: str) -> None:
    other = account(client, f"{role}@venue.example", role)
    olga = _id(client, owner, "olga@venue.example")
    for response in (client.get("/api/users", headers=other), client.post("/api/users", json=NEW, headers=other),
                     client.put(f"/api/users/{olga}/role", json={"role": role}, headers=other),
                     client.post(f"/api/users/{olga}/disable", headers=other),
                     client.post(f"/api/users/{olga}/enable", headers=other),
                     client.get("/api/users/changes", headers=other)):
        error = assert_error(response, 403, "forbidden")
        assert role in error["message"] and "owner" in error["message"]


def test_the_bootstrap_token_creates_the_first_owner_and_then_retires(client: TestClient) -> None:
    first = {**NEW, "email": "olga@venue.example", "role": "owner"}
    assert client.post("/api/users", json=first, headers=MANAGER).status_code == 201
    assert_error(client.get("/api/users", headers=MANAGER), 401, "bootstrap_token_retired")


def test_a_taken_email_is_409_and_a_short_password_422(client: TestClient, owner: dict[str, str]) -> None:
    taken = {**NEW, "email": "olga@venue.example"}
    assert_error(client.post("/api/users", json=taken, headers=owner), 409, "email_taken")
    short = {**NEW, "password": "short"}
    assert assert_error(client.post("/api/users", json=short, headers=owner), 422)["field"] == "password"
    assert_error(client.post("/api/users", json={**NEW, "role": "admin"}, headers=owner), 422, "invalid_input")


def test_an_owner_changes_a_role_and_the_account_acts_with_it(client: TestClient, owner: dict[str, str]) -> None:
    max_token = account(client, "max@venue.example", "manager")
    max_id = _id(client, owner, "max@venue.example")
    assert ok(client.put(f"/api/users/{max_id}/role", json={"role": "viewer"}, headers=owner))["role"] == "viewer"
    assert_error(client.put("/api/settings/autonomy", json={"offer": "auto"}, headers=max_token), 403)


def test_the_last_owner_cannot_be_demoted_or_disabled(client: TestClient, owner: dict[str, str]) -> None:
    olga = _id(client, owner, "olga@venue.example")
    demoted = assert_error(client.put(f"/api/users/{olga}/role", json={"role": "manager"}, headers=owner), 409,
                           "last_owner")
    assert "last enabled owner" in demoted["message"]
    assert_error(client.post(f"/api/users/{olga}/disable", headers=owner), 409, "last_owner")
    assert ok(client.get("/api/users", headers=owner))[0]["role"] == "owner"


def test_with_a_second_owner_the_first_may_step_down(client: TestClient, owner: dict[str, str]) -> None:
    account(client, "otto@venue.example", "owner")
    olga = _id(client, owner, "olga@venue.example")
    assert ok(client.put(f"/api/users/{olga}/role", json={"role": "manager"}, headers=owner))["role"] == "manager"


def test_a_disabled_owner_does_not_count_as_the_other_owner(client: TestClient, owner: dict[str, str]) -> None:
    account(client, "otto@venue.example", "owner")
    ok(client.post(f"/api/users/{_id(client, owner, 'otto@venue.example')}/disable", headers=owner))
    olga = _id(client, owner, "olga@venue.example")
    assert_error(client.put(f"/api/users/{olga}/role", json={"role": "viewer"}, headers=owner), 409, "last_owner")


def test_a_disabled_account_s_token_stops_working_at_once(client: TestClient, owner: dict[str, str]) -> None:
    max_token = account(client, "max@venue.example", "manager")
    disabled = ok(client.post(f"/api/users/{_id(client, owner, 'max@venue.example')}/disable", headers=owner))
    assert disabled["disabled_at"] is not None
    assert_error(client.get("/api/hil/tasks", headers=max_token), 401)


def test_an_account_enabled_again_signs_in_with_its_password_while_its_old_token_stays_ended(
    client: TestClient, owner: dict[str, str]
) -> None:
    max_token = account(client, "max@venue.example", "manager")
    max_id = _id(client, owner, "max@venue.example")
    ok(client.post(f"/api/users/{max_id}/disable", headers=owner))
    enabled = ok(client.post(f"/api/users/{max_id}/enable", headers=owner))
    assert enabled["disabled_at"] is None
    assert_error(client.get("/api/hil/tasks", headers=max_token), 401)
    session = ok_created(client.post("/api/session", json={"email": "max@venue.example", "password": PASSWORD}))
    assert ok(client.get("/api/hil/tasks", headers=bearer(session["token"]))) == []


def test_enabling_an_enabled_account_changes_nothing(client: TestClient, owner: dict[str, str]) -> None:
    account(client, "max@venue.example", "manager")
    max_id = _id(client, owner, "max@venue.example")
    assert ok(client.post(f"/api/users/{max_id}/enable", headers=owner))["disabled_at"] is None
    assert [c["action"] for c in ok(client.get("/api/users/changes", headers=owner))
            if c["email"] == "max@venue.example"] == ["created"]


def test_an_unknown_account_is_404(client: TestClient, owner: dict[str, str]) -> None:
    assert_error(client.put("/api/users/999/role", json={"role": "viewer"}, headers=owner), 404, "not_found")
    assert_error(client.post("/api/users/999/disable", headers=owner), 404, "not_found")
    assert_error(client.post("/api/users/999/enable", headers=owner), 404, "not_found")


def test_every_change_is_audited_with_the_owner_who_made_it(client: TestClient, owner: dict[str, str]) -> None:
    max_id = client.post("/api/users", json=NEW, headers=owner).json()["user"]["id"]
    ok(client.put(f"/api/users/{max_id}/role", json={"role": "viewer"}, headers=owner))
    ok(client.post(f"/api/users/{max_id}/disable", headers=owner))
    ok(client.post(f"/api/users/{max_id}/enable", headers=owner))
    changes = [change for change in ok(client.get("/api/users/changes", headers=owner))
               if change["email"] == "max@venue.example"]
    assert [(c["action"], c["before"], c["after"], c["changed_by"]) for c in changes] == [
        ("created", {}, {"email": "max@venue.example", "role": "manager"}, "olga@venue.example"),
        ("role_changed", {"role": "manager"}, {"role": "viewer"}, "olga@venue.example"),
        ("disabled", {"disabled": False}, {"disabled": True}, "olga@venue.example"),
        ("enabled", {"disabled": True}, {"disabled": False}, "olga@venue.example")]


def test_a_limit_keeps_only_the_newest_changes_oldest_first(client: TestClient, owner: dict[str, str]) -> None:
    max_id = client.post("/api/users", json=NEW, headers=owner).json()["user"]["id"]
    ok(client.put(f"/api/users/{max_id}/role", json={"role": "viewer"}, headers=owner))
    ok(client.post(f"/api/users/{max_id}/disable", headers=owner))
    newest = ok(client.get("/api/users/changes?limit=2", headers=owner))
    assert [change["action"] for change in newest] == ["role_changed", "disabled"]
    assert len(ok(client.get("/api/users/changes", headers=owner))) > 2


@pytest.mark.parametrize("limit", ["0", "1001", "many"])
def test_a_limit_out_of_range_is_422_naming_it(client: TestClient, owner: dict[str, str], limit: str) -> None:
    error = assert_error(client.get(f"/api/users/changes?limit={limit}", headers=owner), 422)
    assert "limit" in str(error)


def test_signing_out_ends_the_session_token_at_once_and_is_audited(client: TestClient, owner: dict[str, str]) -> None:
    session = ok_created(client.post("/api/session", json={"email": "olga@venue.example", "password": PASSWORD}))
    headers = bearer(session["token"])
    assert client.post("/api/session/logout", headers=headers).status_code == 204
    assert_error(client.get("/api/hil/tasks", headers=headers), 401)
    assert_error(client.post("/api/session/logout", headers=headers), 401)
    [change] = [c for c in ok(client.get("/api/users/changes", headers=owner)) if c["action"] == "logged_out"]
    assert change["changed_by"] == "olga@venue.example"


def test_signing_out_keeps_the_account_s_other_sessions_and_personal_token(
    client: TestClient, owner: dict[str, str]
) -> None:
    login = {"email": "olga@venue.example", "password": PASSWORD}
    first, second = (ok_created(client.post("/api/session", json=login))["token"] for _ in range(2))
    assert client.post("/api/session/logout", headers=bearer(first)).status_code == 204
    assert ok(client.get("/api/hil/tasks", headers=bearer(second))) == []
    assert ok(client.get("/api/hil/tasks", headers=owner)) == []


def test_a_personal_token_cannot_sign_out(client: TestClient, owner: dict[str, str]) -> None:
    assert_error(client.post("/api/session/logout", headers=owner), 400, "not_a_session")
    assert ok(client.get("/api/hil/tasks", headers=owner)) == []
