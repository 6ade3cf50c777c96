"""The ChatKit server: user messages and widget actions run through the Desk; replies stream as ChatKit items."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from chatkit.server import ChatKitServer
from chatkit.types import (
    Action,
    AssistantMessageContent,
    AssistantMessageContentPartAdded,
    AssistantMessageContentPartDone,
    AssistantMessageContentPartTextDelta,
    AssistantMessageItem,
    ErrorEvent,
    ProgressUpdateEvent,
    StreamOptions,
    ThreadItem,
    ThreadItemAddedEvent,
    ThreadItemDoneEvent,
    ThreadItemUpdatedEvent,
    ThreadMetadata,
    ThreadStreamEvent,
    UserMessageItem,
    WidgetItem,
)

from venuedesk.transports.chatkit.context import RequestContext
from venuedesk.transports.chatkit.store import DeskChatKitStore
from venuedesk.workflow.actions import ACTIONS
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import DeskError
from venuedesk.workflow.reply import Reply

CHECKING_TEXT = "Checking with the desk…"


def user_text(item: UserMessageItem) -> str:
    """The plain text of a user message: its text parts and tag labels, in order."""
    parts = [part.text for part in item.content]
    if item.quoted_text:
        parts.insert(0, f"> {item.quoted_text}")
    return "\n".join(part for part in parts if part).strip()


def action_key(sender: WidgetItem | None, name: str, payload: dict[str, Any]) -> str | None:
    """The idempotency key of a widget click: the sender item plus the action; None without a sender."""
    if sender is None:
        return None
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return f"chatkit:{sender.id}:{name}:{digest}"


def _error(message: str) -> ErrorEvent:
    return ErrorEvent(code="custom", message=message, allow_retry=False)


class VenueChatKitServer(ChatKitServer[RequestContext]):
    """Runs every ChatKit turn through one Desk: the same pipeline, gates and replies as every transport."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.desk_store = DeskChatKitStore(desk)
        super().__init__(self.desk_store)

    def get_stream_options(self, thread: ThreadMetadata, context: RequestContext) -> StreamOptions:
        """A desk turn runs to completion once started, so the client is not offered a cancel button."""
        return StreamOptions(allow_cancel=False)

    async def respond(
        self, thread: ThreadMetadata, input_user_message: UserMessageItem | None, context: RequestContext
    ) -> AsyncIterator[ThreadStreamEvent]:
        """A user message: `desk.handle_message` keyed by the ChatKit item id, then the reply's items."""
        for item in context.late_items:
            yield ThreadItemDoneEvent(item=item)
        context.late_items.clear()
        if input_user_message is None:
            return
        text = user_text(input_user_message)
        key = f"chatkit:{input_user_message.id}"
        async for event in self._turn(thread, context, lambda: self.desk.handle_message(
                thread.id, text, idempotency_key=key)):
            yield event

    async def action(
        self, thread: ThreadMetadata, action: Action[str, Any], sender: WidgetItem | None, context: RequestContext
    ) -> AsyncIterator[ThreadStreamEvent]:
        """A widget click: untrusted input, validated by the Desk; a repeated click replays the stored reply."""
        name, payload = action.type, action.payload
        if name not in ACTIONS:
            yield _error(f"unknown action {str(name)[:60]!r}; known actions: {', '.join(sorted(ACTIONS))}")
            return
        if payload is not None and not isinstance(payload, dict):
            yield _error(f"action {name!r}: the payload must be an object of arguments")
            return
        args = dict(payload or {})
        key = action_key(sender, name, args)
        async for event in self._turn(thread, context, lambda: self.desk.handle_action(
                thread.id, name, args, idempotency_key=key)):
            yield event

    async def _turn(
        self, thread: ThreadMetadata, context: RequestContext, run: Callable[[], Reply]
    ) -> AsyncIterator[ThreadStreamEvent]:
        yield ProgressUpdateEvent(icon="search", text=CHECKING_TEXT)
        try:
            reply = await asyncio.to_thread(run)
        except DeskError as exc:
            yield _error(str(exc))
            return
        if reply.footer.state == "Checking":
            yield ProgressUpdateEvent(icon="clock", text=f"Checking: {reply.footer.next}")
        for item in await self.desk_store.items_for_turn(thread.id, reply.turn_id, context):
            for event in stream_item(item):
                yield event


def stream_item(item: ThreadItem) -> list[ThreadStreamEvent]:
    """An assistant message as added → text deltas per paragraph → done; any other item as done."""
    if not isinstance(item, AssistantMessageItem) or not item.content:
        return [ThreadItemDoneEvent(item=item)]
    text = item.content[0].text
    events: list[ThreadStreamEvent] = [
        ThreadItemAddedEvent(item=item.model_copy(update={"content": []})),
        ThreadItemUpdatedEvent(item_id=item.id, update=AssistantMessageContentPartAdded(
            content_index=0, content=AssistantMessageContent(text=""))),
    ]
    chunks = text.split("\n\n")
    for index, chunk in enumerate(chunks):
        delta = chunk if index == len(chunks) - 1 else chunk + "\n\n"
        events.append(ThreadItemUpdatedEvent(item_id=item.id, update=AssistantMessageContentPartTextDelta(
            content_index=0, delta=delta)))
    events.append(ThreadItemUpdatedEvent(item_id=item.id, update=AssistantMessageContentPartDone(
        content_index=0, content=item.content[0])))
    events.append(ThreadItemDoneEvent(item=item))
    return events
