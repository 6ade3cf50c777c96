"""Offer PDFs per offer version: recorded (pending, with the HTML) when the version is sent, the PDF kept once when
rendered, read back unchanged (the rows of `store/document_models.py`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from venuedesk.store.document_models import OfferDocumentRow, PendingRender


@dataclass(frozen=True)
class StoredOfferDocument:
    """One offer version's row: which thread and version it is, its language, the HTML it is rendered from and, once
    rendered, the PDF bytes and their digest; `created_at` is when the version was sent."""

    row_id: int
    thread_id: str
    event_id: str
    offer_id: str
    version: int
    language: str
    sha256: str | None
    content: bytes | None
    html: str | None
    created_at: datetime
    render_attempts: int = 0

    @property
    def pending(self) -> PendingRender | None:
        """The render this row still waits for, None when its PDF is kept (or it has no HTML to render)."""
        if self.content is not None or self.html is None:
            return None
        return PendingRender(self.row_id, self.html, self.render_attempts)


class OfferDocumentRepository:
    """Record an offer version once, keep its PDF once and read it back; (thread, version) is unique in the table."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, thread_id: str, version: int) -> StoredOfferDocument | None:
        """The row of `version` on the thread (pending or rendered), None when none was recorded."""
        row = self.session.scalars(select(OfferDocumentRow).where(
            OfferDocumentRow.thread_id == thread_id, OfferDocumentRow.version == version)
            .execution_options(populate_existing=True)).first()
        return None if row is None else _stored(row)

    def record_pending(self, *, thread_id: str, event_id: str, offer_id: str, version: int, language: str, html: str,
                       created_at: datetime) -> StoredOfferDocument:
        """Record the version as sent, its PDF to be rendered from `html`, unless it is recorded already; either way
        the recorded row (a repeated approval or a racing writer gets the first one)."""
        existing = self.get(thread_id, version)
        if existing is not None:
            return existing
        return self._insert_once(OfferDocumentRow(thread_id=thread_id, event_id=event_id, offer_id=offer_id,
                                                  version=version, language=language, html=html,
                                                  created_at=created_at))

    def put_once(self, *, thread_id: str, event_id: str, offer_id: str, version: int, language: str,
                 content: bytes, created_at: datetime) -> StoredOfferDocument:
        """Keep `content` as the version's PDF unless one is kept already; either way, the kept one (a pending row
        gets it by a conditional UPDATE, a missing row is inserted: a second writer racing on the same version loses
        on the unique key and gets the first one's bytes)."""
        existing = self.get(thread_id, version)
        if existing is not None:
            if existing.content is None:
                self.store_pdf(existing.row_id, content, hashlib.sha256(content).hexdigest(), created_at)
                kept = self.get(thread_id, version)
                assert kept is not None
                return kept
            return existing
        return self._insert_once(OfferDocumentRow(
            thread_id=thread_id, event_id=event_id, offer_id=offer_id, version=version, language=language,
            sha256=hashlib.sha256(content).hexdigest(), content=content, created_at=created_at,
            rendered_at=created_at))

    def _insert_once(self, row: OfferDocumentRow) -> StoredOfferDocument:
        """Insert `row`; when the unique key was taken meanwhile (another writer's row, committed while this one
        waited), the row kept instead."""
        savepoint = self.session.begin_nested()
        try:
            self.session.add(row)
            self.session.flush()
        except IntegrityError:
            savepoint.rollback()
            stored = self.get(row.thread_id, row.version)
            assert stored is not None, "the unique key was taken by a row this transaction cannot see"
            return stored
        savepoint.commit()
        return _stored(row)

    def unrendered(self, limit: int, now: datetime) -> list[PendingRender]:
        """Recorded versions without their PDF whose render is due at `now`, oldest first."""
        query = (select(OfferDocumentRow.id, OfferDocumentRow.html, OfferDocumentRow.render_attempts)
                 .where(*_render_due(now)).order_by(OfferDocumentRow.id).limit(limit))
        return [PendingRender(row.id, row.html, row.render_attempts) for row in self.session.execute(query)]

    def count_unrendered(self, now: datetime) -> int:
        """How many recorded versions wait for their PDF with a render due at `now`."""
        query = select(func.count()).select_from(OfferDocumentRow).where(*_render_due(now))
        return int(self.session.execute(query).scalar_one())

    def store_pdf(self, row_id: int, pdf: bytes, sha256: str, now: datetime) -> bool:
        """Keep the rendered PDF of a pending row once: False when another writer kept one first."""
        result = self.session.execute(
            update(OfferDocumentRow).where(OfferDocumentRow.id == row_id, OfferDocumentRow.content.is_(None))
            .values(content=pdf, sha256=sha256, rendered_at=now))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def render_failed(self, row_id: int, retry_at: datetime) -> None:
        """Count a failed render of a row still without its PDF; the next is not tried before `retry_at`."""
        self.session.execute(
            update(OfferDocumentRow).where(OfferDocumentRow.id == row_id, OfferDocumentRow.content.is_(None))
            .values(render_attempts=OfferDocumentRow.render_attempts + 1, render_after=retry_at))

    def count(self, thread_id: str, *, rendered: bool = False) -> int:
        """How many offer versions the thread has recorded (one per sent version); `rendered`: only those whose PDF
        is kept."""
        query = select(func.count()).select_from(OfferDocumentRow).where(OfferDocumentRow.thread_id == thread_id)
        if rendered:
            query = query.where(OfferDocumentRow.content.is_not(None))
        return int(self.session.scalar(query) or 0)

    def delete_thread(self, thread_id: str) -> int:
        """Delete the thread's offer PDFs (they carry the client's name and billing address); how many went."""
        result = self.session.execute(delete(OfferDocumentRow).where(OfferDocumentRow.thread_id == thread_id))
        return int(result.rowcount)  # type: ignore[attr-defined]


def _render_due(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (OfferDocumentRow.content.is_(None), OfferDocumentRow.html.is_not(None),
            or_(OfferDocumentRow.render_after.is_(None), OfferDocumentRow.render_after <= now))


def _stored(row: OfferDocumentRow) -> StoredOfferDocument:
    return StoredOfferDocument(row_id=row.id, thread_id=row.thread_id, event_id=row.event_id, offer_id=row.offer_id,
                               version=row.version, language=row.language, sha256=row.sha256,
                               content=None if row.content is None else bytes(row.content), html=row.html,
                               created_at=row.created_at, render_attempts=row.render_attempts or 0)
