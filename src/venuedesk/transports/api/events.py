"""Manager endpoints over events: list them by status and date, read one thread's audit trail."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from venuedesk.transports.api.auth import require_manager
from venuedesk.transports.api.deps import ThreadId, get_desk
from venuedesk.transports.api.errors import ApiError, error_responses
from venuedesk.transports.language import ManagerLanguage
from venuedesk.transports.api.paging import DEFAULT_PAGE, PAGE_HEADERS, Limit, Offset, set_page_headers
from venuedesk.transports.api.schemas import AuditOut
from venuedesk.workflow.audit import audit_text
from venuedesk.workflow.desk import Desk

router = APIRouter(tags=["manager"])
DeskDep = Annotated[Desk, Depends(get_desk)]
Manager = Annotated[str, Depends(require_manager)]
EventStatus = Literal["Lead", "Option", "Confirmed", "Cancelled", "Lost"]
EVENT_EXAMPLE = {"event_id": "evt_8c1f", "thread_id": "thr_8c1f", "status": "Option", "current_step": 6,
                 "thread_state": "Awaiting Client", "chosen_date": "2026-03-10", "locked_room_id": "room-b",
                 "hold_expires_at": "2026-02-09T09:00:00+01:00",
                 "deposit": {"required": True, "amount": 627.0, "due": "2026-02-28", "paid_at": None},
                 "offer": {"offer_id": "off_1", "version": 1, "status": "Accepted", "total": 2090.0}}


@router.get("/api/events", response_model=list[dict[str, Any]], responses={
    **error_responses(401, 403, 422, 500),
    200: {"description": "One page of events", "headers": PAGE_HEADERS,
          "content": {"application/json": {"example": [EVENT_EXAMPLE]}}}})
def list_events(
    desk: DeskDep, manager: Manager, request: Request, response: Response,
    status: Annotated[EventStatus | None, Query(description="Only events of this status.")] = None,
    date_from: Annotated[date | None, Query(description="Chosen date on or after (ISO 8601).")] = None,
    date_to: Annotated[date | None, Query(description="Chosen date on or before (ISO 8601).")] = None,
    limit: Limit = DEFAULT_PAGE, offset: Offset = 0,
) -> list[dict[str, Any]]:
    """One page of events as docs/design.md §4.3 JSON (with `offer`), ordered by chosen date: each with its
    lifecycle `status` (Lead, Option, Confirmed, Cancelled, Lost), `hold_expires_at` (when an Option lapses) and
    `deposit` (required, amount, due, paid_at; an amendment's `topups` and `excess`); `X-Total-Count` says how many match and `Link` (rel="next")
    points at the next page."""
    if date_from and date_to and date_from > date_to:
        raise ApiError(422, "invalid_input", f"date_to: {date_to} is before date_from {date_from}", "date_to")
    with desk.uow() as uow:
        total = uow.events.count(status, date_from, date_to)
        events = [state.public_view() for state in uow.events.list(status, date_from, date_to, limit, offset)]
    set_page_headers(request, response, total=total, offset=offset, shown=len(events), limit=limit)
    return events


@router.get("/api/threads/{thread_id}/audit", response_model=list[AuditOut],
            responses=error_responses(401, 403, 404, 422, 500))
def thread_audit(desk: DeskDep, manager: Manager, thread_id: ThreadId, language: ManagerLanguage) -> list[AuditOut]:
    """The event's audit trail oldest first: step changes, client actions, manager decisions with their notes, tool
    side effects and messages sent; empty before the first message. Decisions and messages sent are described in
    the manager's language (`Accept-Language`, English by default)."""
    with desk.uow() as uow:
        if uow.threads.get(thread_id) is None:
            raise ApiError(404, "not_found", f"thread {thread_id!r} does not exist")
    view = desk.event_view(thread_id)
    return [AuditOut.model_validate({**entry, "reason": audit_text(entry, language)})
            for entry in (view or {}).get("audit", [])]
