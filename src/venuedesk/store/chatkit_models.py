"""ChatKit's threads, items and attachments, stored beside the desk thread they belong to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from venuedesk.store.base import Base
from venuedesk.store.tenancy import VenueScoped


class ChatKitThreadRow(VenueScoped, Base):
    """ChatKit's metadata of a desk thread (title, status); its id is the desk thread id."""

    __tablename__ = "chatkit_threads"

    id: Mapped[str] = mapped_column(String(64), ForeignKey("threads.id"), primary_key=True)
    data: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class ChatKitItemRow(VenueScoped, Base):
    """One ChatKit thread item in display order; `source_seq` names the desk message it renders."""

    __tablename__ = "chatkit_items"
    __table_args__ = (
        UniqueConstraint("thread_id", "item_id", name="uq_chatkit_items_thread_item"),
        Index("ix_chatkit_items_thread_source", "thread_id", "source_seq"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    thread_id: Mapped[str] = mapped_column(String(64), ForeignKey("chatkit_threads.id"))
    item_id: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(32))
    source_seq: Mapped[int | None]
    data: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class ChatKitAttachmentRow(VenueScoped, Base):
    """Attachment metadata, owned by the thread whose client created it."""

    __tablename__ = "chatkit_attachments"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    owner_thread_id: Mapped[str] = mapped_column(String(64), ForeignKey("chatkit_threads.id"), index=True)
    data: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
