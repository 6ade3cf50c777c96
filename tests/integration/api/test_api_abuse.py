"""The issue-13 scenario over HTTP, trusted proxies, and limits shared through Redis by two app instances."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from api_helpers import MANAGER, MANAGER_TOKEN, ok
from venuedesk.store.models import BookingRow, HilTaskRow, ThreadRow
from venuedesk.transports.app import create_app
from venuedesk.transports.client_ip import client_address, trusted_networks
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk

REDIS_URL = "redis://127.0.0.1:6379/15"
SCRIPT_DAYS = [f"{day}" for day in range(10, 28) if day not in (14, 15, 21, 22)]  # weekdays of March 2026


def _open(client: TestClient) -> dict[str, str]:
    response = client.post("/api/threads")
    assert response.status_code == 201, response.text
    return dict(response.json())


def _ask_for_room(client: TestClient, day: str, sender: str) -> str:
    created = _open(client)
    headers = {"Authorization": f"Bearer {created['client_token']}"}
    url = f"/api/threads/{created['thread_id']}"
    ok(client.post(f"{url}/messages", headers=headers, json={
        "text": f"Hi, we'd like a workshop for 30 people on {day} March 2026, 9 to 5.", "sender": sender}))
    reply = ok(client.post(f"{url}/actions", headers=headers, json={"name": "select_room", "args": {"room_id": "room-b"}}))
    return str(reply["body_markdown"])


def test_a_script_from_one_address_is_capped_and_the_manager_gets_one_task(client: TestClient,
                                                                           engine: Engine) -> None:
    replies = [_ask_for_room(client, day, f"bot{index}@example.com") for index, day in enumerate(SCRIPT_DAYS)]
    with engine.connect() as connection:
        holds = connection.execute(select(func.count()).select_from(BookingRow)).scalar_one()
        tasks = connection.execute(select(func.count()).select_from(HilTaskRow)
                                   .where(HilTaskRow.summary.like("Hold limit reached%"))).scalar_one()
    told = sum("our team will look at this request personally" in reply for reply in replies)
    assert (holds, tasks, told) == (10, 1, len(SCRIPT_DAYS) - 10)


def test_a_real_client_still_finds_rooms_after_the_script(client: TestClient, tmp_path: Path, desk: Desk) -> None:
    for index, day in enumerate(SCRIPT_DAYS):
        _ask_for_room(client, day, f"bot{index}@example.com")
    app = create_app(desk, manager_token=MANAGER_TOKEN, settings=ServerSettings(home=tmp_path / "home"))
    with TestClient(app, client=("203.0.113.7", 50000)) as real:
        reply = _ask_for_room(real, "31", "real.client@example.com")
    assert "Room B is reserved for you on option" in reply


def test_the_thread_stores_a_keyed_hash_of_the_address_never_the_address(client: TestClient, engine: Engine) -> None:
    thread = _open(client)["thread_id"]
    with engine.connect() as connection:
        stored = connection.execute(select(ThreadRow.client_ip_hash).where(ThreadRow.id == thread)).scalar_one()
    assert stored is not None and len(stored) == 32 and "testclient" not in stored


def test_forwarded_for_is_ignored_from_an_untrusted_peer() -> None:
    scope = {"client": ("198.51.100.1", 1), "headers": [(b"x-forwarded-for", b"203.0.113.9")]}
    assert client_address(scope, trusted_networks(None)) == "198.51.100.1"


def test_forwarded_for_names_the_client_behind_a_trusted_proxy() -> None:
    scope = {"client": ("10.0.0.2", 1), "headers": [(b"x-forwarded-for", b"198.51.100.66, 203.0.113.9, 10.0.0.3")]}
    assert client_address(scope, trusted_networks("10.0.0.0/8")) == "203.0.113.9"


def _redis_or_skip() -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")


@pytest.fixture
def two_apps(desk: Desk, tmp_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    _redis_or_skip()
    settings = ServerSettings(home=tmp_path / "home", redis_url=REDIS_URL,
                              rate_limit_namespace=f"test-{secrets.token_hex(6)}")
    first = create_app(desk, manager_token=MANAGER_TOKEN, settings=settings)
    second = create_app(desk, manager_token=MANAGER_TOKEN, settings=settings)
    with TestClient(first) as one, TestClient(second) as two:
        yield one, two


def test_two_app_instances_share_the_limit_through_redis(two_apps: tuple[TestClient, TestClient]) -> None:
    one, two = two_apps
    ok(one.put("/api/settings/limits", json={"threads_per_ip": "3/minute"}, headers=MANAGER))
    two.app.state.rate_limiter.forget_limits()  # type: ignore[attr-defined]
    codes = [client.post("/api/threads").status_code for client in (one, two, one, two)]
    assert codes == [201, 201, 201, 429]


def test_each_app_instance_counts_alone_in_memory(desk: Desk, tmp_path: Path) -> None:
    settings = ServerSettings(home=tmp_path / "home")
    apps = [create_app(desk, manager_token=MANAGER_TOKEN, settings=settings) for _ in range(2)]
    with TestClient(apps[0]) as one, TestClient(apps[1]) as two:
        ok(one.put("/api/settings/limits", json={"threads_per_ip": "2/minute"}, headers=MANAGER))
        two.app.state.rate_limiter.forget_limits()  # type: ignore[attr-defined]
        codes = [client.post("/api/threads").status_code for client in (one, two, one, two)]
    assert codes == [201, 201, 201, 201]
