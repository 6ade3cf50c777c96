"""Client endpoints: open a thread, send messages and actions, read the thread so far."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Request, status

from venuedesk.transports.api.auth import authorize_thread, client_token, is_manager
from venuedesk.transports.api.deps import IdempotencyKey, ThreadId, get_desk
from venuedesk.transports.api.errors import ApiError, error_responses
from venuedesk.transports.api.schemas import ActionIn, CreateThread, MessageIn, ThreadCreated, ThreadView
from venuedesk.workflow.actions import ACTIONS, ActionError
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.reply import Reply

router = APIRouter(prefix="/api/threads", tags=["threads"])
DeskDep = Annotated[Desk, Depends(get_desk)]
Token = Annotated[str, Depends(client_token)]
CLIENT_ERRORS = error_responses(400, 401, 404, 413, 422, 500)
# A client reads its own steps, actions and messages in the audit, never the manager's decisions and notes.
CLIENT_AUDIT_KINDS = frozenset({"step", "client_action", "message"})


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ThreadCreated,
             responses=error_responses(400, 413, 422, 500))
def create_thread(desk: DeskDep, body: Annotated[CreateThread | None, Body()] = None) -> ThreadCreated:
    """Open a thread; keep `client_token` secret and send it as `Authorization: Bearer ...` from now on."""
    info = desk.open_thread(channel=(body or CreateThread()).channel)
    return ThreadCreated(thread_id=info.thread_id, client_token=info.client_token)


@router.post("/{thread_id}/messages", response_model=Reply, responses=CLIENT_ERRORS)
def post_message(request: Request, desk: DeskDep, token: Token, thread_id: ThreadId, body: MessageIn,
                 idempotency_key: IdempotencyKey = None) -> Reply:
    """Send a client message; the desk's Reply comes back (a repeated Idempotency-Key returns the stored one)."""
    authorize_thread(request, token, thread_id, manager_may_read=False)
    return desk.handle_message(thread_id, body.text, sender=body.sender, idempotency_key=idempotency_key)


@router.post("/{thread_id}/actions", response_model=Reply, responses=CLIENT_ERRORS)
def post_action(request: Request, desk: DeskDep, token: Token, thread_id: ThreadId, body: ActionIn,
                idempotency_key: IdempotencyKey = None) -> Reply:
    """Take a typed action (a button): validated like a tool call, then run like a message."""
    authorize_thread(request, token, thread_id, manager_may_read=False)
    if body.name not in ACTIONS:
        raise ApiError(422, "invalid_action", f"unknown action {body.name!r}; known actions: "
                       f"{', '.join(sorted(ACTIONS))}", "name")
    try:
        return desk.handle_action(thread_id, body.name, body.args, idempotency_key=idempotency_key)
    except ActionError as exc:
        raise ApiError(422, "invalid_action", str(exc), exc.field or "args") from exc


@router.get("/{thread_id}", response_model=ThreadView, responses=CLIENT_ERRORS)
def get_thread(request: Request, desk: DeskDep, token: Token, thread_id: ThreadId) -> ThreadView:
    """The thread so far: every reply sent to the client (oldest first), the event state and open tasks."""
    authorize_thread(request, token, thread_id, manager_may_read=True)
    with desk.uow() as uow:
        if uow.threads.get(thread_id) is None:
            raise ApiError(404, "not_found", f"thread {thread_id!r} does not exist")
        replies = [Reply.model_validate(row.reply) for row in uow.messages.history(thread_id)
                   if row.role == "desk" and row.reply is not None]
    event = desk.event_view(thread_id)
    if event is not None and not is_manager(request, token):
        event["audit"] = [entry for entry in event["audit"] if entry.get("kind", "step") in CLIENT_AUDIT_KINDS]
    return ThreadView(thread_id=thread_id, replies=replies, event=event, hil_open=desk.hil_open(thread_id))
