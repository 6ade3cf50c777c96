"""Bearer tokens: a client's thread token opens only its own threads (the one it was issued for and those the desk
opened for the same client's separate inquiries); the manager token opens the manager API."""

from __future__ import annotations

import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from venuedesk.transports.api.errors import ApiError
from venuedesk.transports.api.token_cache import TokenCache
from venuedesk.workflow.desk import Desk

MANAGER_TOKEN_FILE = "manager_token"
MAX_TOKEN_CHARS = 200
client_bearer = HTTPBearer(auto_error=False, scheme_name="ClientToken",
                           description="The thread's `client_token` from POST /api/threads.")
manager_bearer = HTTPBearer(auto_error=False, scheme_name="ManagerToken",
                            description="VENUEDESK_MANAGER_TOKEN, or the token in $VENUEDESK_HOME/manager_token.")
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


@dataclass(frozen=True)
class ManagerToken:
    """The manager token and where it came from (env, argument, or the file it was read from or written to)."""

    value: str
    path: Path | None = None
    created: bool = False


def load_or_create_manager_token(home: Path, *, announce: bool = True) -> ManagerToken:
    """Read `home/manager_token`, or create it once (0600, atomically) and print the new token on stderr."""
    path = home.expanduser() / MANAGER_TOKEN_FILE
    if path.exists():
        return ManagerToken(_read(path), path)
    path.parent.mkdir(parents=True, exist_ok=True)
    token = f"mgr_{secrets.token_urlsafe(32)}"
    scratch = path.with_name(f".{MANAGER_TOKEN_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
    try:
        os.link(scratch, path)
    except FileExistsError:
        return ManagerToken(_read(path), path)
    finally:
        scratch.unlink(missing_ok=True)
    if announce:
        print(f"venuedesk: new manager token (stored in {path}, mode 0600): {token}", file=sys.stderr, flush=True)
    return ManagerToken(token, path, created=True)


def _read(path: Path) -> str:
    token = path.read_text(encoding="utf-8").strip()
    if not token:
        raise RuntimeError(f"{path} is empty; delete it and restart to generate a new manager token")
    return token


def same_token(given: str, expected: str) -> bool:
    """Constant-time comparison that also accepts non-ASCII input."""
    return secrets.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _bearer(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or not credentials.credentials.strip():
        raise ApiError(401, "unauthorized", "send `Authorization: Bearer <token>`", headers=_CHALLENGE)
    if len(credentials.credentials) > MAX_TOKEN_CHARS:
        raise ApiError(401, "unauthorized", "the bearer token is not valid", headers=_CHALLENGE)
    return credentials.credentials


def _desk(request: Request) -> Desk:
    return request.app.state.desk


def _manager_value(request: Request) -> str:
    return request.app.state.manager_token.value


def _client_owns(request: Request, token: str, thread_id: str) -> bool | None:
    """Whether this client token opens `thread_id` (a thread holds the token of the client it belongs to: a
    separate inquiry's thread shares it); None when the token opens no thread at all. Confirmed pairs are cached
    per process."""
    cache: TokenCache = request.app.state.token_cache
    key = _pair(thread_id, token)
    if cache.get(key) is not None:
        return True
    with _desk(request).uow() as uow:
        row = uow.threads.get(thread_id)
        if row is not None and same_token(token, row.client_token):
            cache.put(key, thread_id)
            return True
    return False if _opens_a_thread(request, token) else None


def _opens_a_thread(request: Request, token: str) -> bool:
    """Whether this is any thread's client token."""
    with _desk(request).uow() as uow:
        row = uow.threads.by_token(token)
        return row is not None and same_token(token, row.client_token)


def remember_client(request: Request, thread_id: str, token: str) -> None:
    """Cache a thread's client token as soon as the thread is opened, so its first turn on this process need not
    read the thread to authenticate."""
    cache: TokenCache = request.app.state.token_cache
    cache.put(_pair(thread_id, token), thread_id)


def _pair(thread_id: str, token: str) -> str:
    return f"{thread_id}\x00{token}"


def require_manager(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(manager_bearer)]
) -> str:
    """401 without a valid token; 403 for a client's thread token; the manager id otherwise."""
    token = _bearer(credentials)
    if same_token(token, _manager_value(request)):
        return "manager"
    if _opens_a_thread(request, token):
        raise ApiError(403, "forbidden", "this endpoint needs the manager token, not a thread's client token")
    raise ApiError(401, "unauthorized", "the bearer token is not the manager token", headers=_CHALLENGE)


def is_manager(request: Request, token: str) -> bool:
    """Whether the bearer token is the manager's."""
    return same_token(token, _manager_value(request))


def authorize_thread(request: Request, token: str, thread_id: str, *, manager_may_read: bool) -> None:
    """A client token opens its own threads only: another thread, known or not, is 404 (existence never leaks)."""
    if manager_may_read and same_token(token, _manager_value(request)):
        return
    owns = _client_owns(request, token, thread_id)
    if owns is None:
        raise ApiError(401, "unauthorized", "the bearer token opens no thread; use the client_token that "
                       "POST /api/threads returned", headers=_CHALLENGE)
    if not owns:
        raise ApiError(404, "not_found", f"thread {thread_id!r} does not exist")


async def client_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(client_bearer)]
) -> str:
    """The bearer token of a client request (401 when missing); async, so it runs on the event loop."""
    return _bearer(credentials)
