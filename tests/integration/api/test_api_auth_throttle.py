"""Failed authentication is throttled (docs/accounts.md): after VENUEDESK_AUTH_MAX_FAILURES failures in the window,
an IP address or an account gets 429 with Retry-After, counted together by every API process on one database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from accounts_helpers import PASSWORD, account
from api_helpers import MANAGER, MANAGER_TOKEN, NOW, assert_error, bearer
from venuedesk.clock import FrozenClock
from venuedesk.store.db import make_engine
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk

LIMIT = 3


def _settings(tmp_path: Path) -> ServerSettings:
    return ServerSettings(home=tmp_path / "home", auth_max_failures=LIMIT, auth_window_seconds=600)


@pytest.fixture
def client(desk: Desk, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(desk, manager_token=MANAGER_TOKEN, settings=_settings(tmp_path))) as test_client:
        yield test_client


@pytest.fixture
def second_process(engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    """Another app instance, with its own engine and desk, on the same database and VENUEDESK_HOME."""
    other = make_engine(engine.url)
    app = create_app(Desk(other, FrozenClock(NOW)), manager_token=MANAGER_TOKEN, settings=_settings(tmp_path))
    try:
        with TestClient(app) as test_client:
            yield test_client
    finally:
        other.dispose()


def test_wrong_manager_tokens_from_one_address_end_in_429_with_retry_after(client: TestClient) -> None:
    for attempt in range(LIMIT):
        assert_error(client.get("/api/hil/tasks", headers=bearer(f"mgr_guess_{attempt}")), 401)
    refused = client.get("/api/hil/tasks", headers=MANAGER)
    assert_error(refused, 429, "too_many_failures")
    assert 0 < int(refused.headers["Retry-After"]) <= 600


def test_failed_logins_for_one_account_end_in_429_with_retry_after(client: TestClient) -> None:
    account(client, "max@venue.example", "manager")
    for _ in range(LIMIT):
        assert_error(client.post("/api/session", json={"email": "max@venue.example", "password": "guess"}), 401)
    refused = client.post("/api/session", json={"email": "max@venue.example", "password": PASSWORD})
    assert_error(refused, 429, "too_many_failures")
    assert int(refused.headers["Retry-After"]) > 0


def test_tokens_that_open_no_thread_end_in_429(client: TestClient) -> None:
    for attempt in range(LIMIT):
        assert_error(client.get("/api/threads/thr_x", headers=bearer(f"tok_guess_{attempt}")), 401)
    assert_error(client.get("/api/threads/thr_x", headers=bearer("tok_guess")), 429, "too_many_failures")


def test_failures_spread_over_two_app_instances_count_together(
    client: TestClient, second_process: TestClient
) -> None:
    assert_error(client.get("/api/hil/tasks", headers=bearer("mgr_guess_a")), 401)
    assert_error(second_process.get("/api/hil/tasks", headers=bearer("mgr_guess_b")), 401)
    assert_error(client.get("/api/hil/tasks", headers=bearer("mgr_guess_c")), 401)
    refused = second_process.get("/api/hil/tasks", headers=MANAGER)
    assert_error(refused, 429, "too_many_failures")
    assert_error(client.get("/api/hil/tasks", headers=MANAGER), 429, "too_many_failures")

