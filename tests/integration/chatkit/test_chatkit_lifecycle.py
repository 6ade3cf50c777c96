"""ChatKit and the booking lifecycle (docs/design.md §4.13): the step-5–7 actions reach the Desk like any other
button, and the `.ics` invite is a link to a download the thread's own token opens."""

from __future__ import annotations

from typing import Any

import pytest
from chatkit.types import WidgetItem
from fastapi import FastAPI
from fastapi.testclient import TestClient

from chatkit_helpers import NOW, WIDGET_WARNING, buttons
from venuedesk.transports.chatkit.router import TOKEN_COOKIE, build_chatkit_router
from venuedesk.transports.chatkit.widgets import calendar_path, reply_items
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.reply import Action, Reply, make_footer

pytestmark = pytest.mark.filterwarnings(WIDGET_WARNING)


def _confirmation(thread_id: str) -> Reply:
    footer, text = make_footer(7, "enjoy your event", "Closed")
    return Reply(thread_id=thread_id, turn_id="turn-9", agent="confirmation_agent", body_markdown="Confirmed.",
                 actions=[Action(name="download_ics", label="Add to calendar [.ics]", args={"url": "/elsewhere"}),
                          Action(name="cancel_booking", label="Cancel booking", style="danger")],
                 footer=footer, footer_text=text)


def _markdown_values(node: Any) -> list[str]:
    if hasattr(node, "model_dump"):
        node = node.model_dump(mode="json")
    if isinstance(node, dict):
        own = [node["value"]] if node.get("type") == "Markdown" else []
        return own + [value for child in node.values() for value in _markdown_values(child)]
    if isinstance(node, list):
        return [value for child in node for value in _markdown_values(child)]
    return []


def test_a_download_ics_action_renders_as_a_link_to_the_thread_s_calendar_not_as_a_button() -> None:
    items = reply_items(_confirmation("thr_1"), "thr_1", 3, NOW)
    widgets = [item.widget for item in items if isinstance(item, WidgetItem)]
    links = [value for widget in widgets for value in _markdown_values(widget)]
    assert links == [r"[Add to calendar \[.ics\]](/chatkit/threads/thr_1/calendar.ics)"]
    clicks = [button["onClickAction"]["type"] for widget in widgets for button in buttons(widget)]
    assert clicks == ["cancel_booking"]


def test_the_calendar_path_escapes_the_thread_id() -> None:
    assert calendar_path("a/b?c") == "/chatkit/threads/a%2Fb%3Fc/calendar.ics"


@pytest.fixture
def client(desk: Desk) -> TestClient:
    app = FastAPI()
    app.include_router(build_chatkit_router(desk))
    return TestClient(app)


def test_the_calendar_download_needs_the_thread_s_own_token(client: TestClient, desk: Desk) -> None:
    mine, other = desk.open_thread(channel="chatkit"), desk.open_thread(channel="chatkit")
    path = calendar_path(mine.thread_id)
    assert client.get(path).status_code == 401
    for wrong in (other.client_token, mine.client_token + "x"):
        refused = client.get(path, headers={"Authorization": f"Bearer {wrong}"})
        assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"
        client.cookies.set(TOKEN_COOKIE, wrong)
        assert client.get(path).status_code == 404
        client.cookies.clear()
