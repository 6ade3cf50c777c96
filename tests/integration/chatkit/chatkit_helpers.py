"""Build real ChatKit request bodies (as the web component sends them) and read the SSE stream back as events."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from typing import Any

from chatkit.server import ChatKitServer, NonStreamingResult, StreamingResult
from chatkit.types import (
    Action,
    AssistantMessageItem,
    InferenceOptions,
    ItemsListParams,
    ItemsListReq,
    ThreadAddUserMessageParams,
    ThreadCreateParams,
    ThreadCustomActionParams,
    ThreadItemDoneEvent,
    ThreadsAddUserMessageReq,
    ThreadsCreateReq,
    ThreadsCustomActionReq,
    ThreadStreamEvent,
    UserMessageInput,
    UserMessageTextContent,
    WidgetItem,
)
from pydantic import BaseModel, TypeAdapter

from venuedesk.clock import VENUE_TZ
from venuedesk.transports.chatkit.context import RequestContext
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.reply import Reply

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
INQUIRY = "Hi, this is anna@example.com. We'd like a workshop for 30 people in March, ideally a Tuesday, 9 to 5."
ROOM_CHOICE = "Room B please, no catering"
WIDGET_WARNING = "ignore:Direct usage of named widget classes:DeprecationWarning"
JSON = {"content-type": "application/json"}
EVENTS: TypeAdapter[Any] = TypeAdapter(ThreadStreamEvent)


def to_bytes(request: BaseModel) -> bytes:
    """Serialise a request the way the web component sends it: JSON bytes."""
    return request.model_dump_json(by_alias=True, exclude_none=True).encode()


def user_input(text: str) -> UserMessageInput:
    return UserMessageInput(content=[UserMessageTextContent(text=text)], attachments=[],
                            inference_options=InferenceOptions())


def create_body(text: str) -> bytes:
    return to_bytes(ThreadsCreateReq(params=ThreadCreateParams(input=user_input(text))))


def message_body(thread_id: str, text: str) -> bytes:
    return to_bytes(ThreadsAddUserMessageReq(params=ThreadAddUserMessageParams(thread_id=thread_id,
                                                                                 input=user_input(text))))


def action_body(thread_id: str, item_id: str | None, name: str, payload: Any) -> bytes:
    action = Action[str, Any](type=name, payload=payload)
    return to_bytes(ThreadsCustomActionReq(params=ThreadCustomActionParams(thread_id=thread_id, item_id=item_id,
                                                                           action=action)))


def items_body(thread_id: str) -> bytes:
    return to_bytes(ItemsListReq(params=ItemsListParams(thread_id=thread_id, order="asc", limit=100)))


def new_thread(desk: Desk) -> RequestContext:
    """What the router does for `threads.create`: open a desk thread and carry it in the context."""
    info = desk.open_thread(channel="chatkit")
    return RequestContext(info.thread_id, info.client_token, created=True)


def parse_sse(raw: bytes) -> list[Any]:
    """Every `data:` frame of an SSE body as a ChatKit stream event."""
    events = []
    for frame in raw.decode().split("\n\n"):
        if frame.startswith("data: "):
            events.append(EVENTS.validate_json(frame.removeprefix("data: ")))
    return events


def stream(server: ChatKitServer[Any], body: bytes, context: RequestContext) -> list[Any]:
    """Run one streaming request through `server.process` and parse what it streamed."""
    async def run() -> bytes:
        result = await server.process(body, context)
        assert isinstance(result, StreamingResult)
        return b"".join([chunk async for chunk in result])

    return parse_sse(asyncio.run(run()))


def call(server: ChatKitServer[Any], body: bytes, context: RequestContext) -> dict[str, Any]:
    """Run one non-streaming request and return its JSON."""
    async def run() -> bytes:
        result = await server.process(body, context)
        assert isinstance(result, NonStreamingResult)
        return result.json

    return dict(json.loads(asyncio.run(run())))


def done_items(events: list[Any]) -> list[Any]:
    return [event.item for event in events if isinstance(event, ThreadItemDoneEvent)]


def assistant_texts(items: list[Any]) -> list[str]:
    return [item.content[0].text for item in items if isinstance(item, AssistantMessageItem)]


def widgets(items: list[Any]) -> list[WidgetItem]:
    return [item for item in items if isinstance(item, WidgetItem)]


def buttons(node: Any) -> list[dict[str, Any]]:
    """Every Button in a widget tree (as JSON), depth first."""
    if isinstance(node, BaseModel):
        node = node.model_dump(mode="json")
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") == "Button":
            found.append(node)
        for value in node.values():
            found.extend(buttons(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(buttons(value))
    return found


def last_desk_reply(desk: Desk, thread_id: str) -> Reply:
    """The newest stored desk Reply of the thread."""
    with desk.uow() as uow:
        rows = [row for row in uow.messages.history(thread_id) if row.role == "desk" and row.reply]
    return Reply.model_validate(rows[-1].reply)
