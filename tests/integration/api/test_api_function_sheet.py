"""`GET /api/events/{id}/function-sheet` and `.pdf` (docs/documents.md "Function sheet"): the confirmed booking's
sheet for manager tokens only, the newest version or `?version=N`, the page with no script under its own policy."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from pypdf import PdfReader

from api_helpers import MANAGER, assert_error, open_thread
from confirmed_booking import TURNS, confirm_booking
from venuedesk.workflow.desk import Desk


def confirmed_event(client: TestClient, desk: Desk) -> tuple[str, dict[str, str]]:
    """A booking confirmed through the workflow on a thread opened over the API; its event id and client headers."""
    thread_id, headers = open_thread(client)
    confirm_booking(desk, thread_id)
    return "evt_" + thread_id.removeprefix("thr_"), headers


def test_the_manager_reads_the_newest_sheet_as_a_page(client: TestClient, desk: Desk) -> None:
    event_id, _ = confirmed_event(client, desk)
    response = client.get(f"/api/events/{event_id}/function-sheet", headers=MANAGER)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["x-function-sheet-version"] == "1" and response.headers["cache-control"] == "no-store"
    assert "<th>Head count</th><td>30</td>" in response.text and "<script" not in response.text


def test_the_page_sends_a_policy_that_allows_only_its_own_stylesheet(client: TestClient, desk: Desk) -> None:
    event_id, _ = confirmed_event(client, desk)
    policy = client.get(f"/api/events/{event_id}/function-sheet", headers=MANAGER).headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; style-src 'sha256-") and "script-src" not in policy


def test_the_manager_downloads_the_pdf_with_the_same_figures(client: TestClient, desk: Desk) -> None:
    event_id, _ = confirmed_event(client, desk)
    response = client.get(f"/api/events/{event_id}/function-sheet.pdf", headers=MANAGER)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert f'filename="function-sheet-{event_id}-v1.pdf"' in response.headers["content-disposition"]
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Room B" in text and "Head count 30" in text and "Lunch package 30 (per person)" in text


def test_a_version_is_asked_for_by_number(client: TestClient, desk: Desk) -> None:
    event_id, headers = confirmed_event(client, desk)
    thread_id = "thr_" + event_id.removeprefix("evt_")
    client.post(f"/api/threads/{thread_id}/actions", json={"name": "select_site_visit",
                                                            "args": {"slot": "2026-02-04T10:00"}}, headers=headers)
    newest = client.get(f"/api/events/{event_id}/function-sheet", headers=MANAGER)
    first = client.get(f"/api/events/{event_id}/function-sheet", params={"version": 1}, headers=MANAGER)
    assert newest.headers["x-function-sheet-versions"] == "1,2" and "Changed since version 1" in newest.text
    assert first.headers["x-function-sheet-version"] == "1" and "Changed since" not in first.text


def test_a_client_token_is_refused_with_403(client: TestClient, desk: Desk) -> None:
    event_id, headers = confirmed_event(client, desk)
    assert_error(client.get(f"/api/events/{event_id}/function-sheet", headers=headers), 403)
    assert_error(client.get(f"/api/events/{event_id}/function-sheet.pdf", headers=headers), 403)


def test_no_token_is_401(client: TestClient, desk: Desk) -> None:
    event_id, _ = confirmed_event(client, desk)
    assert_error(client.get(f"/api/events/{event_id}/function-sheet"), 401)


def test_an_event_not_confirmed_yet_has_no_sheet(client: TestClient) -> None:
    thread_id, headers = open_thread(client)
    client.post(f"/api/threads/{thread_id}/messages", json={"text": TURNS["en"][0], "from": "a@example.com"},
                headers=headers)
    event_id = "evt_" + thread_id.removeprefix("thr_")
    assert_error(client.get(f"/api/events/{event_id}/function-sheet", headers=MANAGER), 404, "no_function_sheet")


def test_an_unknown_event_or_version_is_404(client: TestClient, desk: Desk) -> None:
    event_id, _ = confirmed_event(client, desk)
    assert_error(client.get("/api/events/evt_nope/function-sheet", headers=MANAGER), 404, "not_found")
    assert_error(client.get(f"/api/events/{event_id}/function-sheet.pdf", params={"version": 7}, headers=MANAGER),
                 404, "not_found")
