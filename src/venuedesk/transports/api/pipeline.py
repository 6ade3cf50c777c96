"""The pipeline (docs/pipeline.md): `GET /api/pipeline` (figures as JSON), `GET /api/pipeline.csv` (one line per
thread, no client data) and the manager's `POST /api/threads/{id}/lost`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from venuedesk.domain.pipeline import LOST_REASONS
from venuedesk.transports.api.auth import require_decider, require_manager
from venuedesk.transports.api.deps import IdempotencyKey, ThreadId, get_desk
from venuedesk.transports.api.errors import error_responses
from venuedesk.transports.language import ManagerLanguage
from venuedesk.workflow import pipeline_report
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.lost import MAX_NOTE_CHARS

router = APIRouter(tags=["manager"])
DeskDep = Annotated[Desk, Depends(get_desk)]
Manager = Annotated[str, Depends(require_manager)]
Decider = Annotated[str, Depends(require_decider)]
MonthQuery = Annotated[str | None, Query(description="Only this month (YYYY-MM, venue time): leads that came in, "
                                         "events on its days, messages and tasks that came in.",
                                         examples=["2026-03"], max_length=20)]
RoomQuery = Annotated[str | None, Query(description="Only threads of this room (its id, e.g. room-a).",
                                        max_length=64)]
LostReason = Literal[LOST_REASONS]  # type: ignore[valid-type]


class LostIn(BaseModel):
    """Why the thread is lost: one of the reason codes, and an optional internal note."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "price",
                                                                               "note": "went with a hotel"}]})

    reason: LostReason
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)


class LostOut(BaseModel):
    """What "mark lost" did; a repeat answers the same."""

    thread_id: str
    event_id: str
    from_status: str
    status: str
    reason: str
    note: str | None
    marked_at: datetime
    marked_by: str


@router.get("/api/pipeline", response_model=dict[str, Any], responses=error_responses(401, 403, 422, 500))
async def pipeline(desk: DeskDep, manager: Manager, language: ManagerLanguage, month: MonthQuery = None,
                   room: RoomQuery = None) -> dict[str, Any]:
    """Leads → options → confirmed with the conversion between them, lost reasons, revenue confirmed and on option
    per month of the event's day (offer totals in CHF), average waits of clients (message → desk reply) and of
    manager tasks (opened → decided), for one month and room or all. Amounts, shares, months and waits also come
    as `text` in the manager's language (Swiss formats). Viewers may read it."""
    filters = pipeline_report.parse_filters(desk.venue, month, room)
    figures = await run_in_threadpool(pipeline_report.compute, desk.uow, filters)
    return pipeline_report.report_json(figures, desk.venue, language)


@router.get("/api/pipeline.csv", response_class=Response, responses={
    **error_responses(401, 403, 422, 500),
    200: {"description": "One line per thread (see docs/pipeline.md)", "content": {"text/csv": {}}}})
async def pipeline_csv(desk: DeskDep, manager: Manager, month: MonthQuery = None, room: RoomQuery = None) -> Response:
    """The threads behind the funnel as CSV (UTF-8, comma-separated, a header line): thread_id, lead_month, stage,
    status, room_id, event_date, offer_total_chf, exit_kind, exit_reason, exit_at. No names, addresses or notes;
    a cell that starts like a formula (= + - @) is prefixed with `'`."""
    filters = pipeline_report.parse_filters(desk.venue, month, room)
    figures = await run_in_threadpool(pipeline_report.compute, desk.uow, filters)
    name = pipeline_report.csv_filename(filters)
    return Response(pipeline_report.report_csv(figures), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@router.post("/api/threads/{thread_id}/lost", response_model=LostOut,
             responses=error_responses(400, 401, 403, 404, 409, 413, 422, 500))
def mark_lost(desk: DeskDep, manager: Decider, thread_id: ThreadId, body: LostIn,
              idempotency_key: IdempotencyKey = None) -> LostOut:
    """End an open lead or option as Lost with a reason (price, date, room, competitor, no_reply, event_off,
    other) and an optional internal note: the hold is released, open tasks close, the thread is Closed and the
    decision is audited under your account. Nothing is sent to the client. A second click (or the same
    Idempotency-Key) answers the first result; 409 for a Confirmed, Lost or Cancelled booking or a thread without
    one."""
    result = desk.mark_lost(thread_id, body.reason, note=body.note, manager_id=manager,
                            idempotency_key=idempotency_key)
    return LostOut.model_validate(result.as_json())
