"""Manager endpoints for HIL tasks: list them, approve, edit or reject (deciding twice is a no-op)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Query, Request, Response

from venuedesk.transports.api.auth import require_decider, require_manager
from venuedesk.transports.api.deps import IdempotencyKey, TaskId, get_desk
from venuedesk.transports.api.errors import error_responses
from venuedesk.transports.language import ManagerLanguage
from venuedesk.transports.api.paging import DEFAULT_PAGE, PAGE_HEADERS, Limit, Offset, set_page_headers
from venuedesk.transports.api.schemas import ApproveIn, EditIn, RejectIn, TaskOut
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.manager import task_view
from venuedesk.workflow.reply import Reply

router = APIRouter(prefix="/api/hil/tasks", tags=["manager"])
DeskDep = Annotated[Desk, Depends(get_desk)]
Manager = Annotated[str, Depends(require_manager)]
Decider = Annotated[str, Depends(require_decider)]
TaskStatus = Literal["open", "approved", "edited", "rejected", "superseded", "all"]
TaskOrder = Literal["newest", "oldest"]
DECIDE_ERRORS = error_responses(400, 401, 403, 404, 409, 413, 422, 429, 500)


@router.get("", response_model=list[TaskOut], responses={
    **error_responses(401, 403, 422, 500), 200: {"description": "One page of tasks", "headers": PAGE_HEADERS}})
def list_tasks(desk: DeskDep, manager: Manager, request: Request, response: Response, language: ManagerLanguage,
               status: Annotated[TaskStatus, Query(description="A task status, or `all`.")] = "open",
               order: Annotated[TaskOrder, Query(description="`newest` (default) or `oldest` first.")] = "newest",
               limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> list[TaskOut]:
    """One page of tasks, newest first, open ones by default; `X-Total-Count` says how many there are and
    `Link` (rel="next") points at the next page. Each task's `reason` and edit rule are in the manager's language
    (`Accept-Language`, English by default)."""
    wanted = None if status == "all" else status
    with desk.uow() as uow:
        total = uow.hil.count(wanted)
        rows = uow.hil.list(wanted, limit, offset=offset, newest_first=order == "newest")
        tasks = [TaskOut.model_validate(task_view(row, language)) for row in rows]
    set_page_headers(request, response, total=total, offset=offset, shown=len(tasks), limit=limit)
    return tasks


@router.post("/{task_id}/approve", response_model=Reply, responses=DECIDE_ERRORS)
def approve(desk: DeskDep, manager: Decider, task_id: TaskId, language: ManagerLanguage,
            body: Annotated[ApproveIn | None, Body()] = None, idempotency_key: IdempotencyKey = None) -> Reply:
    """Send the held draft as it is, exactly once; the Reply sent comes back (a second approve is a no-op).
    On a counter task the optional body `{discount_percent}` (1–50) or `{discount_amount}` (CHF) grants a discount:
    a new offer version with a Discount line is sent to the client at once; without one the client hears that the
    price stands. Discount figures on any other task, both figures, or figures out of range are refused (422)."""
    percent = body.discount_percent if body is not None else None
    amount = body.discount_amount if body is not None else None
    return desk.decide(task_id, "approve", manager_id=manager, idempotency_key=idempotency_key, language=language,
                       discount_percent=percent, discount_amount=amount)


@router.post("/{task_id}/edit", response_model=Reply, responses=DECIDE_ERRORS)
def edit(desk: DeskDep, manager: Decider, task_id: TaskId, body: EditIn, language: ManagerLanguage,
         idempotency_key: IdempotencyKey = None) -> Reply:
    """Send `text` as the message around the offer: the price table and terms are sent as computed, and a text
    naming a price or percentage the offer does not contain is refused (422). The Reply sent comes back."""
    return desk.decide(task_id, "edit", text=body.text, manager_id=manager, idempotency_key=idempotency_key,
                       language=language)


@router.post("/{task_id}/reject", response_model=Reply, responses=DECIDE_ERRORS)
def reject(desk: DeskDep, manager: Decider, task_id: TaskId, language: ManagerLanguage,
           body: Annotated[RejectIn | None, Body()] = None, idempotency_key: IdempotencyKey = None) -> Reply:
    """Send nothing; an offer is redrafted under a new task. A `note` is required. The manager notice comes back."""
    note = body.note if body is not None else None
    return desk.decide(task_id, "reject", note=note, manager_id=manager, idempotency_key=idempotency_key,
                       language=language)
