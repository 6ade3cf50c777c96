"""The function sheet of a confirmed event for the venue's staff (docs/documents.md "Function sheet"): its HTML page
and its PDF, the newest version or `?version=N`; manager tokens only (it holds the client's contact details)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import HTMLResponse, Response

from venuedesk.documents.function_sheet_html import STYLE_SOURCE
from venuedesk.documents.pdf_render import PdfRenderError
from venuedesk.transports.api.auth import require_manager
from venuedesk.transports.api.deps import get_desk
from venuedesk.transports.api.errors import ApiError, error_responses
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.function_sheets import StoredSheet, sheet_pdf, stored_sheet

router = APIRouter(tags=["manager"])
DeskDep = Annotated[Desk, Depends(get_desk)]
Manager = Annotated[str, Depends(require_manager)]
EventId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$", examples=["evt_8c1f0a2b"])]
Version = Annotated[int | None, Query(ge=1, le=100_000, description="The version; the newest when omitted.")]
PAGE_POLICY = (f"default-src 'none'; style-src {STYLE_SOURCE}; img-src data:; base-uri 'none'; form-action 'none'; "
               "frame-ancestors 'none'")
"""The page runs no script and loads nothing: its one inline stylesheet is allowed by its hash."""


def _sheet(desk: Desk, event_id: str, version: int | None) -> StoredSheet:
    with desk.uow() as uow:
        sheet = stored_sheet(uow, event_id, version)
        known = sheet is not None or uow.events.get(event_id) is not None
    if sheet is not None:
        return sheet
    if not known:
        raise ApiError(404, "not_found", f"event {event_id!r} does not exist")
    if version is not None:
        raise ApiError(404, "not_found", f"event {event_id!r} has no function sheet version {version}", "version")
    raise ApiError(404, "no_function_sheet", f"event {event_id!r} has no function sheet: it is made when the "
                   "booking is confirmed")


def _headers(sheet: StoredSheet, extension: str) -> dict[str, str]:
    name = f"function-sheet-{sheet.event_id}-v{sheet.version}.{extension}"
    return {"Content-Disposition": f'{"inline" if extension == "html" else "attachment"}; filename="{name}"',
            "Cache-Control": "no-store", "X-Function-Sheet-Version": str(sheet.version),
            "X-Function-Sheet-Versions": ",".join(str(number) for number in sheet.versions)}


@router.get("/api/events/{event_id}/function-sheet", response_class=Response,
            responses={200: {"content": {"text/html": {}}, "description": "The sheet as a page"},
                       **error_responses(401, 403, 404, 422, 500)})
def function_sheet_html(desk: DeskDep, manager: Manager, event_id: EventId, version: Version = None) -> Response:
    """The function sheet of a confirmed event as HTML (the newest version, or `?version=N`): room, layout, head
    count, timings with the set-up and tear-down buffers, catering with counts, equipment, notes, the site visit and
    the client's contact; a version after a change marks what changed since the one before. Manager tokens only;
    404 `no_function_sheet` before the booking is confirmed."""
    sheet = _sheet(desk, event_id, version)
    headers = {**_headers(sheet, "html"), "Content-Security-Policy": PAGE_POLICY}
    return HTMLResponse(sheet.html, headers=headers)


@router.get("/api/events/{event_id}/function-sheet.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}, "description": "The sheet as an A4 PDF"},
                       **error_responses(401, 403, 404, 422, 500, 503)})
def function_sheet_pdf(desk: DeskDep, manager: Manager, event_id: EventId, version: Version = None) -> Response:
    """The same sheet as an A4 PDF (rendered from the version's HTML by the `function_sheet_pdf` job; before the
    job ran, rendered now: the same bytes). Manager tokens only; 503 when this machine cannot render PDFs."""
    sheet = _sheet(desk, event_id, version)
    try:
        pdf = sheet_pdf(sheet)
    except PdfRenderError as error:
        raise ApiError(503, "pdf_unavailable", str(error)) from error
    return Response(pdf, media_type="application/pdf", headers=_headers(sheet, "pdf"))
