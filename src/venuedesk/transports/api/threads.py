"""Client endpoints: open a thread, send messages and actions, read the thread so far."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query, Request, Response, status

from venuedesk.transports.api.auth import authorize_thread, client_token, is_manager, remember_client
from venuedesk.transports.api.deps import IdempotencyKey, ThreadId, get_desk
from venuedesk.transports.api.errors import ApiError, error_responses
from venuedesk.transports.rate_limit import client_ip_hash
from venuedesk.transports.api.schemas import ActionIn, CreateThread, MessageIn, ThreadCreated, ThreadView
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.actions import ACTIONS, ActionError
from venuedesk.workflow.calendar_invite import ics_filename
from venuedesk.workflow.desk import TURN_LANGUAGE, Desk
from venuedesk.workflow.reply import Reply

router = APIRouter(prefix="/api/threads", tags=["threads"])
DeskDep = Annotated[Desk, Depends(get_desk)]
Token = Annotated[str, Depends(client_token)]
CLIENT_ERRORS = error_responses(400, 401, 404, 413, 422, 429, 500)
# A client reads its own steps, actions and messages in the audit, never the manager's decisions and notes.
CLIENT_AUDIT_KINDS = frozenset({"step", "client_action", "message"})
JSON = "application/json"


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ThreadCreated,
             responses=error_responses(400, 413, 422, 429, 500))
def create_thread(request: Request, desk: DeskDep, body: Annotated[CreateThread | None, Body()] = None) -> Response:
    """Open a thread; keep `client_token` secret and send it as `Authorization: Bearer ...` from now on."""
    info = desk.open_thread(channel=(body or CreateThread()).channel, client_ip_hash=client_ip_hash(request.state))
    remember_client(request, info.thread_id, info.client_token)
    created = ThreadCreated(thread_id=info.thread_id, client_token=info.client_token)
    return Response(created.model_dump_json(), status_code=status.HTTP_201_CREATED, media_type=JSON)


def conversation_language(uow: UnitOfWork, thread_id: str) -> str:
    """The conversation's language as the desk last understood it (the event's; "en" before the first message)."""
    state = uow.events.for_thread(thread_id)
    return state.language if state is not None else "en"


def thread_language(desk: Desk, thread_id: str) -> str:
    """The conversation's language, read in its own unit of work."""
    with desk.reader() as uow:
        return conversation_language(uow, thread_id)


def reply_response(desk: Desk, thread_id: str, reply: Reply) -> Response:
    """The Reply as JSON (already validated by the desk: no second validation by a response model), naming the
    conversation's language in `Content-Language` so a page can follow it without asking; the language comes from
    the turn just run, or from the event when the reply was a stored one."""
    told = TURN_LANGUAGE.get()
    language = told[1] if told is not None and told[0] == thread_id else thread_language(desk, thread_id)
    return Response(reply.model_dump_json(), media_type=JSON, headers={"Content-Language": language})


@router.post("/{thread_id}/messages", response_model=Reply, responses=CLIENT_ERRORS)
def post_message(request: Request, desk: DeskDep, token: Token, thread_id: ThreadId,
                 body: MessageIn, idempotency_key: IdempotencyKey = None) -> Response:
    """Send a client message; the desk's Reply comes back (a repeated Idempotency-Key returns the stored one).
    `Content-Language` names the conversation's language."""
    authorize_thread(request, token, thread_id, manager_may_read=False)
    reply = desk.handle_message(thread_id, body.text, sender=body.sender, idempotency_key=idempotency_key)
    return reply_response(desk, thread_id, reply)


@router.post("/{thread_id}/actions", response_model=Reply, responses=CLIENT_ERRORS)
def post_action(request: Request, desk: DeskDep, token: Token, thread_id: ThreadId,
                body: ActionIn, idempotency_key: IdempotencyKey = None) -> Response:
    """Take a typed action (a button): validated like a tool call, then run like a message."""
    authorize_thread(request, token, thread_id, manager_may_read=False)
    if body.name not in ACTIONS:
        raise ApiError(422, "invalid_action", f"unknown action {body.name!r}; known actions: "
                       f"{', '.join(sorted(ACTIONS))}", "name")
    try:
        reply = desk.handle_action(thread_id, body.name, body.args, idempotency_key=idempotency_key)
    except ActionError as exc:
        raise ApiError(422, "invalid_action", str(exc), exc.field or "args") from exc
    return reply_response(desk, thread_id, reply)


@router.get("/{thread_id}", response_model=ThreadView, responses=CLIENT_ERRORS)
def get_thread(request: Request, response: Response, desk: DeskDep, token: Token,
               thread_id: ThreadId) -> ThreadView:
    """The thread so far: every reply sent to the client (oldest first), the event state, open tasks and the
    conversation's language."""
    authorize_thread(request, token, thread_id, manager_may_read=True)
    with desk.reader() as uow:
        thread = uow.threads.get(thread_id)
        if thread is None:
            raise ApiError(404, "not_found", f"thread {thread_id!r} does not exist")
        language = conversation_language(uow, thread_id)
        replies = [Reply.model_validate(row.reply) for row in uow.messages.history(thread_id)
                   if row.role == "desk" and row.reply is not None]
    event = desk.event_view(thread_id)
    if event is not None and not is_manager(request, token):
        event["audit"] = [entry for entry in event["audit"] if entry.get("kind", "step") in CLIENT_AUDIT_KINDS]
    response.headers["Content-Language"] = language
    return ThreadView(thread_id=thread_id, replies=replies, event=event, hil_open=desk.hil_open(thread_id),
                      language=language)


@router.get("/{thread_id}/calendar.ics", response_class=Response, responses={
    200: {"content": {"text/calendar": {}}, "description": "The booking's invite (RFC 5545, METHOD:PUBLISH)"},
    **error_responses(401, 404, 409, 500)})
def get_calendar(request: Request, desk: DeskDep, token: Token, thread_id: ThreadId) -> Response:
    """The confirmed booking's `.ics` invite (the `download_ics` action's link): the same UID on every download,
    Europe/Zurich times; 409 `no_invite` before the venue has confirmed the booking. The thread's client token or
    the manager token opens it."""
    authorize_thread(request, token, thread_id, manager_may_read=True)
    ics = desk.calendar_ics(thread_id)
    event = desk.event_view(thread_id) or {}
    filename = ics_filename(str(event.get("event_id") or thread_id), _day(event.get("chosen_date")))
    return Response(content=ics, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/{thread_id}/offer.pdf", response_class=Response, responses={
    200: {"content": {"application/pdf": {}}, "description": "The offer version's PDF, as stored when it was sent"},
    **error_responses(401, 404, 422, 500, 503)})
def get_offer_pdf(request: Request, desk: DeskDep, token: Token, thread_id: ThreadId,
                  version: Annotated[int | None, Query(ge=1, le=1000)] = None) -> Response:
    """The offer's PDF (docs/documents.md): the live version, or `?version=N` for an older one, byte for byte as
    it was sent; 404 `no_offer_document` naming the versions for an unknown one. The thread's client token or a
    manager token opens it; a manager also gets a draft awaiting approval (a preview, not stored)."""
    authorize_thread(request, token, thread_id, manager_may_read=True)
    document = desk.offer_pdf(thread_id, version, preview=is_manager(request, token))
    return Response(content=document.content, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{document.filename}"',
                             "Cache-Control": "private, no-store"})


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None
