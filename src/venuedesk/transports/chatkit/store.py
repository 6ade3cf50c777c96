"""A ChatKit Store on the desk's database, scoped to the request's thread, that mirrors desk messages as items."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from chatkit.store import NotFoundError, Store
from chatkit.types import Attachment, Page, ThreadItem, ThreadMetadata, UserMessageItem
from pydantic import TypeAdapter
from sqlalchemy import delete, select

from venuedesk.domain.anonymise import ERASABLE_STATUSES
from venuedesk.store.anonymise import anonymise_thread
from venuedesk.store.chatkit_models import ChatKitAttachmentRow, ChatKitItemRow, ChatKitThreadRow
from venuedesk.store.models import MessageRow
from venuedesk.store.uow import UnitOfWork
from venuedesk.transports.chatkit.context import RequestContext
from venuedesk.transports.chatkit.widgets import item_id as desk_item_id, reply_items
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import StateConflict
from venuedesk.workflow.reply import Reply

T = TypeVar("T")
ITEM = TypeAdapter[ThreadItem](ThreadItem)
CONFIRMED_KEPT = ("this booking is {status}: the venue keeps its booking data for its accounting, so the "
                  "conversation cannot be deleted here; ask the venue's manager to erase your personal data")
ATTACHMENT = TypeAdapter[Attachment](Attachment)


def _dump(model: Any) -> dict[str, Any]:
    return dict(model.model_dump(mode="json"))


class DeskChatKitStore(Store[RequestContext]):
    """ChatKit threads are desk threads; a request sees only its own thread, its items and attachments."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    async def _run(self, work: Callable[[UnitOfWork], T]) -> T:
        def run() -> T:
            with self.desk.uow() as uow:
                result = work(uow)
                uow.commit()
                return result

        return await asyncio.to_thread(run)

    @staticmethod
    def _check(thread_id: str, context: RequestContext) -> None:
        if context.thread_id is None or thread_id != context.thread_id:
            raise NotFoundError(f"thread {thread_id!r} not found")

    def generate_thread_id(self, context: RequestContext) -> str:
        """The desk thread the router opened for this `threads.create` request."""
        if context.thread_id is None or not context.created:
            raise NotFoundError("a new thread needs a desk thread opened by the router")
        return context.thread_id

    async def load_thread(self, thread_id: str, context: RequestContext) -> ThreadMetadata:
        self._check(thread_id, context)

        def work(uow: UnitOfWork) -> ThreadMetadata:
            row = uow.session.get(ChatKitThreadRow, thread_id)
            if row is None:
                raise NotFoundError(f"thread {thread_id!r} not found")
            return ThreadMetadata.model_validate(row.data)

        return await self._run(work)

    async def save_thread(self, thread: ThreadMetadata, context: RequestContext) -> None:
        self._check(thread.id, context)

        def work(uow: UnitOfWork) -> None:
            row = uow.session.get(ChatKitThreadRow, thread.id)
            if row is None:
                uow.session.add(ChatKitThreadRow(id=thread.id, data=_dump(thread), created_at=uow.now()))
            else:
                row.data = _dump(thread)

        await self._run(work)

    async def load_threads(
        self, limit: int, after: str | None, order: str, context: RequestContext
    ) -> Page[ThreadMetadata]:
        if context.thread_id is None or after is not None:
            return Page()
        try:
            return Page(data=[await self.load_thread(context.thread_id, context)])
        except NotFoundError:
            return Page()

    async def delete_thread(self, thread_id: str, context: RequestContext) -> None:
        """Delete the ChatKit view of the thread and anonymise its booking data (`store/anonymise.py`: client
        details and words go, amounts and dates stay, the client token is replaced); a Confirmed booking is
        refused (StateConflict): the venue keeps it until a manager erases it."""
        self._check(thread_id, context)

        def work(uow: UnitOfWork) -> None:
            uow.lock_thread(thread_id)
            state = uow.events.for_thread(thread_id)
            if state is not None and state.status not in ERASABLE_STATUSES:
                raise StateConflict(CONFIRMED_KEPT.format(status=state.status), code="booking_kept")
            anonymise_thread(uow.session, thread_id, self.desk.clock.now())
            uow.session.execute(delete(ChatKitItemRow).where(ChatKitItemRow.thread_id == thread_id))
            uow.session.execute(delete(ChatKitAttachmentRow).where(ChatKitAttachmentRow.owner_thread_id == thread_id))
            uow.session.execute(delete(ChatKitThreadRow).where(ChatKitThreadRow.id == thread_id))

        await self._run(work)

    async def load_thread_items(
        self, thread_id: str, after: str | None, limit: int, order: str, context: RequestContext
    ) -> Page[ThreadItem]:
        """A page of items, after mirroring desk messages delivered since (e.g. an offer a manager approved)."""
        self._check(thread_id, context)

        def work(uow: UnitOfWork) -> Page[ThreadItem]:
            uow.lock_thread(thread_id)
            mirror_new(uow, thread_id)
            query = select(ChatKitItemRow).where(ChatKitItemRow.thread_id == thread_id)
            if after is not None:
                anchor = _item_row(uow, thread_id, after)
                query = query.where(ChatKitItemRow.id < anchor.id if order == "desc" else ChatKitItemRow.id > anchor.id)
            query = query.order_by(ChatKitItemRow.id.desc() if order == "desc" else ChatKitItemRow.id)
            rows = list(uow.session.scalars(query.limit(limit + 1)))
            data = [ITEM.validate_python(row.data) for row in rows[:limit]]
            return Page(data=data, has_more=len(rows) > limit, after=data[-1].id if data else None)

        return await self._run(work)

    async def add_thread_item(self, thread_id: str, item: ThreadItem, context: RequestContext) -> None:
        """Upsert an item; before a user message, desk messages delivered since are mirrored (kept in order)."""
        self._check(thread_id, context)

        def work(uow: UnitOfWork) -> None:
            if isinstance(item, UserMessageItem):
                uow.lock_thread(thread_id)
                context.late_items.extend(mirror_new(uow, thread_id))
            _put(uow, thread_id, item, None)

        await self._run(work)

    async def save_item(self, thread_id: str, item: ThreadItem, context: RequestContext) -> None:
        self._check(thread_id, context)
        await self._run(lambda uow: _put(uow, thread_id, item, None))

    async def load_item(self, thread_id: str, item_id: str, context: RequestContext) -> ThreadItem:
        self._check(thread_id, context)
        return await self._run(lambda uow: ITEM.validate_python(_item_row(uow, thread_id, item_id).data))

    async def delete_thread_item(self, thread_id: str, item_id: str, context: RequestContext) -> None:
        self._check(thread_id, context)

        def work(uow: UnitOfWork) -> None:
            uow.session.execute(delete(ChatKitItemRow).where(ChatKitItemRow.thread_id == thread_id,
                                                             ChatKitItemRow.item_id == item_id))

        await self._run(work)

    async def items_for_turn(self, thread_id: str, turn_id: str, context: RequestContext) -> list[ThreadItem]:
        """The items of desk messages not yet shown, ending with the reply of `turn_id` (again, if replayed)."""
        self._check(thread_id, context)

        def work(uow: UnitOfWork) -> list[ThreadItem]:
            uow.lock_thread(thread_id)
            items = mirror_new(uow, thread_id)
            seq = uow.session.scalars(
                select(MessageRow.seq).where(MessageRow.thread_id == thread_id, MessageRow.role == "desk",
                                             MessageRow.turn_id == turn_id).order_by(MessageRow.seq.desc())
            ).first()
            if seq is not None and desk_item_id(seq, 0) not in {item.id for item in items}:
                rows = uow.session.scalars(select(ChatKitItemRow).where(
                    ChatKitItemRow.thread_id == thread_id, ChatKitItemRow.source_seq == seq).order_by(ChatKitItemRow.id))
                items.extend(ITEM.validate_python(row.data) for row in rows)
            return items

        return await self._run(work)

    async def save_attachment(self, attachment: Attachment, context: RequestContext) -> None:
        owner = context.thread_id
        if owner is None:
            raise NotFoundError("attachments belong to a thread; send the thread's client token")

        def work(uow: UnitOfWork) -> None:
            row = uow.session.get(ChatKitAttachmentRow, attachment.id)
            if row is None:
                uow.session.add(ChatKitAttachmentRow(id=attachment.id, owner_thread_id=owner, data=_dump(attachment),
                                                     created_at=uow.now()))
            elif row.owner_thread_id == owner:
                row.data = _dump(attachment)
            else:
                raise NotFoundError(f"attachment {attachment.id!r} not found")

        await self._run(work)

    async def load_attachment(self, attachment_id: str, context: RequestContext) -> Attachment:
        def work(uow: UnitOfWork) -> Attachment:
            return ATTACHMENT.validate_python(_attachment_row(uow, attachment_id, context).data)

        return await self._run(work)

    async def delete_attachment(self, attachment_id: str, context: RequestContext) -> None:
        def work(uow: UnitOfWork) -> None:
            uow.session.delete(_attachment_row(uow, attachment_id, context))

        await self._run(work)


def mirror_new(uow: UnitOfWork, thread_id: str) -> list[ThreadItem]:
    """Store items for every desk message of the thread not mirrored yet (oldest first) and return them."""
    mirrored = set(uow.session.scalars(select(ChatKitItemRow.source_seq).where(
        ChatKitItemRow.thread_id == thread_id, ChatKitItemRow.source_seq.is_not(None))))
    messages = uow.session.scalars(select(MessageRow).where(
        MessageRow.thread_id == thread_id, MessageRow.role == "desk").order_by(MessageRow.seq))
    items: list[ThreadItem] = []
    state = uow.events.for_thread(thread_id)
    language = state.language if state is not None else "en"
    for message in messages:
        if message.seq in mirrored or message.reply is None:
            continue
        reply = Reply.model_validate(message.reply)
        for item in reply_items(reply, thread_id, message.seq, message.created_at, language):
            _put(uow, thread_id, item, message.seq)
            items.append(item)
    return items


def _put(uow: UnitOfWork, thread_id: str, item: ThreadItem, source_seq: int | None) -> None:
    row = uow.session.scalars(select(ChatKitItemRow).where(
        ChatKitItemRow.thread_id == thread_id, ChatKitItemRow.item_id == item.id)).first()
    if row is None:
        uow.session.add(ChatKitItemRow(thread_id=thread_id, item_id=item.id, type=item.type, source_seq=source_seq,
                                       data=_dump(item), created_at=uow.now()))
    else:
        row.type, row.data = item.type, _dump(item)
    uow.session.flush()


def _item_row(uow: UnitOfWork, thread_id: str, item_id: str) -> ChatKitItemRow:
    row = uow.session.scalars(select(ChatKitItemRow).where(
        ChatKitItemRow.thread_id == thread_id, ChatKitItemRow.item_id == item_id)).first()
    if row is None:
        raise NotFoundError(f"item {item_id!r} not found in thread {thread_id!r}")
    return row


def _attachment_row(uow: UnitOfWork, attachment_id: str, context: RequestContext) -> ChatKitAttachmentRow:
    row = uow.session.get(ChatKitAttachmentRow, attachment_id)
    if row is None or context.thread_id is None or row.owner_thread_id != context.thread_id:
        raise NotFoundError(f"attachment {attachment_id!r} not found")
    return row
