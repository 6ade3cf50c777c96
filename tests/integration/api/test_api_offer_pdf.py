"""`GET /api/threads/{id}/offer.pdf` (docs/documents.md): the live offer version's PDF, or `?version=N`, as stored
when it was sent, for the thread's client or a manager; 404 naming the versions for an unknown one. The tests taking
`any_client` run on SQLite and on PostgreSQL (VENUEDESK_TEST_POSTGRES_URL)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from api_helpers import MANAGER, MANAGER_TOKEN, NOW, assert_error, bearer, ok, open_thread, to_offer
from venuedesk.clock import FrozenClock
from venuedesk.store.db import ensure_ready
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk


@pytest.fixture
def any_client(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """The API over a Desk on a new database of each backend (SQLite, PostgreSQL), migrated and seeded."""
    engine = ensure_ready(database_url)
    try:
        app = create_app(Desk(engine, FrozenClock(NOW)), manager_token=MANAGER_TOKEN,
                         settings=ServerSettings(home=tmp_path / "home"))
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client
    finally:
        engine.dispose()


def _text(response: Any) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def _sent(client: TestClient) -> tuple[str, dict[str, str]]:
    thread_id, headers, task = to_offer(client)
    ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER))
    return thread_id, headers


def _renegotiated(client: TestClient) -> tuple[str, dict[str, str]]:
    """Offer v1 sent (CHF 750.00), the client asks for 10 % off, the manager grants it: v2 (CHF 675.00) is live."""
    thread_id, headers = _sent(client)
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": "Can you do 10 % off?"}, headers=headers))
    tasks = ok(client.get("/api/hil/tasks", params={"status": "open"}, headers=MANAGER))
    counter = next(t for t in tasks if t["thread_id"] == thread_id)
    ok(client.post(f"/api/hil/tasks/{counter['task_id']}/approve", json={"discount_percent": 10}, headers=MANAGER))
    return thread_id, headers


def test_the_client_downloads_the_sent_offer_as_a_pdf(any_client: TestClient) -> None:
    thread_id, headers = _sent(any_client)
    response = any_client.get(f"/api/threads/{thread_id}/offer.pdf", headers=headers)
    assert "Offer, version 1" in _text(response) and "CHF 750.00" in _text(response)
    event_id = thread_id.replace("thr_", "evt_", 1)
    assert response.headers["content-disposition"] == f'attachment; filename="offer-{event_id}-v1.pdf"'


def test_the_manager_token_opens_it_too(client: TestClient) -> None:
    thread_id, _ = _sent(client)
    assert "Offer, version 1" in _text(client.get(f"/api/threads/{thread_id}/offer.pdf", headers=MANAGER))


def test_another_threads_client_token_gets_404(client: TestClient) -> None:
    thread_id, _ = _sent(client)
    _, stranger = open_thread(client)
    assert_error(client.get(f"/api/threads/{thread_id}/offer.pdf", headers=stranger), 404, "not_found")


def test_no_or_an_unknown_token_is_401(client: TestClient) -> None:
    thread_id, _ = _sent(client)
    assert client.get(f"/api/threads/{thread_id}/offer.pdf").status_code == 401
    assert client.get(f"/api/threads/{thread_id}/offer.pdf", headers=bearer("nope")).status_code == 401


def test_the_live_version_is_the_default_and_an_older_one_keeps_its_figures(any_client: TestClient) -> None:
    thread_id, headers = _renegotiated(any_client)
    live = _text(any_client.get(f"/api/threads/{thread_id}/offer.pdf", headers=headers))
    older = _text(any_client.get(f"/api/threads/{thread_id}/offer.pdf", params={"version": 1}, headers=headers))
    assert "Offer, version 2" in live and "CHF 675.00" in live and "-75.00" in live
    assert "Offer, version 1" in older and "CHF 750.00" in older and "675.00" not in older


def test_an_unknown_version_is_404_naming_the_versions_there_are(any_client: TestClient) -> None:
    thread_id, headers = _renegotiated(any_client)
    response = any_client.get(f"/api/threads/{thread_id}/offer.pdf", params={"version": 7}, headers=headers)
    error = assert_error(response, 404, "no_offer_document")
    assert error["message"] == "There is no offer version 7 on this thread; its versions are 1, 2."


def test_a_version_that_is_not_a_number_is_422(client: TestClient) -> None:
    thread_id, headers = _sent(client)
    response = client.get(f"/api/threads/{thread_id}/offer.pdf", params={"version": "latest"}, headers=headers)
    assert_error(response, 422, "invalid_input")


def test_before_any_offer_the_client_gets_404_saying_so(client: TestClient) -> None:
    thread_id, headers = open_thread(client)
    error = assert_error(client.get(f"/api/threads/{thread_id}/offer.pdf", headers=headers), 404)
    assert error["message"] == "There is no offer on this thread yet."


def test_a_draft_awaiting_approval_is_404_for_the_client_and_a_preview_for_the_manager(
    any_client: TestClient,
) -> None:
    thread_id, headers, _ = to_offer(any_client)
    response = any_client.get(f"/api/threads/{thread_id}/offer.pdf", headers=headers)
    error = assert_error(response, 404, "no_offer_document")
    assert "has not been sent yet" in error["message"]
    assert "Offer, version 1" in _text(any_client.get(f"/api/threads/{thread_id}/offer.pdf", headers=MANAGER))
