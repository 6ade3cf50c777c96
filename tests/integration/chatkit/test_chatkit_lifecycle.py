"""ChatKit and the booking lifecycle (docs/design.md §4.13): the step-5–7 actions reach the Desk like any other
button, and the `.ics` invite is a link to a download the thread's own token opens."""

from __future__ import annotations

from typing import Any

import pytest
from chatkit.types import ErrorEvent, WidgetItem
from fastapi.testclient import TestClient

from chatkit_helpers import (
    INQUIRY,
    NOW,
    ROOM_CHOICE,
    WIDGET_WARNING,
    action_body,
    assistant_texts,
    buttons,
    call,
    create_body,
    done_items,
    items_body,
    message_body,
    new_thread,
    stream,
)
from venuedesk.store.token_hash import token_digest
from venuedesk.transports.chatkit.context import RequestContext
from venuedesk.transports.chatkit.router import TOKEN_COOKIE
from venuedesk.transports.chatkit.server import VenueChatKitServer
from venuedesk.transports.chatkit.widgets import calendar_path, offer_pdf_path, reply_items
from venuedesk.workflow.actions import ACTIONS
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.reply import Action, Reply, make_footer

pytestmark = pytest.mark.filterwarnings(WIDGET_WARNING)
BILLING = "Billing: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern"


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


def test_an_open_thread_action_renders_as_a_link_to_the_client_page_on_the_new_thread() -> None:
    footer, text = make_footer(2, "choose a date", "Awaiting Client")
    reply = Reply(thread_id="thr_1", turn_id="turn-2", agent="intake_agent", body_markdown="Opened.",
                  actions=[Action(name="open_thread", label="Open the new inquiry", args={"thread_id": "thr_2"},
                                  url="/?thread=thr_2")], footer=footer, footer_text=text)
    widgets = [item.widget for item in reply_items(reply, "thr_1", 3, NOW) if isinstance(item, WidgetItem)]
    assert [value for widget in widgets for value in _markdown_values(widget)] == \
        ["[Open the new inquiry](/?thread=thr_2)"]
    assert [button for widget in widgets for button in buttons(widget)] == []


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_desk_action_reaches_the_desk_s_validation_not_an_unknown_action_refusal(
    server: VenueChatKitServer, desk: Desk, name: str
) -> None:
    context = new_thread(desk)
    stream(server, create_body(INQUIRY), context)
    thread_id = context.thread_id or ""
    result = stream(server, action_body(thread_id, None, name, {"bogus_argument": 1}), RequestContext(thread_id))
    [error] = [event for event in result if isinstance(event, ErrorEvent)]
    assert error.message is not None and "unknown action" not in error.message
    assert error.message.startswith(f"action {name!r} has invalid arguments")
    assert "bogus_argument: Extra inputs are not permitted" in error.message


def test_the_lifecycle_actions_are_desk_actions() -> None:
    assert {"accept_offer", "decline_offer", "download_ics", "cancel_booking"} <= set(ACTIONS)


def test_the_calendar_path_escapes_the_thread_id() -> None:
    assert calendar_path("a/b?c") == "/chatkit/threads/a%2Fb%3Fc/calendar.ics"


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


def _offer_sent(server: VenueChatKitServer, desk: Desk) -> tuple[str, list[Any]]:
    """A ChatKit thread whose offer the manager approved; returns the thread and its listed items."""
    context = new_thread(desk)
    stream(server, create_body(INQUIRY), context)
    thread_id = context.thread_id or ""
    stream(server, action_body(thread_id, None, "select_date", {"date": "2026-03-10"}), RequestContext(thread_id))
    stream(server, message_body(thread_id, ROOM_CHOICE), RequestContext(thread_id))
    [task] = desk.open_tasks(thread_id)
    desk.decide(task["task_id"], "approve")
    return thread_id, call(server, items_body(thread_id), RequestContext(thread_id))["data"]


def _offer_click(listed: list[Any], name: str) -> tuple[str, dict[str, Any]]:
    """The widget item holding the offer's `name` button, and the action that button sends."""
    for item in listed:
        if item["type"] == "widget":
            for found in buttons(item["widget"]):
                if found["onClickAction"]["type"] == name:
                    return item["id"], found["onClickAction"]["payload"]
    raise AssertionError(f"no {name} button in the thread")


def test_the_offer_s_accept_button_accepts_it_and_moves_the_event_to_billing(
    server: VenueChatKitServer, desk: Desk
) -> None:
    thread_id, listed = _offer_sent(server, desk)
    item_id, payload = _offer_click(listed, "accept_offer")
    texts = assistant_texts(done_items(stream(server, action_body(thread_id, item_id, "accept_offer", payload),
                                              RequestContext(thread_id))))
    assert "you have accepted offer version 1" in texts[-1]
    event = desk.event_view(thread_id) or {}
    assert (event["current_step"], event["offer"]["status"]) == (6, "Accepted")


def test_a_repeated_accept_click_accepts_once_and_replays_the_reply(server: VenueChatKitServer, desk: Desk) -> None:
    thread_id, listed = _offer_sent(server, desk)
    item_id, payload = _offer_click(listed, "accept_offer")
    body = action_body(thread_id, item_id, "accept_offer", payload)
    first = done_items(stream(server, body, RequestContext(thread_id)))
    event = desk.event_view(thread_id)
    again = done_items(stream(server, body, RequestContext(thread_id)))
    assert [item.id for item in again] == [item.id for item in first]
    assert desk.event_view(thread_id) == event


def test_the_offer_s_decline_button_loses_the_event_and_closes_the_thread(
    server: VenueChatKitServer, desk: Desk
) -> None:
    thread_id, listed = _offer_sent(server, desk)
    item_id, payload = _offer_click(listed, "decline_offer")
    stream(server, action_body(thread_id, item_id, "decline_offer", payload), RequestContext(thread_id))
    event = desk.event_view(thread_id) or {}
    assert (event["status"], event["thread_state"], event["locked_room_id"]) == ("Lost", "Closed", None)


def test_the_calendar_of_a_thread_without_a_confirmed_booking_is_a_409_saying_why(
    client: TestClient, desk: Desk
) -> None:
    thread = desk.open_thread(channel="chatkit")
    client.cookies.set(TOKEN_COOKIE, thread.client_token)
    response = client.get(calendar_path(thread.thread_id))
    assert response.status_code == 409 and "confirmed" in response.json()["error"]["message"]


def _confirmed(server: VenueChatKitServer, desk: Desk) -> tuple[str, list[Any]]:
    """A ChatKit thread taken to a Confirmed booking: accepted, billing given, confirmation approved."""
    thread_id, listed = _offer_sent(server, desk)
    item_id, payload = _offer_click(listed, "accept_offer")
    stream(server, action_body(thread_id, item_id, "accept_offer", payload), RequestContext(thread_id))
    stream(server, message_body(thread_id, BILLING), RequestContext(thread_id))
    [task] = desk.open_tasks(thread_id)
    assert task["type"] == "confirmation_approval"
    desk.decide(task["task_id"], "approve")
    return thread_id, call(server, items_body(thread_id), RequestContext(thread_id))["data"]


def test_a_confirmed_booking_s_items_carry_the_ics_link_and_the_cancel_button(
    server: VenueChatKitServer, desk: Desk
) -> None:
    thread_id, listed = _confirmed(server, desk)
    assert (desk.event_view(thread_id) or {})["status"] == "Confirmed"
    links = [value for item in listed if item["type"] == "widget" for value in _markdown_values(item["widget"])]
    assert links == [f"[Offer version 1 as PDF]({offer_pdf_path(thread_id, 1)})",
                     f"[Add to calendar (.ics)]({calendar_path(thread_id)})"]
    assert _offer_click(listed, "cancel_booking")[1] == {}


def test_the_thread_s_cookie_downloads_the_confirmed_booking_s_ics(
    server: VenueChatKitServer, client: TestClient, desk: Desk
) -> None:
    thread_id, _ = _confirmed(server, desk)
    token = "tok_known_to_this_test"  # only the digest is stored: give the thread a token this test knows
    with desk.uow() as uow:
        uow.threads.get(thread_id).client_token_hash = token_digest(token)
        uow.commit()
    client.cookies.set(TOKEN_COOKIE, token)
    response = client.get(calendar_path(thread_id))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    assert response.headers["content-disposition"] == 'attachment; filename="booking.ics"'
    assert response.content == desk.calendar_ics(thread_id)
    assert response.text.startswith("BEGIN:VCALENDAR")
