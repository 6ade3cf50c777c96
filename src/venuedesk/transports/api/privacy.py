"""The GDPR endpoints (docs/privacy.md): a client's data found by email, exported as JSON or erased. Both are for
an owner or manager account only (a viewer reads bookings, not a client's whole file) and audited with the
account."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from venuedesk.transports.api.auth import require_decider
from venuedesk.transports.api.deps import get_desk
from venuedesk.transports.api.errors import ApiError, error_responses
from venuedesk.transports.mail.attachments import delete_thread_attachments
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.privacy import erase_by_email, export_by_email

router = APIRouter(tags=["privacy"])
DeskDep = Annotated[Desk, Depends(get_desk)]
Decider = Annotated[str, Depends(require_decider)]
Email = Annotated[str, Path(min_length=3, max_length=320, examples=["anna@example.com"],
                            description="The client's email (case-insensitive).")]


class ErasedOut(BaseModel):
    """The threads whose client data was erased now (empty when nothing was left to erase)."""

    erased: int
    thread_ids: list[str]


@router.get("/api/privacy/{email}", responses=error_responses(401, 403, 422))
async def privacy_export(desk: DeskDep, account: Decider, email: Email) -> dict[str, Any]:
    """Everything stored about the client with this email (GDPR art. 15): per thread its event, messages, inbox,
    outbox, tool-call ledger, HIL tasks, mail records, payments, site visits and ChatKit items. Audited."""
    try:
        return await run_in_threadpool(export_by_email, desk.engine, desk.clock, email, actor=account,
                                     venue_id=desk.venue_id)
    except ValueError as exc:
        raise ApiError(422, "invalid_email", str(exc)) from exc


@router.post("/api/privacy/{email}/erase", response_model=ErasedOut, responses=error_responses(401, 403, 422))
async def privacy_erase(request: Request, desk: DeskDep, account: Decider, email: Email) -> ErasedOut:
    """Erase the client's data in every thread of theirs (GDPR art. 17), Confirmed bookings too: who they are
    and what they wrote goes, amounts, dates and statuses stay for the accounting. Erasing again answers 0.
    Audited with the account."""
    home = request.app.state.home

    def forget(thread_id: str) -> bool:
        return delete_thread_attachments(home, thread_id)

    try:
        erased = await run_in_threadpool(erase_by_email, desk.engine, desk.clock, email, actor=account,
                                         forget_files=forget, venue_id=desk.venue_id)
    except ValueError as exc:
        raise ApiError(422, "invalid_email", str(exc)) from exc
    return ErasedOut(erased=len(erased), thread_ids=erased)
