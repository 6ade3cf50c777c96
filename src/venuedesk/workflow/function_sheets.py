"""Function sheets of confirmed events, one stored version per change (docs/documents.md "Function sheet").

`record_sheet` runs in the unit of work that saves a confirmed event (the client's turn, the manager's decision,
a payment, a job's notice), under the thread's lock: it builds the sheet and adds a version only when the sheet
differs from the newest one, so a retried or repeated save (a second approval, a redelivered message) adds none.
The HTML is written in that transaction; the PDF of the same HTML is the `function_sheet_pdf` job's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from venuedesk.documents.function_sheet import SHEET_STATUSES, SheetView, build_sheet, staff_language
from venuedesk.documents.function_sheet_html import render_sheet_html
from venuedesk.documents.pdf_render import html_to_pdf
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState
from venuedesk.store.repositories.function_sheets import FunctionSheetRepository
from venuedesk.store.uow import UnitOfWork


@dataclass(frozen=True)
class StoredSheet:
    """One stored version: its HTML, its PDF (None until rendered), when it was made, and every version's number."""

    event_id: str
    thread_id: str
    version: int
    html: str
    pdf: bytes | None
    sha256: str | None
    created_at: datetime
    versions: tuple[int, ...]


def record_sheet(uow: UnitOfWork, venue: Venue, state: EventState, now: datetime) -> int | None:
    """Add the next version of the event's sheet when it is confirmed (or was, and is cancelled now) and the sheet
    differs from the newest version; the new version's number, or None when nothing was added."""
    if state.status not in SHEET_STATUSES:
        return None
    sheets = FunctionSheetRepository(uow.session)
    latest = sheets.latest(state.event_id)
    if latest is None and state.status != "Confirmed":
        return None
    view = build_sheet(state, venue, staff_language(venue))
    digest = view.content_hash()
    if latest is not None and latest.content_hash == digest:
        return None
    previous = SheetView.model_validate(latest.model) if latest is not None else None
    version = latest.version + 1 if latest is not None else 1
    html = render_sheet_html(view, version=version, made=now, previous=previous,
                             previous_version=latest.version if latest is not None else None)
    sheets.add(event_id=state.event_id, thread_id=state.thread_id, version=version, language=view.language,
               model=view.model_dump(mode="json"), content_hash=digest, html=html, now=now)
    return version


def stored_sheet(uow: UnitOfWork, event_id: str, version: int | None = None) -> StoredSheet | None:
    """A stored version of the event's sheet (the newest when `version` is None), or None."""
    sheets = FunctionSheetRepository(uow.session)
    row = sheets.latest(event_id) if version is None else sheets.version(event_id, version)
    if row is None:
        return None
    return StoredSheet(event_id=row.event_id, thread_id=row.thread_id, version=row.version, html=row.html,
                       pdf=row.pdf, sha256=row.sha256, created_at=row.created_at,
                       versions=tuple(sheets.versions(event_id)))


def sheet_pdf(sheet: StoredSheet) -> bytes:
    """The version's PDF: the stored one, or (before the job rendered it) the same bytes rendered now."""
    return sheet.pdf if sheet.pdf is not None else html_to_pdf(sheet.html)


def pdf_digest(pdf: bytes) -> str:
    """The SHA-256 stored beside a sheet's PDF."""
    return hashlib.sha256(pdf).hexdigest()
