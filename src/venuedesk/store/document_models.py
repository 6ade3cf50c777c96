"""Documents kept per version: the function sheets of confirmed events (their HTML, the PDF once rendered) and one
offer PDF per offer version of a thread, kept as sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from venuedesk.store.base import Base


class FunctionSheetRow(Base):
    """One version of an event's function sheet: the view model it was made from (`model`, compared by
    `content_hash` so an unchanged event adds no version), its HTML, and the PDF of that HTML with its SHA-256 (null
    until the `function_sheet_pdf` job rendered it)."""

    __tablename__ = "function_sheets"
    __table_args__ = (UniqueConstraint("event_id", "version", name="uq_function_sheets_event_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64))
    thread_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    model: Mapped[dict[str, Any]]
    content_hash: Mapped[str] = mapped_column(String(64))
    html: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime]
    rendered_at: Mapped[datetime | None] = mapped_column(default=None)
    render_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Failed renders so far (the `function_sheet_pdf` job backs off between them)."""
    render_after: Mapped[datetime | None] = mapped_column(default=None)
    """No render is tried before this moment (null: at once); set after a failed render."""


class OfferDocumentRow(Base):
    """The PDF of one offer version, rendered once when the version was sent and served unchanged ever after
    (docs/documents.md); (thread, version) is unique, so a retried approval or job cannot store a second one."""

    __tablename__ = "offer_documents"
    __table_args__ = (UniqueConstraint("thread_id", "version", name="uq_offer_documents_thread_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    thread_id: Mapped[str] = mapped_column(String(64))
    event_id: Mapped[str] = mapped_column(String(64))
    offer_id: Mapped[str] = mapped_column(String(96))
    version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
