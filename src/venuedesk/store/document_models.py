"""Documents kept per version: the function sheets of confirmed events (their HTML, the PDF once rendered) and one
offer PDF per offer version of a thread, kept as sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from venuedesk.store.base import Base
from venuedesk.store.tenancy import VenueScoped


class FunctionSheetRow(VenueScoped, Base):
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


@dataclass(frozen=True)
class PendingRender:
    """A stored HTML document waiting for its PDF: its row id, the HTML and how many renders of it failed so far."""

    row_id: int
    html: str
    attempts: int


class OfferDocumentRow(VenueScoped, Base):
    """The PDF of one offer version: recorded (its HTML) when the version is sent, rendered once afterwards and served
    unchanged ever after (docs/documents.md); (thread, version) is unique, so a retried approval or job cannot
    record a second one."""

    __tablename__ = "offer_documents"
    __table_args__ = (UniqueConstraint("thread_id", "version", name="uq_offer_documents_thread_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    thread_id: Mapped[str] = mapped_column(String(64))
    event_id: Mapped[str] = mapped_column(String(64))
    offer_id: Mapped[str] = mapped_column(String(96))
    version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    """The PDF; null while pending (recorded when the version was sent, rendered afterwards outside any transaction)."""
    html: Mapped[str | None] = mapped_column(Text, default=None)
    """The version as sent, the PDF's input (null for a row stored whole before migration 0023)."""
    created_at: Mapped[datetime]
    """When the version was sent (or, for a version sent before PDFs were kept, when its PDF was first made)."""
    rendered_at: Mapped[datetime | None] = mapped_column(default=None)
    render_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    render_after: Mapped[datetime | None] = mapped_column(default=None)
