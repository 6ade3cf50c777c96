"""`POST /chatkit`: the ChatKit protocol endpoint, with the thread's client token as the only key to a thread."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from chatkit.server import StreamingResult
from chatkit.store import NotFoundError
from chatkit.types import (
    AttachmentsCreateReq,
    AttachmentsDeleteReq,
    ChatKitReq,
    InputTranscribeReq,
    ThreadsAddClientToolOutputReq,
    ThreadsAddStructuredInputReq,
    ThreadsAddUserMessageReq,
    ThreadsCreateReq,
    ThreadsListReq,
    ThreadsSyncCustomActionReq,
)
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import TypeAdapter, ValidationError

from venuedesk.domain.text_input import text_problem
from venuedesk.store.chatkit_models import ChatKitThreadRow
from venuedesk.transports.chatkit.context import RequestContext
from venuedesk.transports.chatkit.server import VenueChatKitServer
from venuedesk.transports.csrf import CSRF_COOKIE, new_csrf_token
from venuedesk.transports.venues import desk_for
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import DeskError, StateConflict

TOKEN_HEADER = "X-Venuedesk-Client-Token"
TOKEN_COOKIE = "venuedesk_chatkit_token"
COOKIE_MAX_AGE = 90 * 24 * 3600
MAX_TOKEN_CHARS = 200
REQUESTS: TypeAdapter[Any] = TypeAdapter(ChatKitReq)
UNSUPPORTED = (AttachmentsCreateReq, AttachmentsDeleteReq, InputTranscribeReq, ThreadsAddClientToolOutputReq,
               ThreadsAddStructuredInputReq, ThreadsSyncCustomActionReq)
CALENDAR_FILE = "booking.ics"
STREAM_FAILED = b'data: {"type":"error","code":"stream.error","allow_retry":true}\n\n'
log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The API's one error shape."""
    if status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def _failure_key(request: Request) -> str:
    return f"ip:{request.client.host if request.client is not None else 'unknown'}"


def throttled(request: Request) -> JSONResponse | None:
    """429 with Retry-After while this IP address has failed authentication too often (accounts/throttle.py, the
    same count as the API's)."""
    throttle = getattr(request.app.state, "auth_throttle", None)
    wait = throttle.retry_after(_failure_key(request)) if throttle is not None else None
    if wait is None:
        return None
    return error_response(429, "too_many_failures", f"too many failed attempts; try again in {wait} seconds",
                          headers={"Retry-After": str(wait)})


def count_refusal(request: Request, response: JSONResponse) -> JSONResponse:
    """Count a refused token (403, or 404 for a thread the token does not open) as a failed authentication; a
    request without a token (401) is not counted."""
    throttle = getattr(request.app.state, "auth_throttle", None)
    if throttle is not None and response.status_code in (403, 404):
        throttle.failed(_failure_key(request))
    return response


def request_token(request: Request) -> str | None:
    """The client token from `Authorization: Bearer`, else from the cookie."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    token = value.strip() if scheme.lower() == "bearer" else request.cookies.get(TOKEN_COOKIE, "")
    return token if token and len(token) <= MAX_TOKEN_CHARS else None


def authorise(desk: Desk, parsed: Any, token: str | None,
              client_ip_hash: str | None = None) -> RequestContext | JSONResponse:
    """The thread this request may touch; `threads.create` opens a desk thread (from the address whose keyed hash is
    `client_ip_hash`) and gets a new token."""
    if isinstance(parsed, ThreadsCreateReq):
        info = desk.open_thread(channel="chatkit", client_ip_hash=client_ip_hash)
        return RequestContext(info.thread_id, info.client_token, created=True)
    if isinstance(parsed, ThreadsListReq):
        with desk.uow() as uow:
            row = uow.threads.by_token(token) if token else None
            return RequestContext(row.id if row is not None else None, token)
    thread_id: str = parsed.params.thread_id
    if token is None:
        return error_response(401, "unauthorized", f"send the thread's client token (Authorization: Bearer or the "
                                                   f"{TOKEN_COOKIE} cookie); {TOKEN_HEADER} was given when it opened")
    with desk.uow() as uow:
        if uow.threads.opened_by(thread_id, token) is None:
            return error_response(403, "forbidden", "this token does not open that thread")
        if uow.session.get(ChatKitThreadRow, thread_id) is None:
            return error_response(404, "not_found", f"thread {thread_id!r} has no ChatKit conversation")
    return RequestContext(thread_id, token)


def thread_for_token(desk: Desk, thread_id: str, token: str | None) -> JSONResponse | None:
    """None when `token` opens `thread_id`; otherwise the refusal (401 without a token, 404 for any other thread,
    so whether a thread exists never leaks)."""
    if token is None:
        return error_response(401, "unauthorized", f"send the thread's client token (Authorization: Bearer or the "
                                                   f"{TOKEN_COOKIE} cookie)")
    with desk.uow() as uow:
        if uow.threads.opened_by(thread_id, token) is None:
            return error_response(404, "not_found", f"thread {thread_id!r} does not exist")
    return None


def calendar_response(desk: Desk, thread_id: str) -> Response:
    """The thread's confirmed booking as an `.ics` attachment; 409 while there is no confirmed booking."""
    try:
        body = desk.calendar_ics(thread_id)
    except DeskError as exc:
        return error_response(409, exc.code or "conflict", str(exc))
    return Response(body, media_type="text/calendar; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{CALENDAR_FILE}"', "Cache-Control": "no-store"})


def offer_pdf_response(desk: Desk, thread_id: str, version: str | None) -> Response:
    """The thread's offer version as the PDF stored when it was sent; 404 naming the versions otherwise."""
    if version is not None and not (version.isdigit() and 0 < int(version) <= 1000):
        return error_response(422, "invalid_input", "version must be an offer version number (1, 2, ...)")
    try:
        document = desk.offer_pdf(thread_id, int(version) if version else None)
    except DeskError as exc:
        return error_response(404 if isinstance(exc, LookupError) else 503, exc.code or "not_found", str(exc))
    return Response(document.content, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{document.filename}"', "Cache-Control": "private, no-store"})


def _unsupported(parsed: Any) -> str | None:
    if isinstance(parsed, UNSUPPORTED):
        return f"{parsed.type} is not supported by this desk"
    if isinstance(parsed, (ThreadsCreateReq, ThreadsAddUserMessageReq)) and parsed.params.input.attachments:
        return "attachments are not supported by this desk; write the details in the message"
    return None


def _unstorable(body: bytes) -> str | None:
    """Why the request's text cannot be stored (a NUL, a lone surrogate), checked before the ChatKit store saves
    the item: the same refusal as the REST API's."""
    problem = text_problem(json.loads(body))
    return f"the message {problem}" if problem is not None else None


async def _guarded(result: StreamingResult) -> AsyncIterator[bytes]:
    """The SSE bytes; a failure after the stream started ends it with an error event instead of a broken stream."""
    try:
        async for chunk in result:
            yield chunk
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("chatkit stream failed")
        yield STREAM_FAILED


def issue_token(response: Response, token: str, request: Request) -> None:
    """Hand a new thread's client token to the client: a response header and an HttpOnly, SameSite=Strict cookie
    (Secure over https), with the double-submit CSRF cookie its page echoes in a header (transports/csrf.py)."""
    response.headers[TOKEN_HEADER] = token
    secure = request.url.scheme == "https"
    response.set_cookie(TOKEN_COOKIE, token, max_age=COOKIE_MAX_AGE, httponly=True, samesite="strict",
                        secure=secure, path="/")
    response.set_cookie(CSRF_COOKIE, new_csrf_token(), max_age=COOKIE_MAX_AGE, httponly=False, samesite="strict",
                        secure=secure, path="/")


def build_chatkit_router(desk: Desk, *, server: VenueChatKitServer | None = None) -> APIRouter:
    """The ChatKit endpoint (mounted by the HTTP app at `POST /chatkit`) over the Desk of the request's venue
    (docs/tenancy.md), `desk` when the app serves one venue only; one ChatKit server per venue."""
    servers = {desk.venue_id: server or VenueChatKitServer(desk)}
    router = APIRouter(tags=["chatkit"])

    def venue_desk(request: Request) -> tuple[Desk, VenueChatKitServer]:
        chosen = desk_for(request) if hasattr(request.app.state, "venues") else desk
        chatkit = servers.get(chosen.venue_id)
        if chatkit is None:
            chatkit = servers.setdefault(chosen.venue_id, VenueChatKitServer(chosen))
        return chosen, chatkit

    @router.post("/chatkit", response_model=None)
    async def chatkit_endpoint(request: Request) -> Response:
        """One ChatKit request: SSE for streaming requests, JSON for the rest."""
        body = await request.body()
        try:
            parsed = REQUESTS.validate_json(body)
        except ValidationError as exc:
            first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid"}
            where = ".".join(str(part) for part in first["loc"]) or "body"
            return error_response(400, "invalid_request", f"not a ChatKit request: {where}: {first['msg']}")
        problem = _unsupported(parsed)
        if problem is not None:
            return error_response(400, "unsupported", problem)
        problem = _unstorable(body)
        if problem is not None:
            return error_response(400, "invalid_input", problem)
        refused = throttled(request)
        if refused is not None:
            return refused
        desk, chatkit = venue_desk(request)
        context = await asyncio.to_thread(authorise, desk, parsed, request_token(request),
                                          getattr(request.state, "client_ip_hash", None))
        if isinstance(context, JSONResponse):
            return count_refusal(request, context) if context.status_code == 403 else context
        try:
            result = await chatkit.process(body, context)
        except NotFoundError as exc:
            return error_response(404, "not_found", str(exc))
        except StateConflict as exc:  # threads.delete of a confirmed booking
            return error_response(409, exc.code or "conflict", str(exc))
        response: Response
        if isinstance(result, StreamingResult):
            response = StreamingResponse(_guarded(result), media_type="text/event-stream",
                                         headers={"Cache-Control": "no-cache"})
        else:
            response = Response(result.json, media_type="application/json")
        if context.created and context.client_token:
            issue_token(response, context.client_token, request)
        return response

    @router.get("/chatkit/threads/{thread_id}/calendar.ics", response_model=None)
    async def calendar(thread_id: str, request: Request) -> Response:
        """The `.ics` invite a ChatKit conversation links to, opened by its client token (bearer or cookie)."""
        desk, _ = venue_desk(request)
        refused = throttled(request) or await asyncio.to_thread(
            thread_for_token, desk, thread_id[:MAX_TOKEN_CHARS], request_token(request))
        if refused is not None:
            return count_refusal(request, refused) if refused.status_code != 429 else refused
        return await asyncio.to_thread(calendar_response, desk, thread_id)

    @router.get("/chatkit/threads/{thread_id}/offer.pdf", response_model=None)
    async def offer_pdf(thread_id: str, request: Request, version: str | None = None) -> Response:
        """The offer PDF a ChatKit conversation links to (`?version=N`), opened by its client token."""
        refused = throttled(request) or await asyncio.to_thread(
            thread_for_token, desk, thread_id[:MAX_TOKEN_CHARS], request_token(request))
        if refused is not None:
            return count_refusal(request, refused) if refused.status_code != 429 else refused
        return await asyncio.to_thread(offer_pdf_response, desk, thread_id, version)

    return router
