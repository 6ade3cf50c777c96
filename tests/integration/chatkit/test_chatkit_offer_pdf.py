"""ChatKit and the offer PDF (docs/documents.md): a sent offer's items link the version's PDF, which the
thread's own token (bearer or ChatKit cookie) downloads; any other token gets nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pypdf import PdfReader

from chatkit_helpers import (
    INQUIRY,
    ROOM_CHOICE,
    WIDGET_WARNING,
    action_body,
    call,
    create_body,
    items_body,
    message_body,
    new_thread,
    stream,
)
from venuedesk.transports.chatkit.context import RequestContext
from venuedesk.transports.chatkit.router import TOKEN_COOKIE, build_chatkit_router
from venuedesk.transports.chatkit.server import VenueChatKitServer
from venuedesk.transports.chatkit.widgets import offer_pdf_path
from venuedesk.workflow.desk import Desk

pytestmark = pytest.mark.filterwarnings(WIDGET_WARNING)


@pytest.fixture
def client(desk: Desk) -> TestClient:
    app = FastAPI()
    app.include_router(build_chatkit_router(desk))
    return TestClient(app)


def _offer_sent(server: VenueChatKitServer, desk: Desk) -> tuple[str, str, list[Any]]:
    """A ChatKit thread whose offer the manager approved: the thread, its client token and its listed items."""
    context = new_thread(desk)
    stream(server, create_body(INQUIRY), context)
    thread_id = context.thread_id or ""
    stream(server, action_body(thread_id, None, "select_date", {"date": "2026-03-10"}), RequestContext(thread_id))
    stream(server, message_body(thread_id, ROOM_CHOICE), RequestContext(thread_id))
    [task] = desk.open_tasks(thread_id)
    desk.decide(task["task_id"], "approve")
    assert context.client_token is not None
    return thread_id, context.client_token, call(server, items_body(thread_id), RequestContext(thread_id))["data"]


def _markdown(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["value"]] if node.get("type") == "Markdown" else []
        return own + [value for child in node.values() for value in _markdown(child)]
    if isinstance(node, list):
        return [value for child in node for value in _markdown(child)]
    return []


def test_the_sent_offer_links_its_version_s_pdf(server: VenueChatKitServer, desk: Desk) -> None:
    thread_id, _, listed = _offer_sent(server, desk)
    links = [value for item in listed if item["type"] == "widget" for value in _markdown(item["widget"])]
    assert f"[Offer version 1 as PDF]({offer_pdf_path(thread_id, 1)})" in links


def test_the_link_downloads_the_pdf_with_the_thread_s_cookie(
    server: VenueChatKitServer, desk: Desk, client: TestClient
) -> None:
    thread_id, token, _ = _offer_sent(server, desk)
    client.cookies.set(TOKEN_COOKIE, token)
    response = client.get(offer_pdf_path(thread_id, 1))
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert "Offer, version 1" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert response.content == desk.offer_pdf(thread_id).content


def test_another_thread_s_token_gets_404_and_no_token_401(
    server: VenueChatKitServer, desk: Desk, client: TestClient
) -> None:
    thread_id, _, _ = _offer_sent(server, desk)
    other = desk.open_thread(channel="chatkit")
    assert client.get(offer_pdf_path(thread_id, 1)).status_code == 401
    refused = client.get(offer_pdf_path(thread_id, 1), headers={"Authorization": f"Bearer {other.client_token}"})
    assert refused.status_code == 404


def test_an_unknown_version_is_404_naming_the_versions(
    server: VenueChatKitServer, desk: Desk, client: TestClient
) -> None:
    thread_id, token, _ = _offer_sent(server, desk)
    response = client.get(offer_pdf_path(thread_id, 4), headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404 and "its versions are 1" in response.json()["error"]["message"]
