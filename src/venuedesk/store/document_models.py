"""Documents the desk rendered for people and keeps as sent: one offer PDF per offer version of a thread."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from venuedesk.store.base import Base


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
