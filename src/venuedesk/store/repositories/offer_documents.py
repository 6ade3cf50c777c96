"""Offer PDFs per offer version: stored once, read back unchanged (the rows of `store/document_models.py`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from venuedesk.store.document_models import OfferDocumentRow


@dataclass(frozen=True)
class StoredOfferDocument:
    """One stored offer PDF: which thread and version it is, its language, digest, bytes and when it was made."""

    thread_id: str
    event_id: str
    offer_id: str
    version: int
    language: str
    sha256: str
    content: bytes
    created_at: datetime


class OfferDocumentRepository:
    """Store an offer version's PDF exactly once and read it back; (thread, version) is unique in the table."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, thread_id: str, version: int) -> StoredOfferDocument | None:
        """The stored PDF of `version` on the thread, None when none was stored."""
        row = self.session.scalars(select(OfferDocumentRow).where(
            OfferDocumentRow.thread_id == thread_id, OfferDocumentRow.version == version)).first()
        return None if row is None else _stored(row)

    def put_once(self, *, thread_id: str, event_id: str, offer_id: str, version: int, language: str,
                 content: bytes, created_at: datetime) -> StoredOfferDocument:
        """Store `content` as the version's PDF unless one is stored already; either way, the stored one (a second
        writer racing on the same version loses on the unique key and gets the first one's bytes)."""
        existing = self.get(thread_id, version)
        if existing is not None:
            return existing
        row = OfferDocumentRow(thread_id=thread_id, event_id=event_id, offer_id=offer_id, version=version,
                               language=language, sha256=hashlib.sha256(content).hexdigest(), content=content,
                               created_at=created_at)
        savepoint = self.session.begin_nested()
        try:
            self.session.add(row)
            self.session.flush()
        except IntegrityError:
            savepoint.rollback()
            stored = self.get(thread_id, version)
            assert stored is not None, "the unique key was taken by a row this transaction cannot see"
            return stored
        savepoint.commit()
        return _stored(row)

    def count(self, thread_id: str) -> int:
        """How many offer PDFs the thread has stored (one per sent version)."""
        counted = self.session.scalar(select(func.count()).select_from(OfferDocumentRow)
                                      .where(OfferDocumentRow.thread_id == thread_id))
        return int(counted or 0)

    def delete_thread(self, thread_id: str) -> int:
        """Delete the thread's offer PDFs (they carry the client's name and billing address); how many went."""
        result = self.session.execute(delete(OfferDocumentRow).where(OfferDocumentRow.thread_id == thread_id))
        return int(result.rowcount)  # type: ignore[attr-defined]


def _stored(row: OfferDocumentRow) -> StoredOfferDocument:
    return StoredOfferDocument(thread_id=row.thread_id, event_id=row.event_id, offer_id=row.offer_id,
                               version=row.version, language=row.language, sha256=row.sha256,
                               content=bytes(row.content), created_at=row.created_at)
