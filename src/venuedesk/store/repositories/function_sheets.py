"""Function sheets per version: the newest to compare with, one version to serve, the PDFs still to render."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from venuedesk.store.document_models import FunctionSheetRow


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

    def unrendered(self, limit: int) -> list[tuple[int, str]]:
        """(id, html) of versions without their PDF, oldest first."""
        query = (select(FunctionSheetRow.id, FunctionSheetRow.html).where(FunctionSheetRow.pdf.is_(None))
                 .order_by(FunctionSheetRow.id).limit(limit))
        return [(row.id, row.html) for row in self.session.execute(query)]

    def count_unrendered(self) -> int:
        """How many versions still wait for their PDF."""
        query = select(func.count()).select_from(FunctionSheetRow).where(FunctionSheetRow.pdf.is_(None))
        return int(self.session.execute(query).scalar_one())

    def store_pdf(self, sheet_id: int, pdf: bytes, sha256: str, now: datetime) -> bool:
        """Keep the rendered PDF once: False when another worker stored it first."""
        result = self.session.execute(
            update(FunctionSheetRow).where(FunctionSheetRow.id == sheet_id, FunctionSheetRow.pdf.is_(None))
            .values(pdf=pdf, sha256=sha256, rendered_at=now))
        return bool(result.rowcount)  # type: ignore[attr-defined]
