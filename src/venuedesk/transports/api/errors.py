"""One error shape for every failure: `{"error": {"code", "message", "field"?}}`; never a 500 for client input."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from venuedesk.transports.access_log import redact_url
from venuedesk.transports.language import negotiate
from venuedesk.transports.api.schemas import ErrorResponse
from venuedesk.workflow.offer_documents import DocumentsUnavailable, NoOfferDocument
from venuedesk.workflow.errors import (
    DecisionError,
    DeskError,
    InputError,
    StateConflict,
    UnknownEvent,
    UnknownTask,
    UnknownThread,
)

log = logging.getLogger("venuedesk.api")
INTERNAL_ERROR_MESSAGE = (
    "Something went wrong on our side and the venue's team has been told; please try again in a moment."
)
_STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                 405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "payload_too_large",
                 415: "unsupported_media_type", 422: "invalid_input", 429: "rate_limited",
                 503: "not_ready"}


class ApiError(Exception):
    """An HTTP error with a code and a reason; raised by the API's own checks (auth, lookups)."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers


def error_response(status: int, code: str, message: str, field: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSONResponse in the error shape."""
    detail: dict[str, Any] = {"code": code, "message": message}
    if field is not None:
        detail["field"] = field
    return JSONResponse({"error": detail}, status_code=status, headers=headers)


def _desk_error(exc: DeskError) -> tuple[int, str]:
    if isinstance(exc, (UnknownThread, UnknownTask, UnknownEvent, NoOfferDocument)):
        return 404, "not_found"
    if isinstance(exc, DocumentsUnavailable):
        return 503, "unavailable"
    if isinstance(exc, (DecisionError, StateConflict)):
        return 409, "conflict"
    if isinstance(exc, InputError):
        return 422, "invalid_input"
    return 400, "bad_request"


def _validation_error(exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    if any(err.get("type") == "json_invalid" for err in errors):
        first = next(err for err in errors if err.get("type") == "json_invalid")
        reason = (first.get("ctx") or {}).get("error", "invalid JSON")
        return error_response(400, "malformed_json", f"the request body is not valid JSON: {reason}")
    err = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    loc = [str(part) for part in err.get("loc", ())]
    where = loc[0] if loc else "body"
    field = ".".join(loc[1:]) or where
    message = f"{field}: {err.get('msg', 'invalid')}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    if err.get("type") == "model_attributes_type" or (where == "body" and err.get("type") == "dict_type"):
        message = "the request body must be a JSON object sent as Content-Type: application/json"
    return error_response(422, "invalid_input", message, field)


def install_error_handlers(app: FastAPI) -> None:
    """Map API, Desk, validation and HTTP errors to the error shape; log genuine bugs as redacted JSON."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.field, exc.headers)

    @app.exception_handler(DeskError)
    async def _desk(request: Request, exc: DeskError) -> JSONResponse:
        status, code = _desk_error(exc)
        message = exc.message_in(negotiate(request.headers.get("accept-language")))
        return error_response(status, exc.code or code, message, exc.field)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation_error(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code
        if exc.status_code == 404:
            message = "no such endpoint; see /docs for the API"
        return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc, extra={"method": request.method,
                                                           "path": redact_url(request.url.path)})
        return error_response(500, "internal_error", INTERNAL_ERROR_MESSAGE)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the given error statuses, all in the error shape."""
    descriptions = {400: "Malformed JSON or request", 401: "Missing or unknown token", 403: "Not allowed",
                    404: "Unknown thread or task", 409: "Decision conflict", 413: "Request body too large", 415: "Unsupported media type",
                    422: "Invalid input (the message names the field)", 500: "A bug in the desk (logged)",
                    429: "Too many requests (Retry-After says when to try again; docs/abuse.md)", 503: "Not ready"}
    return {status: {"model": ErrorResponse, "description": descriptions[status]} for status in statuses}
