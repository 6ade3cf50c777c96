"""What the console learns about accounts (docs/accounts.md): `GET /api/session` names the account a manager token
speaks for and its role; `GET /api/users` says when each account last signed in and never shows a password or its
hash."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from accounts_helpers import PASSWORD, account
from api_helpers import MANAGER, assert_error, bearer, ok, open_thread
from venuedesk.clock import FrozenClock


def _sign_in(client: TestClient, email: str) -> str:
    response = client.post("/api/session", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return response.json()["token"]


def _listed(client: TestClient, owner: dict[str, str]) -> dict[str, dict[str, object]]:
    return {user["email"]: user for user in ok(client.get("/api/users", headers=owner))}


def test_a_session_token_names_its_account_and_role(client: TestClient) -> None:
    account(client, "vera@venue.example", "viewer")
    session = _sign_in(client, "vera@venue.example")
    assert ok(client.get("/api/session", headers=bearer(session))) == {"email": "vera@venue.example", "role": "viewer"}


def test_a_personal_token_names_its_account_and_role(client: TestClient) -> None:
    owner = account(client, "olga@venue.example", "owner")
    assert ok(client.get("/api/session", headers=owner)) == {"email": "olga@venue.example", "role": "owner"}


def test_the_bootstrap_token_speaks_for_an_owner_named_bootstrap(client: TestClient) -> None:
    assert ok(client.get("/api/session", headers=MANAGER)) == {"email": "bootstrap", "role": "owner"}


def test_a_client_token_is_403_and_no_token_401(client: TestClient) -> None:
    _, client_headers = open_thread(client)
    assert_error(client.get("/api/session", headers=client_headers), 403, "forbidden")
    assert_error(client.get("/api/session"), 401, "unauthorized")


def test_the_list_says_when_each_account_last_signed_in(client: TestClient) -> None:
    owner = account(client, "olga@venue.example", "owner")
    account(client, "max@venue.example", "manager")
    clock = client.app.state.desk.clock
    assert isinstance(clock, FrozenClock)
    _sign_in(client, "max@venue.example")
    clock.advance(timedelta(hours=13))
    _sign_in(client, "max@venue.example")
    listed = _listed(client, owner)
    assert listed["max@venue.example"]["last_sign_in_at"] == clock.now().isoformat()
    assert listed["olga@venue.example"]["last_sign_in_at"] is None


def test_a_personal_token_s_use_is_no_sign_in(client: TestClient) -> None:
    owner = account(client, "olga@venue.example", "owner")
    ok(client.get("/api/hil/tasks", headers=owner))
    assert _listed(client, owner)["olga@venue.example"]["last_sign_in_at"] is None


def test_a_signed_out_session_still_counts_as_the_last_sign_in(client: TestClient) -> None:
    owner = account(client, "olga@venue.example", "owner")
    account(client, "max@venue.example", "manager")
    session = _sign_in(client, "max@venue.example")
    assert client.post("/api/session/logout", headers=bearer(session)).status_code == 204
    assert _listed(client, owner)["max@venue.example"]["last_sign_in_at"] is not None


def test_the_list_holds_no_password_or_hash(client: TestClient) -> None:
    owner = account(client, "olga@venue.example", "owner")
    [user] = ok(client.get("/api/users", headers=owner))
    assert set(user) == {"id", "email", "role", "created_at", "disabled_at", "last_sign_in_at"}
    assert "argon2" not in client.get("/api/users", headers=owner).text
