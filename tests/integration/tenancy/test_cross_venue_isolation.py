"""Tenancy (docs/tenancy.md): two venues on one install, each with a thread, an offer, a held room and an open task.
No API call of venue A, with A's manager or client token, can read or change anything of venue B, whatever ids it
names (B's real ones or guessed neighbours): every route the app has is called, so a new route is covered too."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from starlette.routing import Route

from venuedesk.accounts.service import create_user
from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.store.catalogue import seed
from venuedesk.store.db import ensure_ready
from venuedesk.store.models import BookingRow, ThreadRow
from venuedesk.store.tables import metadata
from venuedesk.store.uow import UnitOfWork, make_session_factory
from venuedesk.store.venues import add_venue
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.venue.loader import load_catalogue_documents
from venuedesk.workflow.desk import Desk

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
BOOTSTRAP = "mgr_bootstrap_token_for_tenancy"
INQUIRY = "Hi, we'd like a workshop for 30 people in March, ideally a Tuesday, 9 to 5."
B_PREFIX = "/v/beta"
PUBLIC = {("POST", "/api/threads"), ("POST", "/api/session"), ("POST", "/api/payments/webhook"),
          ("POST", "/api/email/inbound"), ("POST", "/chatkit")}
"""Routes anyone may call: at venue B's prefix they are B's own public API, not A's, so the sweep of B's prefix
with A's tokens leaves them out (opening a thread there is B's business)."""


@dataclasses.dataclass
class VenueSide:
    prefix: str
    manager: dict[str, str]
    client: dict[str, str]
    thread_id: str
    task_id: str
    email: str


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _ok(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


def _owner(engine: Engine, venue_id: str, email: str) -> dict[str, str]:
    with UnitOfWork(make_session_factory(engine, venue_id), FrozenClock(NOW)) as uow:
        issued = create_user(uow.session, email, "owner", "a long enough passphrase", NOW)
        uow.commit()
    return _bearer(issued.token)


def _to_offer(client: TestClient, prefix: str, manager: dict[str, str], email: str) -> tuple[str, dict[str, str], str]:
    """A thread of the venue at `prefix` taken to a held Room B on 10 March with an open offer_approval task."""
    created = _ok(client.post(f"{prefix}/api/threads"))
    thread_id, headers = created["thread_id"], _bearer(created["client_token"])
    _ok(client.post(f"{prefix}/api/threads/{thread_id}/messages", json={"text": INQUIRY, "from": email},
                    headers=headers))
    _ok(client.post(f"{prefix}/api/threads/{thread_id}/actions",
                    json={"name": "select_date", "args": {"date": "2026-03-10"}}, headers=headers))
    reply = _ok(client.post(f"{prefix}/api/threads/{thread_id}/messages", json={"text": "Room B please, no catering"},
                            headers=headers))
    assert reply["footer"]["state"] == "Waiting on HIL", reply
    tasks = _ok(client.get(f"{prefix}/api/hil/tasks", params={"status": "open"}, headers=manager))
    return thread_id, headers, next(t["task_id"] for t in tasks if t["thread_id"] == thread_id)


@pytest.fixture
def install(database_url: str, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Engine, VenueSide, VenueSide]]:
    """The default venue (A, unprefixed) and `beta` (B, `/v/beta`), both on the demo catalogue under other names,
    on SQLite and on PostgreSQL (where a turn's rows are written behind, at commit)."""
    monkeypatch.setenv("VENUEDESK_LIMITS", "off")
    engine = ensure_ready(database_url)
    docs = load_catalogue_documents(None)
    add_venue(engine, "beta", "Beta Hall", NOW)
    seed(engine, dataclasses.replace(docs, venue={**docs.venue, "name": "Beta Hall"}), venue_id="beta")
    desk = Desk(engine, FrozenClock(NOW))
    settings = ServerSettings(home=tmp_path / "home", auth_max_failures=100_000, payment_secret="whsec_tenancy")
    app = create_app(desk, manager_token=BOOTSTRAP, settings=settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        sides = []
        for venue_id, prefix, email in (("default", "", "anna@alpha.example"), ("beta", B_PREFIX, "bert@beta.example")):
            manager = _owner(engine, venue_id, f"owner@{venue_id}.example")
            thread_id, headers, task_id = _to_offer(client, prefix, manager, email)
            sides.append(VenueSide(prefix, manager, headers, thread_id, task_id, email))
        yield client, engine, sides[0], sides[1]
    engine.dispose()


def _dump(engine: Engine, venue_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the venue, table by table, in a stable order."""
    dump: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for name, table in sorted(metadata.tables.items()):
            if "venue_id" in table.c:
                rows = connection.execute(select(table).where(table.c.venue_id == venue_id)).all()
                dump[name] = sorted(tuple(map(repr, row)) for row in rows)
    return dump


def _adjacent(identifier: str) -> str:
    """The id one step on from `identifier` in its last hexadecimal digit or number: a guessed neighbour."""
    last = identifier[-1]
    return identifier[:-1] + ("0" if last == "f" else format(int(last, 16) + 1, "x"))


def _candidates(b: VenueSide) -> dict[str, list[str]]:
    """Values for each path parameter: B's real ids and guessed neighbours of them."""
    return {
        "thread_id": [b.thread_id, _adjacent(b.thread_id), f"evt_{b.thread_id}"],
        "task_id": [b.task_id, re.sub(r"-(\d+)$", lambda m: f"-{int(m.group(1)) + 1}", b.task_id),
                    f"{b.thread_id}-hil-0"],
        "email": [b.email],
        "stored_name": ["offer.pdf"],
        "token": ["x"],
        "room_id": ["room-a", "room-b"],
        "language": ["en"],
        "name": ["client.js"],
    }


BODIES = {"messages": {"text": "Please cancel everything"}, "actions": {"name": "select_date",
          "args": {"date": "2026-03-17"}}, "edit": {"text": "Dear client, it is yours."}, "reject": {"note": "no"},
          "approve": {}, "deposit-paid": {"amount": "100.00"}, "autonomy": {"mode": "auto"}, "limits": {}}


def _routes(routes: list[Any]) -> Iterator[tuple[str, set[str]]]:
    """(path template, methods) of every route, the routers the app included flattened (FastAPI keeps them as
    included-router entries whose effective routes carry the full path)."""
    for route in routes:
        if hasattr(route, "effective_candidates"):
            for candidate in route.effective_candidates():
                if hasattr(candidate, "effective_candidates"):
                    yield from _routes([candidate])
                elif isinstance(candidate.original_route, Route):
                    yield candidate.path, set(candidate.original_route.methods or ())
        elif isinstance(route, Route):
            yield route.path, set(route.methods or ())


def _calls(client: TestClient, b: VenueSide) -> Iterator[tuple[str, str, str, dict[str, Any] | None]]:
    """Every (method, template, path, body) of every route of the app, path parameters filled with B's ids and
    guesses."""
    candidates = _candidates(b)
    for template, methods in _routes(client.app.routes):  # type: ignore[attr-defined]
        names = re.findall(r"{(\w+)(?::\w+)?}", template)
        fillings: list[dict[str, str]] = [{}]
        for name in names:
            fillings = [{**filled, name: value} for filled in fillings for value in candidates.get(name, ["x"])]
        for method in sorted(methods - {"HEAD", "OPTIONS"}):
            for filled in fillings:
                path = re.sub(r"{(\w+)(?::\w+)?}", lambda m, f=filled: f[m.group(1)], template)  # type: ignore[misc]
                body = BODIES.get(path.rsplit("/", 1)[-1], {}) if method in ("POST", "PUT") else None
                yield method, template, path, body


def _leaks(text: str, path: str, b: VenueSide) -> list[str]:
    """B's ids, client email or name in a response, beyond what the request itself named (a 404 echoes the id)."""
    return [secret for secret in (b.thread_id, b.task_id, b.email, "Beta Hall") if secret in text and secret not in path]


def test_the_two_venues_hold_the_same_room_on_the_same_day_without_conflict(
    install: tuple[TestClient, Engine, VenueSide, VenueSide],
) -> None:
    _, engine, a, b = install
    with engine.connect() as connection:
        holds = connection.execute(select(BookingRow.venue_id, BookingRow.room_id, BookingRow.date)).all()
    assert sorted(venue for venue, _, _ in holds) == ["beta", "default"]
    assert len({(room, day) for _, room, day in holds}) == 1


def test_no_route_of_venue_a_reads_or_changes_venue_b_with_a_managers_or_clients_token(
    install: tuple[TestClient, Engine, VenueSide, VenueSide],
) -> None:
    client, engine, a, b = install
    before = _dump(engine, "beta")
    seen: list[str] = []
    for method, template, path, body in _calls(client, b):
        seen.append(f"{method} {template}")
        for headers in (a.manager, a.client):
            response = client.request(method, path, json=body, headers=headers)
            assert response.status_code < 500 or response.status_code == 503, (method, path, response.text)
            assert not _leaks(response.text, path, b), (method, path, response.status_code, response.text[:300])
    assert _dump(engine, "beta") == before
    assert {"GET /api/threads/{thread_id}", "POST /api/hil/tasks/{task_id}/approve", "GET /api/events"} <= set(seen)


def test_venue_a_tokens_open_nothing_at_venue_bs_prefix(
    install: tuple[TestClient, Engine, VenueSide, VenueSide],
) -> None:
    client, engine, a, b = install
    before = _dump(engine, "beta")
    for method, template, path, body in _calls(client, b):
        if (method, template) in PUBLIC or not template.startswith("/api/"):
            continue
        for headers in (a.manager, a.client):
            response = client.request(method, f"{B_PREFIX}{path}", json=body, headers=headers)
            assert response.status_code in (401, 403, 404, 405, 422), (method, path, response.status_code,
                                                                         response.text[:300])
            assert not _leaks(response.text, path, b), (method, path, response.text[:300])
    assert _dump(engine, "beta") == before


def test_each_venue_sees_its_own_catalogue_and_tasks(install: tuple[TestClient, Engine, VenueSide, VenueSide]) -> None:
    client, _, a, b = install
    a_tasks = _ok(client.get("/api/hil/tasks", headers=a.manager))
    b_tasks = _ok(client.get(f"{B_PREFIX}/api/hil/tasks", headers=b.manager))
    assert [t["task_id"] for t in a_tasks] == [a.task_id] and [t["task_id"] for t in b_tasks] == [b.task_id]
    assert "Beta Hall" not in client.get(f"/api/threads/{a.thread_id}", headers=a.client).text


def test_a_row_of_another_venue_is_not_found_by_its_id(install: tuple[TestClient, Engine, VenueSide, VenueSide]) -> None:
    _, engine, a, b = install
    with UnitOfWork(make_session_factory(engine, "default"), FrozenClock(NOW)) as uow:
        assert uow.threads.get(b.thread_id) is None and uow.hil.get(b.task_id) is None
        assert uow.threads.get(a.thread_id) is not None and uow.hil.get(a.task_id) is not None
        assert not uow.lock_thread(b.thread_id)


def test_an_unknown_venue_prefix_is_404(install: tuple[TestClient, Engine, VenueSide, VenueSide]) -> None:
    client = install[0]
    response = client.post("/v/nowhere/api/threads")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def _chatkit_create(text: str) -> bytes:
    from chatkit.types import InferenceOptions, ThreadCreateParams, ThreadsCreateReq, UserMessageInput
    from chatkit.types import UserMessageTextContent

    given = UserMessageInput(content=[UserMessageTextContent(text=text)], attachments=[],
                             inference_options=InferenceOptions())
    return ThreadsCreateReq(params=ThreadCreateParams(input=given)).model_dump_json(by_alias=True,
                                                                                   exclude_none=True).encode()


@pytest.mark.filterwarnings("ignore:Direct usage of named widget classes:DeprecationWarning")
def test_a_chatkit_conversation_at_a_venues_prefix_is_that_venues_thread(
    install: tuple[TestClient, Engine, VenueSide, VenueSide],
) -> None:
    client, engine, _, b = install
    response = client.post(f"{B_PREFIX}/chatkit", content=_chatkit_create(INQUIRY),
                           headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text
    client.cookies.clear()
    with engine.connect() as connection:
        venues = connection.execute(select(ThreadRow.venue_id).where(ThreadRow.channel == "chatkit")).scalars().all()
    assert venues == ["beta"]
    token = {"Authorization": f"Bearer {response.headers['X-Venuedesk-Client-Token']}"}
    assert client.get(f"/chatkit/threads/{b.thread_id}/calendar.ics", headers=token).status_code in (401, 403, 404)


def test_a_room_feed_address_of_one_venue_opens_nothing_at_another(
    install: tuple[TestClient, Engine, VenueSide, VenueSide],
) -> None:
    client, _, a, b = install
    a_feeds = {feed["room_id"]: feed["path"] for feed in _ok(client.get("/api/calendar/feeds", headers=a.manager))}
    b_feeds = {feed["room_id"]: feed["path"] for feed in _ok(client.get(f"{B_PREFIX}/api/calendar/feeds",
                                                                        headers=b.manager))}
    room = next(iter(a_feeds))
    assert b_feeds[room].startswith(f"{B_PREFIX}/calendar/") and b_feeds[room] != f"{B_PREFIX}{a_feeds[room]}"
    assert client.get(f"{B_PREFIX}{a_feeds[room]}").status_code == 403
    assert client.get(b_feeds[room]).status_code == 200
