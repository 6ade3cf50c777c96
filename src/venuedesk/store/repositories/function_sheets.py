"""Function sheets per version: the newest to compare with, one version to serve, the PDFs still to render."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from venuedesk.store.document_models import FunctionSheetRow, PendingRender


def _render_due(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (FunctionSheetRow.pdf.is_(None),
            or_(FunctionSheetRow.render_after.is_(None), FunctionSheetRow.render_after <= now))


class FunctionSheetRepository:
    """Add, read and complete (PDF) function sheet versions."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def latest(self, event_id: str) -> FunctionSheetRow | None:
        """The event's newest version, or None before its first."""
        query = (select(FunctionSheetRow).where(FunctionSheetRow.event_id == event_id)
                 .order_by(FunctionSheetRow.version.desc()).limit(1))
        return self.session.execute(query).scalar_one_or_none()

    def version(self, event_id: str, version: int) -> FunctionSheetRow | None:
        """One version of the event's sheet, or None."""
        query = select(FunctionSheetRow).where(FunctionSheetRow.event_id == event_id,
                                               FunctionSheetRow.version == version)
        return self.session.execute(query).scalar_one_or_none()

    def versions(self, event_id: str) -> list[int]:
        """The event's version numbers, oldest first."""
        query = select(FunctionSheetRow.version).where(FunctionSheetRow.event_id == event_id)
        return list(self.session.execute(query.order_by(FunctionSheetRow.version)).scalars())

    def add(self, *, event_id: str, thread_id: str, version: int, language: str, model: dict[str, Any],
            content_hash: str, html: str, now: datetime) -> FunctionSheetRow:
        """Store a new version (its PDF comes later); the unique (event, version) refuses a second writer."""
        row = FunctionSheetRow(event_id=event_id, thread_id=thread_id, version=version, language=language,
                               model=model, content_hash=content_hash, html=html, created_at=now)
        self.session.add(row)
        self.session.flush()
        return row

    def unrendered(self, limit: int, now: datetime) -> list[PendingRender]:
        """Versions without their PDF whose next render is due at `now`, oldest first."""
        query = (select(FunctionSheetRow.id, FunctionSheetRow.html, FunctionSheetRow.render_attempts)
                 .where(*_render_due(now)).order_by(FunctionSheetRow.id).limit(limit))
        return [PendingRender(row.id, row.html, row.render_attempts) for row in self.session.execute(query)]

    def count_unrendered(self, now: datetime) -> int:
        """How many versions wait for their PDF with a render due at `now` (not those backing off)."""
        query = select(func.count()).select_from(FunctionSheetRow).where(*_render_due(now))
        return int(self.session.execute(query).scalar_one())

    def render_failed(self, sheet_id: int, retry_at: datetime) -> None:
        """Count a failed render of a version still without its PDF; the next one is not tried before `retry_at`."""
        self.session.execute(
            update(FunctionSheetRow).where(FunctionSheetRow.id == sheet_id, FunctionSheetRow.pdf.is_(None))
            .values(render_attempts=FunctionSheetRow.render_attempts + 1, render_after=retry_at))

    def store_pdf(self, sheet_id: int, pdf: bytes, sha256: str, now: datetime) -> bool:
        """Keep the rendered PDF once: False when another worker stored it first."""
        result = self.session.execute(
            update(FunctionSheetRow).where(FunctionSheetRow.id == sheet_id, FunctionSheetRow.pdf.is_(None))
            .values(pdf=pdf, sha256=sha256, rendered_at=now))
        return bool(result.rowcount)  # type: ignore[attr-defined]
