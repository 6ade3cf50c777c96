"""ChatKit protocol: real request bodies through `server.process`, the SSE stream parsed back into events."""

from __future__ import annotations

from typing import Any

import pytest
from chatkit.types import ErrorEvent, ProgressUpdateEvent, ThreadCreatedEvent, UserMessageItem

from chatkit_helpers import (
    INQUIRY,
    ROOM_CHOICE,
    WIDGET_WARNING,
    action_body,
    assistant_texts,
    buttons,
    call,
    create_body,
    done_items,
    items_body,
    last_desk_reply,
    message_body,
    new_thread,
    stream,
    widgets,
)
from venuedesk.transports.chatkit.context import RequestContext
from venuedesk.transports.chatkit.server import VenueChatKitServer
from venuedesk.workflow.desk import Desk

pytestmark = pytest.mark.filterwarnings(WIDGET_WARNING)


def _open(server: VenueChatKitServer, desk: Desk) -> tuple[RequestContext, list[Any]]:
    context = new_thread(desk)
    return context, stream(server, create_body(INQUIRY), context)


def _item_texts(items: list[Any]) -> str:
    """Everything a client could read in the items: message texts, widget copy text and widget JSON."""
    parts = assistant_texts(items)
    parts += [f"{item.copy_text} {item.widget.model_dump_json()}" for item in widgets(items)]
    return "\n".join(parts)


def _date_widget(items: list[Any]) -> Any:
    return next(item for item in widgets(items) if any(b["onClickAction"]["type"] == "select_date"
                                                       for b in buttons(item.widget)))


def test_a_new_thread_streams_the_assistant_message_with_the_agent_and_the_footer_once(
    server: VenueChatKitServer, desk: Desk
) -> None:
    context, events = _open(server, desk)
    reply = last_desk_reply(desk, context.thread_id or "")
    created = [event for event in events if isinstance(event, ThreadCreatedEvent)]
    assert [event.thread.id for event in created] == [context.thread_id]
    assert any(isinstance(event, ProgressUpdateEvent) for event in events)
    items = done_items(events)
    assert isinstance(items[0], UserMessageItem)
    [text] = assistant_texts(items)
    lines = text.splitlines()
    assert lines[0] == "`dates_agent`" and reply.agent == "dates_agent"
    assert lines[-1] == reply.footer_text == "Step: 2 Date · Next: choose a date · State: Awaiting Client"
    assert _item_texts(items).count(reply.footer_text) == 1
    assert reply.body_markdown in text
    assert (desk.event_view(context.thread_id or "") or {})["current_step"] == 2


def test_a_table_reply_becomes_a_widget_whose_buttons_carry_the_row_actions(
    server: VenueChatKitServer, desk: Desk
) -> None:
    context, events = _open(server, desk)
    reply = last_desk_reply(desk, context.thread_id or "")
    [table] = reply.table_blocks
    widget = _date_widget(done_items(events))
    clicks = [button["onClickAction"] for button in buttons(widget.widget)]
    assert [(c["type"], c["payload"], c["handler"]) for c in clicks] == [
        (action.name, action.args, "server") for action in table.row_actions or []]
    assert [button["label"] for button in buttons(widget.widget)] == [a.label for a in table.row_actions or []]
    assert table.title in (widget.copy_text or "")


def test_select_date_advances_to_the_room_step_and_a_repeated_click_does_not_advance_twice(
    server: VenueChatKitServer, desk: Desk
) -> None:
    context, events = _open(server, desk)
    thread_id = context.thread_id or ""
    widget = _date_widget(done_items(events))
    body = action_body(thread_id, widget.id, "select_date", {"date": "2026-03-10"})
    first = done_items(stream(server, body, RequestContext(thread_id)))
    event = desk.event_view(thread_id) or {}
    assert (event["current_step"], event["date_confirmed"], event["chosen_date"]) == (3, True, "2026-03-10")
    assert "`rooms_agent`" in assistant_texts(first)[0]
    listed = call(server, items_body(thread_id), RequestContext(thread_id))["data"]
    again = done_items(stream(server, body, RequestContext(thread_id)))
    assert desk.event_view(thread_id) == event
    assert [item.id for item in again] == [item.id for item in first]
    assert call(server, items_body(thread_id), RequestContext(thread_id))["data"] == listed


@pytest.mark.parametrize(("name", "payload"), [
    ("drop_tables", {"date": "2026-03-10"}),
    ("select_date", "garbage"),
    ("select_date", {"date": "not-a-date"}),
    ("select_date", {"date": "2026-03-10", "confirm_price": 0}),
    ("select_room", {"room_id": "room-zz"}),
    ("accept_offer", None),
])
def test_unknown_actions_and_garbage_payloads_yield_an_error_event_and_change_nothing(
    server: VenueChatKitServer, desk: Desk, name: str, payload: Any
) -> None:
    context, events = _open(server, desk)
    thread_id = context.thread_id or ""
    widget = _date_widget(done_items(events))
    before = (desk.event_view(thread_id), call(server, items_body(thread_id), RequestContext(thread_id)))
    result = stream(server, action_body(thread_id, widget.id, name, payload), RequestContext(thread_id))
    errors = [event for event in result if isinstance(event, ErrorEvent)]
    assert len(errors) == 1 and errors[0].message and not errors[0].allow_retry
    assert done_items(result) == []
    assert (desk.event_view(thread_id), call(server, items_body(thread_id), RequestContext(thread_id))) == before


def _to_held_offer(server: VenueChatKitServer, desk: Desk) -> tuple[str, list[Any]]:
    context, events = _open(server, desk)
    thread_id = context.thread_id or ""
    widget = _date_widget(done_items(events))
    stream(server, action_body(thread_id, widget.id, "select_date", {"date": "2026-03-10"}), RequestContext(thread_id))
    return thread_id, done_items(stream(server, message_body(thread_id, ROOM_CHOICE), RequestContext(thread_id)))


def test_a_held_offer_says_the_desk_is_waiting_for_the_venue(server: VenueChatKitServer, desk: Desk) -> None:
    thread_id, items = _to_held_offer(server, desk)
    [text] = assistant_texts(items)
    assert "Waiting for the venue" in text
    assert text.splitlines()[-1].endswith("State: Waiting on HIL")
    assert "Here is your offer" not in _item_texts(items)
    assert len(desk.open_tasks(thread_id)) == 1


def test_after_approval_reloading_the_items_shows_the_approved_offer_once(
    server: VenueChatKitServer, desk: Desk
) -> None:
    thread_id, _ = _to_held_offer(server, desk)
    [task] = desk.open_tasks(thread_id)
    approved = desk.decide(task["task_id"], "approve")
    listed = call(server, items_body(thread_id), RequestContext(thread_id))["data"]
    texts = [part["text"] for item in listed if item["type"] == "assistant_message" for part in item["content"]]
    assert "Here is your offer" in texts[-1] and texts[-1].splitlines()[-1] == approved.footer_text
    assert sum(text.count(approved.footer_text) for text in texts) == 1
    clicks = [b["onClickAction"] for item in listed if item["type"] == "widget" for b in buttons(item["widget"])]
    offer_buttons = [c for c in clicks if c["type"] in ("accept_offer", "decline_offer")]
    assert {(c["type"], c["payload"]["offer_id"]) for c in offer_buttons} == {
        (a.name, a.args["offer_id"]) for a in approved.actions}
    assert call(server, items_body(thread_id), RequestContext(thread_id))["data"] == listed


def test_a_message_after_an_approval_streams_the_late_offer_and_keeps_it_before_the_message(
    server: VenueChatKitServer, desk: Desk
) -> None:
    thread_id, _ = _to_held_offer(server, desk)
    [task] = desk.open_tasks(thread_id)
    desk.decide(task["task_id"], "approve")
    events = stream(server, message_body(thread_id, "Is there parking?"), RequestContext(thread_id))
    texts = assistant_texts(done_items(events))
    assert len(texts) == 2 and "Here is your offer" in texts[0]
    listed = call(server, items_body(thread_id), RequestContext(thread_id))["data"]
    kinds = [(item["type"], "Here is your offer" in str(item)) for item in listed]
    offer_at = kinds.index(("assistant_message", True))
    assert listed[-2]["type"] == "user_message" and offer_at < len(listed) - 2
    assert sum("Here is your offer" in str(item) for item in listed if item["type"] == "assistant_message") == 1


def test_a_date_button_clicked_after_the_room_is_held_is_refused_with_an_explanation(
    server: VenueChatKitServer, desk: Desk
) -> None:
    context, events = _open(server, desk)
    thread_id = context.thread_id or ""
    widget = _date_widget(done_items(events))
    clicks = [button["onClickAction"] for button in buttons(widget.widget)]
    assert all(c["payload"]["ref"] == "dates-1" for c in clicks)
    stream(server, action_body(thread_id, widget.id, "select_date", clicks[0]["payload"]), RequestContext(thread_id))
    stream(server, message_body(thread_id, ROOM_CHOICE), RequestContext(thread_id))
    before = desk.event_view(thread_id) or {}
    late = done_items(stream(server, action_body(thread_id, widget.id, "select_date", clicks[1]["payload"]),
                             RequestContext(thread_id)))
    [text] = assistant_texts(late)
    assert "so that date button no longer applies; nothing was changed" in text
    after = desk.event_view(thread_id) or {}
    assert (after["chosen_date"], after["locked_room_id"]) == (before["chosen_date"], before["locked_room_id"])
